"""POST /stripe/webhook: signatures on the raw body, each event applied once, any order."""

import json

import stripe as stripe_sdk
from sqlmodel import select
from starlette.testclient import TestClient

from customer_portal.api.app import build_api
from customer_portal.db import session_scope
from customer_portal.models import (
    AttemptStatus,
    Invoice,
    InvoiceStatus,
    OutboxEmail,
    Payment,
    PaymentAttempt,
    PaymentStatus,
    ProcessedProviderEvent,
    SavedPaymentMethod,
)
from customer_portal.services.billing import invoices
from customer_portal.services.payments import autopay, payment_methods, stripe_webhooks
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.services.conftest import WEBHOOK_SECRET
from tests.services.test_pay_now import _pay, assert_money_matches


def _events(fake, event_type):
    return [event for event in fake.events if event["type"] == event_type]


def _send(session, event, secret=WEBHOOK_SECRET, signature=None):
    session.commit()
    payload = json.dumps(event).encode()
    header = signature or stripe_sdk.WebhookSignature.generate_signature_header(payload.decode(), secret)
    return stripe_webhooks.receive(session_scope, payload=payload, signature=header)


def _paid_invoice(session, stripe, *, lose_replies=False):
    staff = make_staff(session)
    customer, identity, _ = make_portal_customer(session, name="Hook Customer")
    card_id = save_card(session, stripe, identity)
    invoice_id = make_open_invoice(session, staff=staff, customer_id=customer.id, amount="150.00")
    if lose_replies:
        stripe.inject("lost_reply", times=3)
    _pay(session, identity, [invoice_id], card_id)
    return identity, invoice_id


def test_the_route_checks_the_signature_on_the_raw_body(session, stripe):
    _paid_invoice(session, stripe)
    (event,) = _events(stripe, "payment_intent.succeeded")
    body = json.dumps(event)
    client = TestClient(build_api())
    good = stripe_sdk.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    assert client.post("/stripe/webhook", content=body, headers={"Stripe-Signature": good}).status_code == 200
    # The same JSON re-serialised (other spacing) no longer matches the signature over the original bytes.
    reformatted = json.dumps(event, indent=1)
    answer = client.post("/stripe/webhook", content=reformatted, headers={"Stripe-Signature": good})
    assert answer.status_code == 400
    wrong = stripe_sdk.WebhookSignature.generate_signature_header(body, "whsec_somebody_else")
    assert client.post("/stripe/webhook", content=body, headers={"Stripe-Signature": wrong}).status_code == 400
    assert client.post("/stripe/webhook", content=body).status_code == 400
    old = stripe_sdk.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET, timestamp=1_000_000_000)
    assert client.post("/stripe/webhook", content=body, headers={"Stripe-Signature": old}).status_code == 400


def test_a_lost_reply_is_settled_by_the_webhook_and_duplicates_do_nothing(session, stripe):
    _, invoice_id = _paid_invoice(session, stripe, lose_replies=True)
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.OPEN
    (succeeded,) = _events(stripe, "payment_intent.succeeded")
    assert _send(session, succeeded).message == "Applied."
    assert _send(session, succeeded).message == "Already applied."
    session.commit()
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    assert len(session.exec(select(Payment)).all()) == 1
    assert len(session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()) == 1
    assert session.exec(select(ProcessedProviderEvent.event_id)).all() == [succeeded["id"]]
    assert_money_matches(session, stripe)


def test_events_in_reverse_order_end_in_the_right_state(session, stripe):
    stripe.hold_processing = True
    _, invoice_id = _paid_invoice(session, stripe, lose_replies=True)
    (intent_id,) = stripe.payment_intents
    stripe.settle(intent_id)
    processing, succeeded = (
        _events(stripe, "payment_intent.processing")[0],
        _events(stripe, "payment_intent.succeeded")[0],
    )
    for event in (succeeded, processing):  # Stripe does not promise order
        assert _send(session, event).status == 200
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert attempt.status == AttemptStatus.SUCCEEDED
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.PAID
    assert_money_matches(session, stripe)


def test_a_processing_payment_that_fails_later_frees_the_invoice(session, stripe):
    stripe.hold_processing = True
    _, invoice_id = _paid_invoice(session, stripe)
    session.commit()
    assert session.exec(select(PaymentAttempt.status)).one() == AttemptStatus.PROCESSING
    (intent_id,) = stripe.payment_intents
    stripe.settle(intent_id, succeed=False)
    (failed,) = _events(stripe, "payment_intent.payment_failed")
    _send(session, failed)
    session.commit()
    attempt = session.exec(select(PaymentAttempt)).one()
    assert (attempt.status, attempt.failure_message) == (AttemptStatus.FAILED, "The bank returned the payment.")
    assert session.get(Invoice, invoice_id).status == InvoiceStatus.OPEN


def test_a_refund_shows_on_the_payment_and_the_invoice(session, stripe):
    _, invoice_id = _paid_invoice(session, stripe)
    (intent_id,) = stripe.payment_intents
    stripe.refund(intent_id, 5000)
    stripe.refund(intent_id)  # the rest
    partial, full = _events(stripe, "charge.refunded")
    _send(session, full)  # out of order: the later, larger total first
    _send(session, partial)
    session.commit()
    payment = session.exec(select(Payment)).one()
    assert (payment.refunded_cents, payment.status) == (15000, PaymentStatus.REFUNDED)
    invoice = session.get(Invoice, invoice_id)
    assert (invoice.status, invoice.amount_paid_cents) == (InvoiceStatus.OPEN, 0)
    (shown,) = invoices.get_invoice(session, invoice_id=invoice_id).payments
    assert (shown.amount, shown.refunded, shown.status) == ("$150.00", "$150.00", "refunded")


def test_a_refund_reported_before_the_payment_records_both(session, stripe):
    _, invoice_id = _paid_invoice(session, stripe, lose_replies=True)
    (intent_id,) = stripe.payment_intents
    stripe.refund(intent_id, 2500)
    (refunded,) = _events(stripe, "charge.refunded")
    _send(session, refunded)  # payment_intent.succeeded has not arrived yet
    session.commit()
    payment = session.exec(select(Payment)).one()
    assert (payment.amount_cents, payment.refunded_cents, payment.status) == (15000, 2500, PaymentStatus.SUCCEEDED)
    assert session.get(Invoice, invoice_id).amount_paid_cents == 12500
    _send(session, _events(stripe, "payment_intent.succeeded")[0])
    session.commit()
    assert len(session.exec(select(Payment)).all()) == 1


def test_checkout_completed_stores_the_card_once(session, stripe):
    _, identity, _ = make_portal_customer(session)
    url = payment_methods.start_adding_card(session, customer=identity, portal_slug="bluewater")
    session.commit()
    stripe.complete_checkout(url.rsplit("/", 1)[1])
    (completed,) = _events(stripe, "checkout.session.completed")
    _send(session, completed)  # the customer closed the tab before the return page
    payment_methods.finish_adding_card(
        session, customer=identity, checkout_session_id=completed["data"]["object"]["id"]
    )
    session.commit()
    assert [c.label for c in payment_methods.list_cards(session, customer=identity)] == ["Visa •••• 4242"]


def test_a_late_checkout_event_does_not_bring_back_a_removed_card(session, stripe):
    _, identity, _ = make_portal_customer(session)
    card_id = save_card(session, stripe, identity)
    payment_methods.remove_card(session, customer=identity, card_id=card_id)
    (completed,) = _events(stripe, "checkout.session.completed")
    assert _send(session, completed).message == "Applied."
    session.commit()
    assert payment_methods.list_cards(session, customer=identity) == []


def test_a_card_detached_at_stripe_is_forgotten_and_autopay_goes_off(session, stripe):
    _, identity, _ = make_portal_customer(session)
    card_id = save_card(session, stripe, identity)
    autopay.turn_on(session, customer=identity, card_id=card_id)
    session.commit()
    card = session.get(SavedPaymentMethod, card_id)
    stripe.detach_method(card.processor_payment_method_id)
    (detached,) = _events(stripe, "payment_method.detached")
    _send(session, detached)
    session.commit()
    assert session.exec(select(SavedPaymentMethod)).all() == []
    assert not autopay.autopay_view(session, customer=identity).enabled


def test_without_a_signing_secret_nothing_is_accepted(session, stripe):
    _paid_invoice(session, stripe)
    from customer_portal.models import PaymentSettings

    row = session.exec(select(PaymentSettings)).one()
    row.webhook_secret_encrypted = ""
    session.add(row)
    answer = _send(session, stripe.events[-1], secret="whsec_anything")
    assert (answer.status, answer.message) == (400, "No webhook signing secret is configured.")
