"""Paying by bank account (ACH Direct Debit) against the fake Stripe with the real SDK: an account saved through
Checkout with its mandate (verified at once, or by micro-deposits days later), a debit that stays "processing"
for days and shows so to the customer and the office, cannot be paid twice meanwhile, becomes a bank payment with
a receipt when it clears, and when the bank returns it, leaves the invoice owed and tells the customer. Exactly
once whatever order the webhooks come in, with lost replies and races, on both databases."""

from __future__ import annotations

import pytest
from sqlmodel import select

from customer_portal.db import session_scope
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import (
    AttemptStatus,
    Invoice,
    InvoiceStatus,
    MethodKind,
    OutboxEmail,
    Payment,
    PaymentAttempt,
    PaymentChannel,
    SavedPaymentMethod,
)
from customer_portal.services.billing import invoice_actions, invoices
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import autopay, pay_now, payment_methods
from customer_portal.services.portal import portal_invoices, portal_payments
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.services.test_pay_now import _pay, assert_money_matches
from tests.services.test_payment_faults import _race, _reconcile_now
from tests.services.test_stripe_webhooks import _events, _send

BANK = "pm_usBankAccount_success"


@pytest.fixture
def bank_payer(session, stripe):
    """A portal customer with a saved, instantly verified bank account and two open invoices."""
    staff = make_staff(session)
    customer, identity, _ = make_portal_customer(session, name="Ada Bank")
    account_id = save_card(session, stripe, identity, BANK)
    invoice_ids = [
        make_open_invoice(session, staff=staff, customer_id=customer.id, amount=a) for a in ("95.00", "40.00")
    ]
    return identity, account_id, invoice_ids, staff


def _intent_of(session, invoice_id) -> str:
    session.commit()
    return session.exec(
        select(PaymentAttempt.processor_intent_id).where(PaymentAttempt.invoice_id == invoice_id)
    ).first()


def _deliver_all(session, stripe, *types):
    for event_type in types:
        for event in _events(stripe, event_type):
            assert _send(session, event).status == 200


def test_a_bank_account_is_saved_with_its_mandate(session, stripe, bank_payer):
    identity, account_id, _, _ = bank_payer
    account = session.get(SavedPaymentMethod, account_id)
    assert (account.kind, account.last4, account.exp_month, account.is_default) == (
        MethodKind.BANK_ACCOUNT,
        "6789",
        None,
        True,
    )
    assert account.mandate_id.startswith("mandate_")
    (shown,) = payment_methods.list_cards(session, customer=identity)
    assert (shown.label, shown.expires, shown.is_bank) == ("Stripe Test Bank account •••• 6789", "", True)


def test_a_bank_payment_processes_for_days_then_clears_as_a_bank_payment(session, stripe, bank_payer):
    identity, account_id, (first, second), _ = bank_payer
    (outcome,) = _pay(session, identity, [first], account_id)
    assert (outcome.result, outcome.message) == (
        "processing",
        "Bank payments take up to four business days; we email your receipt when it clears.",
    )
    assert stripe.payment_intents[_intent_of(session, first)]["status"] == "processing"
    (create,) = [r for r in stripe.requests if r["method"] == "POST" and r["path"] == "/v1/payment_intents"]
    assert create["form"]["mandate"] == session.get(SavedPaymentMethod, account_id).mandate_id
    assert "off_session" not in create["form"]  # the customer is here, paying

    # Meanwhile the customer and the office see it being paid, and nobody can pay it again.
    assert invoices.get_invoice(session, invoice_id=first).status == "payment_processing"
    page = portal_invoices.list_invoices(session, customer=identity).page
    assert {row.id: row.status for row in page.rows} == {first: "payment_processing", second: "open"}
    view = pay_now.pay_now_view(session, customer=identity)
    assert {invoice.id: invoice.in_progress for invoice in view.invoices} == {first: True, second: False}
    (again,) = _pay(session, identity, [first], account_id)
    assert again.result == "refused"
    session.commit()
    with pytest.raises(ServiceError, match="bank payment takes up to four business days"):
        invoice_actions.void_invoice(session, staff=bank_payer[3], invoice_id=first)
    session.rollback()
    assert session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all() == []

    stripe.settle(_intent_of(session, first))
    _deliver_all(session, stripe, "payment_intent.succeeded", "payment_intent.processing")  # any order
    session.commit()
    payment = session.exec(select(Payment)).one()
    assert (payment.channel, payment.card_last4, payment.amount_cents) == (PaymentChannel.BANK, "6789", 9500)
    assert session.get(Invoice, first).status == InvoiceStatus.PAID
    assert invoices.get_invoice(session, invoice_id=first).status == "paid"
    (row,) = portal_payments.list_payments(session, customer=identity).rows
    assert row.method == "Stripe Test Bank account •••• 6789"
    (receipt,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()
    assert receipt.to_address == identity.email
    _deliver_all(session, stripe, "payment_intent.succeeded")  # a repeated delivery changes nothing
    assert len(session.exec(select(Payment)).all()) == 1
    assert_money_matches(session, stripe)


def test_a_returned_bank_payment_leaves_the_invoice_owed_and_tells_the_customer(session, stripe, bank_payer):
    identity, account_id, (first, _), _ = bank_payer
    _pay(session, identity, [first], account_id)
    stripe.settle(_intent_of(session, first), succeed=False)
    _deliver_all(session, stripe, "payment_intent.payment_failed", "payment_intent.processing")
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert (attempt.status, attempt.failure_message) == (AttemptStatus.FAILED, "The bank returned the payment.")
    assert invoices.get_invoice(session, invoice_id=first).status == "open"
    (notice,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_failed")).all()
    assert notice.to_address == identity.email
    assert (
        "Stripe Test Bank account •••• 6789" in notice.text_body
        and "The bank returned the payment." in notice.text_body
    )
    assert f"/bluewater/pay?invoice={first}" in notice.text_body  # a link to pay it another way
    _deliver_all(session, stripe, "payment_intent.payment_failed")  # again: no second email
    assert len(session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_failed")).all()) == 1
    (retry,) = _pay(session, identity, [first], account_id)  # owed again, so payable again
    assert retry.result == "processing"
    assert session.exec(select(Payment)).all() == []
    assert_money_matches(session, stripe)


def test_a_debit_without_its_mandate_is_refused_and_charges_nothing(session, stripe, bank_payer):
    identity, account_id, (first, _), _ = bank_payer
    account = session.get(SavedPaymentMethod, account_id)
    account.mandate_id = ""
    session.add(account)
    (outcome,) = _pay(session, identity, [first], account_id)
    assert outcome.result == "declined" and "mandate" in outcome.message
    session.commit()
    assert session.exec(select(PaymentAttempt.status)).one() == AttemptStatus.FAILED
    assert stripe.payment_intents == {}


def test_a_bank_account_verified_by_micro_deposits_arrives_by_webhook(session, stripe):
    _, identity, _ = make_portal_customer(session, name="Manual Entry")
    url = payment_methods.start_adding_card(session, customer=identity, portal_slug="bluewater")
    session.commit()
    checkout_id = url.rsplit("/", 1)[1]
    stripe.complete_checkout(checkout_id, "pm_usBankAccount_microdeposits")
    with pytest.raises(ServiceError, match="two small deposits"):
        payment_methods.finish_adding_card(session, customer=identity, checkout_session_id=checkout_id)
    _deliver_all(session, stripe, "checkout.session.completed")  # nothing to keep yet
    session.commit()
    assert session.exec(select(SavedPaymentMethod)).all() == []

    setup_intent = stripe.sessions[checkout_id]["setup_intent"]
    assert _send(session, stripe.verify_microdeposits(setup_intent)).status == 200
    session.commit()
    account = session.exec(select(SavedPaymentMethod)).one()
    assert (account.kind, account.last4, bool(account.mandate_id)) == (MethodKind.BANK_ACCOUNT, "1116", True)


def test_a_lost_reply_is_found_processing_by_the_reconciler_then_cleared_by_the_webhook(session, stripe, bank_payer):
    identity, account_id, (first, _), _ = bank_payer
    stripe.inject("lost_reply", times=3)
    (outcome,) = _pay(session, identity, [first], account_id)
    assert outcome.result == "unknown"
    report = _reconcile_now(session)
    assert report.checked == 1
    session.commit()
    assert session.exec(select(PaymentAttempt.status)).one() == AttemptStatus.PROCESSING
    assert invoices.get_invoice(session, invoice_id=first).status == "payment_processing"
    (intent_id,) = stripe.payment_intents
    stripe.settle(intent_id)
    _deliver_all(session, stripe, "payment_intent.succeeded")
    session.commit()
    assert session.get(Invoice, first).status == InvoiceStatus.PAID
    assert_money_matches(session, stripe)


def test_autopay_debits_a_bank_account_once_even_racing_pay_now(session, stripe, bank_payer):
    identity, account_id, _, staff = bank_payer
    autopay.turn_on(session, customer=identity, card_id=account_id)
    session.commit()
    today = local_day(utcnow(), "America/Phoenix")
    for _ in range(20):
        invoice_id = make_open_invoice(
            session, staff=staff, customer_id=identity.customer_id, amount="60.00", due=today
        )
        session.commit()
        _race(
            lambda: autopay.run_autopay(session_scope, today=today),
            lambda invoice_id=invoice_id: pay_now.pay_invoices(
                session_scope, customer=identity, invoice_ids=[invoice_id], card_id=account_id, portal_slug="bluewater"
            ),
        )
        session.commit()
        attempts = session.exec(select(PaymentAttempt).where(PaymentAttempt.invoice_id == invoice_id)).all()
        assert [attempt.status for attempt in attempts] == [AttemptStatus.PROCESSING]
    debits = [intent for intent in stripe.payment_intents.values() if intent["metadata"].get("invoice_id")]
    assert len(debits) == 20 and all(intent["status"] == "processing" for intent in debits)
    for intent in debits:
        stripe.settle(intent["id"])
    _deliver_all(session, stripe, "payment_intent.succeeded")
    session.commit()
    assert len(session.exec(select(Payment).where(Payment.channel == PaymentChannel.BANK)).all()) == 20
    assert_money_matches(session, stripe)
