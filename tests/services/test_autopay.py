"""AutoPay: on and off with a chosen card, charged off-session on the due date, failures emailed once and
not retried, the office sees who has it."""

from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.db import session_scope
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import (
    AttemptSource,
    AttemptStatus,
    Invoice,
    InvoiceStatus,
    OutboxEmail,
    PaymentAttempt,
    PaymentSettings,
    SavedPaymentMethod,
)
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import autopay, payment_methods
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.services.test_pay_now import assert_money_matches

TODAY = local_day(utcnow(), "America/Phoenix")


@pytest.fixture
def autopayer(session, stripe):
    staff = make_staff(session)
    _, identity, _ = make_portal_customer(session, name="Auto Payer")
    card_id = save_card(session, stripe, identity)
    autopay.turn_on(session, customer=identity, card_id=card_id)
    session.commit()
    return identity, card_id, staff


def _run(session, today=TODAY):
    session.commit()
    return autopay.run_autopay(session_scope, today=today)


def _invoice(session, autopayer, due, amount="95.00"):
    identity, _, staff = autopayer
    return make_open_invoice(session, staff=staff, customer_id=identity.customer_id, amount=amount, due=due)


def test_turn_on_and_off_and_the_office_sees_it(session, stripe, autopayer):
    identity, card_id, _ = autopayer
    view = autopay.autopay_view(session, customer=identity)
    since = f"{TODAY:%b} {TODAY.day}, {TODAY.year}"  # "Dec 6, 2026", as a US company writes it
    assert (view.enabled, view.card_id, view.card_label, view.since) == (True, card_id, "Visa •••• 4242", since)
    assert autopay.staff_label(session, customer_id=identity.customer_id) == f"Visa •••• 4242 since {since}"
    assert [c.is_autopay for c in payment_methods.list_cards(session, customer=identity)] == [True]
    # Switching cards keeps one AutoPay card, on since it was first turned on.
    other = save_card(session, stripe, identity, "pm_card_mastercard")
    autopay.turn_on(session, customer=identity, card_id=other)
    session.commit()
    assert autopay.autopay_view(session, customer=identity).card_label == "Mastercard •••• 4444"
    assert len(session.exec(select(SavedPaymentMethod).where(SavedPaymentMethod.autopay_since.is_not(None))).all()) == 1
    autopay.turn_off(session, customer=identity)
    session.commit()
    assert not autopay.autopay_view(session, customer=identity).enabled
    assert autopay.staff_label(session, customer_id=identity.customer_id) == ""


def test_someone_elses_card_cannot_be_chosen(session, stripe, autopayer):
    _, card_id, _ = autopayer
    _, stranger, _ = make_portal_customer(session, name="Stranger")
    with pytest.raises(ServiceError, match="saved cards"):
        autopay.turn_on(session, customer=stranger, card_id=card_id)


def test_charges_on_the_due_date_off_session_and_only_once(session, stripe, autopayer):
    due_today = _invoice(session, autopayer, TODAY)
    due_tomorrow = _invoice(session, autopayer, TODAY + timedelta(days=1), amount="60.00")
    report = _run(session)
    assert (report.charged, report.failed) == (1, 0)
    session.commit()
    assert session.get(Invoice, due_today).status == InvoiceStatus.PAID
    assert session.get(Invoice, due_tomorrow).status == InvoiceStatus.OPEN
    (create,) = [r["form"] for r in stripe.requests if r["path"] == "/v1/payment_intents"]
    assert create["off_session"] == "true" and "return_url" not in create
    assert _run(session).charged == 0  # nothing new today
    assert _run(session, TODAY + timedelta(days=1)).charged == 1
    session.commit()
    attempts = session.exec(select(PaymentAttempt)).all()
    assert {(a.source, a.started_by) for a in attempts} == {(AttemptSource.AUTOPAY, "AutoPay")}
    assert len(session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()) == 2
    assert_money_matches(session, stripe)


def test_waits_the_days_the_office_set(session, stripe, autopayer):
    row = session.exec(select(PaymentSettings)).one()
    row.autopay_days_after_due = 3
    session.add(row)
    invoice_id = _invoice(session, autopayer, TODAY)
    assert _run(session, TODAY + timedelta(days=2)).charged == 0
    assert _run(session, TODAY + timedelta(days=3)).charged == 1
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID


def test_invoices_due_before_autopay_was_on_are_left_alone(session, stripe, autopayer):
    _invoice(session, autopayer, TODAY - timedelta(days=10))
    assert _run(session).charged == 0
    assert stripe.payment_intents == {}


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        ("pm_card_chargeDeclined", "Your card was declined."),
        ("pm_card_authenticationRequired", "This payment requires the customer to authenticate."),
    ],
)
def test_a_failure_emails_a_link_and_is_not_retried(session, stripe, autopayer, card, reason):
    identity, _, _ = autopayer
    bad = save_card(session, stripe, identity, card)
    autopay.turn_on(session, customer=identity, card_id=bad)
    invoice_id = _invoice(session, autopayer, TODAY)
    report = _run(session)
    assert (report.charged, report.failed) == (0, 1)
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert (attempt.status, attempt.failure_message) == (AttemptStatus.FAILED, reason)
    (notice,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_failed")).all()
    assert reason in notice.text_body
    assert f"http://localhost:3000/bluewater/pay?invoice={invoice_id}" in notice.text_body
    assert _run(session).failed == 0  # not blindly retried
    assert _run(session, TODAY + timedelta(days=5)).failed == 0
    assert len(stripe.payment_intents) == 1
    assert_money_matches(session, stripe)


def test_removing_the_autopay_card_turns_autopay_off(session, stripe, autopayer):
    identity, card_id, _ = autopayer
    payment_methods.remove_card(session, customer=identity, card_id=card_id)
    session.commit()
    assert not autopay.autopay_view(session, customer=identity).enabled
    _invoice(session, autopayer, TODAY)
    assert _run(session).charged == 0


def test_no_stripe_no_autopay(session, stripe, autopayer):
    _invoice(session, autopayer, TODAY)
    session.delete(session.exec(select(PaymentSettings)).one())
    assert _run(session).charged == 0
    assert stripe.payment_intents == {}


def test_run_jobs_charges_autopay_and_sends_the_receipt(session, stripe, autopayer, capsys):
    from customer_portal import cli

    invoice_id = _invoice(session, autopayer, TODAY)
    session.commit()
    cli.main(["run-jobs"])
    printed = capsys.readouterr().out
    assert "autopay: AutopayReport(charged=1, failed=0" in printed and "reconciler: ReconcileReport(" in printed
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    receipt = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).one()
    assert receipt.status.value == "sent"  # the same run delivered what AutoPay queued
    session.commit()
    cli.main(["run-jobs"])
    assert "autopay: AutopayReport(charged=0, failed=0" in capsys.readouterr().out
