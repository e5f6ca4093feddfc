"""Pay Now with a card or bank account not saved yet: Checkout (setup mode) at the fake Stripe, then one
PaymentIntent and one payment per chosen invoice, once however often the return page loads; the method is kept
only when the customer asked, and otherwise detached from Stripe once its payments are answered."""

from __future__ import annotations

import pytest
from sqlmodel import select

from customer_portal.db import session_scope
from customer_portal.models import (
    CheckoutPayment,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentChannel,
    SavedPaymentMethod,
)
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import autopay, pay_now, pay_with_new_method, payment_methods
from tests.factories import make_open_invoice, make_portal_customer, make_staff
from tests.services.test_pay_now import assert_money_matches
from tests.services.test_stripe_webhooks import _events, _send


@pytest.fixture
def owing(session, stripe):
    """A portal customer with no saved method and three open invoices ($120, $80, $45)."""
    staff = make_staff(session)
    customer, identity, _ = make_portal_customer(session, name="Noel Newcard")
    invoice_ids = [
        make_open_invoice(session, staff=staff, customer_id=customer.id, amount=amount)
        for amount in ("120.00", "80.00", "45.00")
    ]
    return identity, invoice_ids


def _through_checkout(session, stripe, identity, invoice_ids, method="pm_card_visa", *, keep=False, amount=None):
    url = pay_with_new_method.start(
        session,
        customer=identity,
        invoice_ids=invoice_ids,
        keep_method=keep,
        portal_slug="bluewater",
        amount_cents=amount,
    )
    session.commit()
    checkout_id = url.rsplit("/", 1)[1]
    back = stripe.complete_checkout(checkout_id, method)
    assert back.endswith(f"/bluewater/pay/new-method?session_id={checkout_id}")
    return checkout_id


def _finish(session, identity, checkout_id):
    session.commit()
    return pay_with_new_method.finish(
        session_scope, customer=identity, checkout_session_id=checkout_id, portal_slug="bluewater"
    )


def test_two_invoices_paid_with_a_new_card_not_kept(session, stripe, owing):
    identity, (first, second, third) = owing
    checkout_id = _through_checkout(session, stripe, identity, [first, second])
    paid = _finish(session, identity, checkout_id)
    assert [(o.invoice_id, o.result) for o in paid.outcomes] == [(first, "paid"), (second, "paid")]
    assert (paid.method, paid.kept) == ("Visa •••• 4242", False)
    session.commit()
    assert len(stripe.succeeded_intents()) == 2  # one PaymentIntent per invoice
    assert [session.get(Invoice, i).status for i in (first, second, third)] == [
        InvoiceStatus.PAID,
        InvoiceStatus.PAID,
        InvoiceStatus.OPEN,
    ]
    # Not kept: gone here and detached at Stripe, so neither a later page nor a late webhook brings it back.
    assert session.exec(select(SavedPaymentMethod)).all() == []
    assert all(method["customer"] is None for method in stripe.payment_methods.values())
    _send(session, _events(stripe, "checkout.session.completed")[0])
    session.commit()
    assert session.exec(select(SavedPaymentMethod)).all() == []
    assert payment_methods.list_cards(session, customer=identity) == []

    again = _finish(session, identity, checkout_id)  # the return page reloaded
    assert [o.result for o in again.outcomes] == ["paid", "paid"] and len(stripe.succeeded_intents()) == 2
    assert_money_matches(session, stripe)


def test_a_new_card_kept_for_next_time_becomes_the_default(session, stripe, owing):
    identity, (first, _, third) = owing
    paid = _finish(
        session, identity, _through_checkout(session, stripe, identity, [first], "pm_card_mastercard", keep=True)
    )
    assert (paid.outcomes[0].result, paid.method, paid.kept) == ("paid", "Mastercard •••• 4444", True)
    (card,) = payment_methods.list_cards(session, customer=identity)
    assert (card.label, card.is_default) == ("Mastercard •••• 4444", True)
    autopay.turn_on(session, customer=identity, card_id=card.id)  # and it may carry AutoPay
    session.commit()
    (later,) = pay_now.pay_invoices(
        session_scope, customer=identity, invoice_ids=[third], card_id=card.id, portal_slug="bluewater"
    )
    assert later.result == "paid"
    assert_money_matches(session, stripe)


def test_a_new_bank_account_pays_in_days_and_is_dropped_once_the_debit_is_answered(session, stripe, owing):
    identity, (first, _, _) = owing
    paid = _finish(session, identity, _through_checkout(session, stripe, identity, [first], "pm_usBankAccount_success"))
    assert (paid.outcomes[0].result, paid.method) == ("processing", "Stripe Test Bank account •••• 6789")
    session.commit()
    (account,) = session.exec(select(SavedPaymentMethod)).all()  # its debit is still clearing: kept until then
    assert account.kept is False and payment_methods.list_cards(session, customer=identity) == []
    session.commit()  # end the test's read: on SQLite it holds the lock the job needs
    assert payment_methods.drop_used_once(session_scope).dropped == 0
    (intent_id,) = stripe.payment_intents
    stripe.settle(intent_id)
    _send(session, _events(stripe, "payment_intent.succeeded")[0])
    session.commit()
    assert payment_methods.drop_used_once(session_scope).dropped == 1  # the job loop's next round
    session.commit()
    assert session.exec(select(SavedPaymentMethod)).all() == []
    assert session.exec(select(Payment.channel)).one() == PaymentChannel.BANK
    assert_money_matches(session, stripe)


def test_a_method_used_once_cannot_be_chosen_again(session, stripe, owing):
    identity, (first, second, _) = owing
    stripe.hold_processing = True  # the card payment stays open, so the method is still here
    _finish(session, identity, _through_checkout(session, stripe, identity, [first]))
    session.commit()
    (unkept,) = session.exec(select(SavedPaymentMethod.id)).all()
    session.commit()
    with pytest.raises(ServiceError, match="Choose one of your saved cards"):
        pay_now.pay_invoices(session_scope, customer=identity, invoice_ids=[second], card_id=unkept, portal_slug="x")
    with pytest.raises(ServiceError, match="saved cards for AutoPay"):
        autopay.turn_on(session, customer=identity, card_id=unkept)


def test_another_customers_checkout_or_a_made_up_one_pays_nothing(session, stripe, owing):
    identity, (first, _, _) = owing
    checkout_id = _through_checkout(session, stripe, identity, [first])
    _, other, _ = make_portal_customer(session, name="Olive Other")
    for customer, session_id in ((other, checkout_id), (identity, "cs_test_made_up")):
        with pytest.raises(ServiceError, match="not available"):
            _finish(session, customer, session_id)
    assert stripe.payment_intents == {}
    assert session.exec(select(CheckoutPayment.used_at)).one() is None


def test_nothing_entered_or_a_bank_waiting_for_micro_deposits_charges_nothing(session, stripe, owing):
    identity, (first, _, _) = owing
    url = pay_with_new_method.start(session, customer=identity, invoice_ids=[first], keep_method=False, portal_slug="b")
    session.commit()
    unfinished = _finish(session, identity, url.rsplit("/", 1)[1])  # came back without entering anything
    assert unfinished.outcomes == [] and "nothing was charged" in unfinished.problem
    waiting = _finish(
        session, identity, _through_checkout(session, stripe, identity, [first], "pm_usBankAccount_microdeposits")
    )
    assert waiting.outcomes == [] and "two small deposits" in waiting.problem
    assert stripe.payment_intents == {}


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("paid", "no longer owed"),
        ("someone else's", "no longer owed"),
        ("none", "Choose at least one invoice"),
    ],
)
def test_invoices_that_cannot_be_paid_are_refused_before_stripe(session, stripe, owing, choice, message):
    identity, (first, _, _) = owing
    invoice_ids = {"paid": [first], "none": [], "someone else's": [first]}[choice]
    customer = identity
    if choice == "paid":  # paid another way meanwhile (a check at the door)
        invoice = session.get(Invoice, first)
        invoice.amount_paid_cents, invoice.status = invoice.total_cents, InvoiceStatus.PAID
        session.add(invoice)
    if choice == "someone else's":
        _, customer, _ = make_portal_customer(session, name="Olive Other")
    with pytest.raises(ServiceError, match=message):
        pay_with_new_method.start(
            session, customer=customer, invoice_ids=invoice_ids, keep_method=False, portal_slug="bluewater"
        )
    assert stripe.sessions == {}


def test_two_tabs_coming_back_at_once_pay_once(session, stripe, owing):
    from tests.services.test_payment_faults import _race

    identity, (first, second, _) = owing
    checkout_id = _through_checkout(session, stripe, identity, [first, second])
    session.commit()
    results: list[list[str]] = []
    _race(*[lambda: results.append([o.result for o in _finish_quietly(identity, checkout_id)])] * 2)
    assert sorted(len(r) for r in results) in ([0, 2], [2, 2])  # the second tab sees the first's results, or none yet
    session.commit()
    assert len(stripe.succeeded_intents()) == 2
    assert len(session.exec(select(Payment)).all()) == 2
    assert_money_matches(session, stripe)


def _finish_quietly(identity, checkout_id):
    return pay_with_new_method.finish(
        session_scope, customer=identity, checkout_session_id=checkout_id, portal_slug="bluewater"
    ).outcomes
