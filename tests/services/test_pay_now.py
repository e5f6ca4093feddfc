"""Pay Now against the fake Stripe with the real SDK: one PaymentIntent and one payment per invoice,
per-invoice results, declines, 3-D Secure, and who may pay what."""

from dataclasses import replace

import pytest
from sqlmodel import select

from customer_portal.db import session_scope
from customer_portal.models import (
    AttemptStatus,
    Invoice,
    InvoiceStatus,
    OutboxEmail,
    Payment,
    PaymentAttempt,
    PaymentSettings,
    PortalSettings,
)
from customer_portal.services.errors import NotAuthorized, ServiceError
from customer_portal.services.payments import pay_now
from tests.factories import make_open_invoice, make_portal_customer, make_staff, next_event_identity, save_card


@pytest.fixture
def payer(session, stripe):
    """A portal customer with a saved Visa and three open invoices ($120, $80, $45)."""
    staff = make_staff(session)
    customer, identity, _ = make_portal_customer(session, name="Dana Payer")
    card_id = save_card(session, stripe, identity)
    invoices = [
        make_open_invoice(session, staff=staff, customer_id=customer.id, amount=amount)
        for amount in ("120.00", "80.00", "45.00")
    ]
    return identity, card_id, invoices, staff


def _pay(session, identity, invoice_ids, card_id):
    session.commit()  # the test's own read transaction must not hold SQLite's lock while the service writes
    return pay_now.pay_invoices(
        session_scope, customer=identity, invoice_ids=invoice_ids, card_id=card_id, portal_slug="bluewater"
    )


def assert_money_matches(session, stripe):
    """The invariant every payment test ends with: Stripe's charges are exactly our card payments, and no
    invoice was charged more than its total (a whole balance charged twice would be; parts add up to at most
    the total), nor took more than its total."""
    session.commit()  # end this session's read transaction: see what other connections committed
    charged = {intent["id"]: intent["amount_received"] for intent in stripe.succeeded_intents()}
    recorded = {p.processor_reference: p.amount_cents for p in session.exec(select(Payment)) if p.processor_reference}
    assert charged == recorded
    per_invoice: dict[int, int] = {}
    for intent in stripe.succeeded_intents():
        invoice_id = int(intent["metadata"]["invoice_id"])
        per_invoice[invoice_id] = per_invoice.get(invoice_id, 0) + intent["amount_received"]
    for invoice in session.exec(select(Invoice)):
        assert per_invoice.get(invoice.id, 0) <= invoice.total_cents, (invoice.number, per_invoice)
        assert invoice.amount_paid_cents <= invoice.total_cents


def test_two_invoices_two_intents_two_payments_two_receipts(session, stripe, payer):
    identity, card_id, (first, second, third), _ = payer
    outcomes = _pay(session, identity, [second, first], card_id)
    assert [(o.invoice_id, o.result, o.amount) for o in outcomes] == [
        (second, "paid", "$80.00"),
        (first, "paid", "$120.00"),
    ]
    session.commit()
    payments = session.exec(select(Payment).order_by(Payment.amount_cents)).all()
    assert [(p.invoice_id, p.amount_cents, p.card_last4) for p in payments] == [
        (second, 8000, "4242"),
        (first, 12000, "4242"),
    ]
    assert {o.payment_id for o in outcomes} == {p.id for p in payments}
    assert [session.get(Invoice, i).status for i in (first, second, third)] == [
        InvoiceStatus.PAID,
        InvoiceStatus.PAID,
        InvoiceStatus.OPEN,
    ]
    receipts = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()
    assert len(receipts) == 2 and all("Visa •••• 4242" in r.text_body for r in receipts)
    assert any("$80.00" in r.subject for r in receipts)
    # One intent per invoice, created with the attempt's key (also kept in the intent's metadata).
    creates = [r for r in stripe.requests if r["path"] == "/v1/payment_intents" and r["method"] == "POST"]
    attempts = session.exec(select(PaymentAttempt)).all()
    assert sorted(r["idempotency_key"] for r in creates) == sorted(a.idempotency_key for a in attempts)
    assert all(r["form"]["metadata[portal_attempt]"] == r["idempotency_key"] for r in creates)
    assert_money_matches(session, stripe)


def test_pay_now_lists_what_is_owed_and_what_is_busy(session, stripe, payer):
    identity, card_id, (first, second, third), _ = payer
    view = pay_now.pay_now_view(session, customer=identity)
    assert [(i.id, i.balance, i.in_progress) for i in view.invoices] == [
        (first, "$120.00", False),
        (second, "$80.00", False),
        (third, "$45.00", False),
    ]
    assert [c.id for c in view.cards] == [card_id]
    session.commit()
    stripe.inject("429")  # no answer for the first invoice: it stays claimed until the reconciler knows
    (outcome,) = _pay(session, identity, [first], card_id)
    assert outcome.result == "unknown" and "not be charged twice" in outcome.message
    session.commit()
    view = pay_now.pay_now_view(session, customer=identity)
    assert (view.invoices[0].id, view.invoices[0].in_progress) == (first, True)
    session.commit()
    (again,) = _pay(session, identity, [first], card_id)
    assert (again.result, again.message) == ("refused", "A payment for this invoice is already in progress.")
    assert_money_matches(session, stripe)


def test_one_declined_while_the_others_succeed(session, stripe, payer):
    identity, card_id, (first, second, third), _ = payer
    stripe.decline_amounts.add(8000)
    outcomes = _pay(session, identity, [first, second, third], card_id)
    assert [(o.result, o.message) for o in outcomes] == [
        ("paid", "Paid."),
        ("declined", "Your card was declined."),
        ("paid", "Paid."),
    ]
    session.commit()
    assert session.get(Invoice, second).status == InvoiceStatus.OPEN
    failed = session.exec(select(PaymentAttempt).where(PaymentAttempt.invoice_id == second)).one()
    assert failed.status == AttemptStatus.FAILED
    # A decline is final for that attempt; paying again is a new attempt with a new key.
    stripe.decline_amounts.clear()
    (retry,) = _pay(session, identity, [second], card_id)
    assert retry.result == "paid"
    keys = session.exec(select(PaymentAttempt.idempotency_key).where(PaymentAttempt.invoice_id == second)).all()
    assert len(set(keys)) == 2
    # No failure email: the customer saw the result on the page.
    assert session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_failed")).all() == []
    assert_money_matches(session, stripe)


def test_a_declining_card(session, stripe, payer):
    identity, _, (first, *_), _ = payer
    bad_card = save_card(session, stripe, identity, "pm_card_chargeDeclined")
    (outcome,) = _pay(session, identity, [first], bad_card)
    assert (outcome.result, outcome.message) == ("declined", "Your card was declined.")
    assert_money_matches(session, stripe)


def test_three_d_secure_redirect_and_return(session, stripe, payer):
    identity, _, (first, second, _), _ = payer
    card = save_card(session, stripe, identity, "pm_card_authenticationRequired")
    outcomes = _pay(session, identity, [first, second], card)
    assert [o.result for o in outcomes] == ["needs_action", "needs_action"]
    assert all(o.action_url.startswith(f"{stripe.url}/3ds/pi_") for o in outcomes)
    creates = [r["form"] for r in stripe.requests if r["path"] == "/v1/payment_intents"]
    assert all(form["return_url"] == "http://localhost:3000/bluewater/pay/return" for form in creates)
    approved_id = outcomes[0].action_url.rsplit("/", 1)[1]
    back = stripe.authenticate(approved_id, approve=True)
    assert back.startswith("http://localhost:3000/bluewater/pay/return?payment_intent=" + approved_id)
    session.commit()
    assert pay_now.finish_authentication(session_scope, customer=identity, intent_id=approved_id).result == "paid"
    # Coming back twice (a reload) records nothing twice.
    session.commit()
    assert pay_now.finish_authentication(session_scope, customer=identity, intent_id=approved_id).result == "paid"
    refused_id = outcomes[1].action_url.rsplit("/", 1)[1]
    stripe.authenticate(refused_id, approve=False)
    finished = pay_now.finish_authentication(session_scope, customer=identity, intent_id=refused_id)
    assert (finished.result, finished.message) == ("declined", "The bank refused the payment.")
    session.commit()
    assert session.get(Invoice, first).status == InvoiceStatus.PAID
    assert session.get(Invoice, second).status == InvoiceStatus.OPEN
    assert_money_matches(session, stripe)


def test_a_second_submit_charges_nothing(session, stripe, payer):
    identity, card_id, (first, *_), _ = payer
    assert _pay(session, identity, [first], card_id)[0].result == "paid"
    (again,) = _pay(session, identity, [first, first], card_id)  # a double click, and the same id twice
    assert (again.result, again.message) == ("refused", "This invoice is already paid.")
    assert len(stripe.succeeded_intents()) == 1
    assert_money_matches(session, stripe)


def test_only_the_customers_own_invoices_and_cards(session, stripe, payer):
    identity, card_id, (first, *_), staff = payer
    other, other_identity, _ = make_portal_customer(session, name="Other Person")
    other_invoice = make_open_invoice(session, staff=staff, customer_id=other.id, amount="99.00")
    (outcome,) = _pay(session, identity, [other_invoice], card_id)
    assert (outcome.result, outcome.invoice_number, outcome.message) == (
        "refused",
        "",
        "That invoice is not available.",
    )
    with pytest.raises(ServiceError, match="saved cards"):
        _pay(session, other_identity, [other_invoice], card_id)  # someone else's card
    with pytest.raises(ServiceError, match="at least one"):
        _pay(session, identity, [], card_id)
    with pytest.raises(ServiceError, match="read-only"):  # a staff member viewing as the customer cannot pay
        _pay(session, replace(identity, read_only=True, login_id=0), [first], card_id)
    assert stripe.succeeded_intents() == []


def test_pay_now_needs_stripe_and_the_invoices_section(session, stripe, payer):
    identity, card_id, (first, *_), _ = payer
    portal = session.exec(select(PortalSettings)).one()
    portal.include_invoices = False
    session.add(portal)
    session.commit()
    identity = next_event_identity(session, identity)
    with pytest.raises(NotAuthorized):
        pay_now.pay_now_view(session, customer=identity)
    with pytest.raises(NotAuthorized):
        _pay(session, identity, [first], card_id)
    portal.include_invoices = True
    session.add(portal)
    session.delete(session.exec(select(PaymentSettings)).one())
    session.commit()
    with pytest.raises(NotAuthorized):
        _pay(session, next_event_identity(session, identity), [first], card_id)
    assert stripe.succeeded_intents() == []


def test_thirty_invoices_at_once_stay_within_stripes_rate_limit(session, stripe, payer):
    """Stripe's test mode refuses more than 25 requests a second with a 429 that the SDK does not retry; a
    refused charge would wait for the reconciler. Pay Now sends them together, paced, and all are paid."""
    identity, card_id, _, staff = payer
    many = [
        make_open_invoice(session, staff=staff, customer_id=identity.customer_id, amount=f"{10 + n}.00")
        for n in range(30)
    ]
    stripe.requests_per_second = 25
    outcomes = _pay(session, identity, many, card_id)
    assert [outcome.result for outcome in outcomes] == ["paid"] * 30
    assert stripe.rate_limited == 0
    assert_money_matches(session, stripe)
