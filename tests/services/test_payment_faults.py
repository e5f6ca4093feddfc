"""Exactly once, whatever fails: injected faults at the fake Stripe, a crash between Stripe's charge and our
record, the reconciler, idempotent replays, and races (100 trials each) on SQLite and PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.adapters.payments import ChargeOutcomeUnknown, ChargeRequest
from customer_portal.db import session_scope
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import (
    AttemptSource,
    AttemptStatus,
    Invoice,
    InvoiceStatus,
    OutboxEmail,
    PaymentAttempt,
    SavedPaymentMethod,
)
from customer_portal.services.billing import invoice_actions
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import autopay, card_payments, pay_now, reconciler
from customer_portal.services.payments.card_payments import Claim
from customer_portal.services.payments.payment_settings import gateway
from customer_portal.settings import settings
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.services.test_pay_now import _pay, assert_money_matches

RACE_TRIALS = 100


@pytest.fixture
def payer(session, stripe):
    staff = make_staff(session)
    _, identity, _ = make_portal_customer(session, name="Fault Tester")
    card_id = save_card(session, stripe, identity)
    return identity, card_id, staff


def _invoice(session, payer, amount="120.00", due=None):
    identity, _, staff = payer
    return make_open_invoice(session, staff=staff, customer_id=identity.customer_id, amount=amount, due=due)


def _reconcile_now(session):
    session.commit()
    return reconciler.reconcile(session_scope, settle_after=timedelta(0))


@pytest.mark.parametrize("fault", ["500", "lost_reply", "slow_reply"])
def test_a_retried_request_charges_once(session, stripe, payer, fault, monkeypatch):
    """A 500 is retried; a lost or late reply is retried with the same key and Stripe replays the charge."""
    monkeypatch.setattr(settings, "stripe_timeout_seconds", 0.5)
    stripe.slow_reply_seconds = 1.5
    identity, card_id, _ = payer
    invoice_id = _invoice(session, payer)
    stripe.inject(fault)
    (outcome,) = _pay(session, identity, [invoice_id], card_id)
    assert outcome.result == "paid"
    creates = [r for r in stripe.requests if r["path"] == "/v1/payment_intents" and r["method"] == "POST"]
    assert len(creates) == 2 and creates[0]["idempotency_key"] == creates[1]["idempotency_key"]
    assert len(stripe.succeeded_intents()) == 1
    assert_money_matches(session, stripe)


def test_every_reply_lost_after_the_charge_then_the_reconciler_records_it(session, stripe, payer):
    identity, card_id, _ = payer
    invoice_id = _invoice(session, payer)
    stripe.inject("lost_reply", times=3)  # the first try and both retries: Stripe charged, we never heard
    (outcome,) = _pay(session, identity, [invoice_id], card_id)
    assert outcome.result == "unknown"
    assert len(stripe.succeeded_intents()) == 1
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.OPEN  # not yet known here
    report = _reconcile_now(session)
    assert (report.checked, report.settled, report.closed_unsent) == (1, 1, 0)
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    receipts = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()
    assert len(receipts) == 1
    assert _reconcile_now(session).checked == 0  # nothing left open
    assert_money_matches(session, stripe)


def test_a_429_charges_nothing_and_the_reconciler_frees_the_invoice(session, stripe, payer):
    identity, card_id, _ = payer
    invoice_id = _invoice(session, payer)
    stripe.inject("429")
    assert _pay(session, identity, [invoice_id], card_id)[0].result == "unknown"
    assert stripe.payment_intents == {}
    assert _reconcile_now(session).closed_unsent == 1
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert (attempt.status, attempt.failure_message) == (AttemptStatus.FAILED, reconciler.NEVER_CHARGED)
    notice = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_failed")).one()
    assert "nothing was charged" in notice.text_body.lower() and f"pay?invoice={invoice_id}" in notice.text_body
    assert _pay(session, identity, [invoice_id], card_id)[0].result == "paid"
    assert_money_matches(session, stripe)


def test_the_office_waits_for_a_card_payment_in_flight(session, stripe, payer):
    identity, card_id, staff = payer
    invoice_id = _invoice(session, payer)
    stripe.inject("429")
    _pay(session, identity, [invoice_id], card_id)
    with pytest.raises(ServiceError, match="being confirmed"):
        invoice_actions.void_invoice(session, staff=staff, invoice_id=invoice_id)
    session.rollback()
    check = invoice_actions.ManualPayment("check", "120.00", "", "Check #1")
    with pytest.raises(ServiceError, match="being confirmed"):
        invoice_actions.record_manual_payment(session, staff=staff, invoice_id=invoice_id, payment=check)
    session.rollback()
    _reconcile_now(session)  # Stripe never saw it: the attempt closes and the check can be recorded
    invoice_actions.record_manual_payment(session, staff=staff, invoice_id=invoice_id, payment=check)
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID


def test_the_reconciler_waits_before_calling_an_attempt_unsent(session, stripe, payer):
    identity, card_id, _ = payer
    invoice_id = _invoice(session, payer)
    stripe.inject("429")
    _pay(session, identity, [invoice_id], card_id)
    session.commit()
    report = reconciler.reconcile(session_scope)  # the default: only attempts untouched for minutes
    assert report.checked == 0
    session.commit()
    assert session.exec(select(PaymentAttempt.status)).one() == AttemptStatus.STARTED


def test_a_crash_after_stripe_charged_is_recorded_by_the_reconciler(session, stripe, payer):
    identity, card_id, _ = payer
    invoice_id = _invoice(session, payer)
    card = session.get(SavedPaymentMethod, card_id)
    claimed = card_payments.claim(
        session,
        invoice_id=invoice_id,
        customer_id=identity.customer_id,
        card=card,
        source=AttemptSource.PAY_NOW,
        started_by=identity.email,
        return_url="http://localhost:3000/bluewater/pay/return",
    )
    assert isinstance(claimed, Claim)
    session.commit()
    gateway(session).charge(claimed.request)  # ...and the process dies before recording the answer
    session.commit()
    assert _reconcile_now(session).settled == 1
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    assert_money_matches(session, stripe)


def test_idempotent_replay_and_a_key_reused_with_other_parameters(session, stripe, payer):
    _, card_id, _ = payer
    card = session.get(SavedPaymentMethod, card_id)
    session.commit()
    stripe_gateway = gateway(session)
    request = ChargeRequest(
        amount_cents=5000,
        currency="usd",
        customer_id=card.processor_customer_id,
        payment_method_id=card.processor_payment_method_id,
        attempt_key="portal-attempt-replay-test",
        description="test",
        off_session=True,
    )
    first, second = stripe_gateway.charge(request), stripe_gateway.charge(request)
    assert first.id == second.id and first.status == "succeeded"
    assert len(stripe.succeeded_intents()) == 1
    with pytest.raises(ChargeOutcomeUnknown, match="same parameters"):
        stripe_gateway.charge(ChargeRequest(**{**request.__dict__, "amount_cents": 6000}))
    assert len(stripe.succeeded_intents()) == 1


def test_an_abandoned_bank_confirmation_is_cancelled(session, stripe, payer):
    identity, _, _ = payer
    invoice_id = _invoice(session, payer)
    card = save_card(session, stripe, identity, "pm_card_authenticationRequired")
    assert _pay(session, identity, [invoice_id], card)[0].result == "needs_action"
    session.commit()
    report = reconciler.reconcile(session_scope, settle_after=timedelta(0), abandon_after=timedelta(0))
    assert report.settled == 1
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert attempt.status == AttemptStatus.CANCELED
    assert stripe.payment_intents[attempt.processor_intent_id]["status"] == "canceled"
    # The bank page cannot complete it any more, and the invoice can be paid another way.
    stripe.authenticate(attempt.processor_intent_id)
    assert stripe.succeeded_intents() == []
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.OPEN


def _race(*callables):
    barrier = threading.Barrier(len(callables))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # collected and asserted on below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(action,)) for action in callables]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_two_pay_now_at_once_charge_once(session, stripe, payer):
    """Two tabs (or a double click that got through) paying the same invoice at the same moment."""
    identity, card_id, _ = payer
    for _ in range(RACE_TRIALS):
        invoice_id = _invoice(session, payer)
        session.commit()
        results = []

        def pay(invoice_id=invoice_id, results=results):
            outcomes = pay_now.pay_invoices(
                session_scope, customer=identity, invoice_ids=[invoice_id], card_id=card_id, portal_slug="bluewater"
            )
            results.extend(outcome.result for outcome in outcomes)

        _race(pay, pay)
        assert sorted(results) == ["paid", "refused"]
    session.commit()
    assert len(stripe.succeeded_intents()) == RACE_TRIALS
    assert_money_matches(session, stripe)


def test_autopay_racing_pay_now_charges_once(session, stripe, payer):
    identity, card_id, _ = payer
    autopay.turn_on(session, customer=identity, card_id=card_id)
    session.commit()
    today = local_day(utcnow(), "America/Phoenix")
    for _ in range(RACE_TRIALS):
        invoice_id = _invoice(session, payer, due=today)
        session.commit()
        _race(
            lambda: autopay.run_autopay(session_scope, today=today),
            lambda invoice_id=invoice_id: pay_now.pay_invoices(
                session_scope, customer=identity, invoice_ids=[invoice_id], card_id=card_id, portal_slug="bluewater"
            ),
        )
        session.commit()
        assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    assert len(stripe.succeeded_intents()) == RACE_TRIALS
    assert_money_matches(session, stripe)


def test_two_autopay_workers_charge_once(session, stripe, payer):
    identity, card_id, _ = payer
    autopay.turn_on(session, customer=identity, card_id=card_id)
    today = local_day(utcnow(), "America/Phoenix")
    invoices = [_invoice(session, payer, amount=f"{50 + n}.00", due=today) for n in range(10)]
    session.commit()
    _race(*(lambda: autopay.run_autopay(session_scope, today=today) for _ in range(3)))
    session.commit()
    assert all(session.get(Invoice, i).status == InvoiceStatus.PAID for i in invoices)
    assert len(stripe.succeeded_intents()) == 10
    assert len(session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()) == 10
    assert_money_matches(session, stripe)
