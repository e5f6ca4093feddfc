"""Stripe webhooks: verified on the raw body, applied once.

The event's id is recorded under a unique constraint in the same transaction as its effect, so a repeated
delivery does nothing and a failed one (the transaction rolls back) is applied when Stripe tries again.
Effects are themselves idempotent and only move statuses forward, so events may come in any order; where
order would matter (a refund reported before the payment) the PaymentIntent is fetched fresh first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal.adapters.payments import (
    IntentResult,
    InvalidWebhook,
    PaymentProviderError,
    ProviderRefusedRequest,
    SetupResult,
    StripeGateway,
    WebhookEvent,
    intent_from_data,
    verify_webhook,
)
from customer_portal.models import CheckoutPayment, Customer, ProcessedProviderEvent
from customer_portal.services.payments import card_payments, payment_methods, refunds
from customer_portal.services.payments.card_payments import Transaction
from customer_portal.services.payments.payment_settings import gateway, stripe_keys

INTENT_EVENTS = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.processing",
    "payment_intent.requires_action",
    "payment_intent.canceled",
)
HANDLED = (
    *INTENT_EVENTS,
    "checkout.session.completed",
    "setup_intent.succeeded",  # a bank account whose micro-deposits the customer confirmed days later
    "charge.refunded",
    "payment_method.detached",
)
# What each effect reads from the event's object. A signed event without them is answered 400, never a crash.
_NEEDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    **{name: {"id": str, "status": str} for name in INTENT_EVENTS},
    "checkout.session.completed": {"id": str},
    "setup_intent.succeeded": {"id": str},
    "charge.refunded": {"amount_refunded": int, "payment_intent": (str, type(None))},
    "payment_method.detached": {"id": str},
}


def _has_what_it_needs(event: WebhookEvent) -> bool:
    return all(
        isinstance(event.object.get(field), kind) and not isinstance(event.object.get(field), bool)
        for field, kind in _NEEDS[event.type].items()
    )


@dataclass(frozen=True)
class WebhookAnswer:
    status: int  # 2xx tells Stripe to stop; anything else makes it deliver again later
    message: str


def _fetch_first(event: WebhookEvent, stripe_gateway: StripeGateway | None) -> SetupResult | IntentResult | None:
    """What the effect needs from Stripe, asked before the transaction opens (no network inside it)."""
    data: dict[str, Any] = event.object
    if stripe_gateway is None:
        return None
    if event.type == "checkout.session.completed" and data.get("mode") == "setup":
        return stripe_gateway.finished_setup(data["id"])
    if event.type == "setup_intent.succeeded":
        return stripe_gateway.setup_result(data["id"])
    if event.type == "charge.refunded" and data.get("payment_intent"):
        return stripe_gateway.intent(data["payment_intent"])
    return None


def _apply(session: Session, event: WebhookEvent, fetched: SetupResult | IntentResult | None) -> None:
    data: dict[str, Any] = event.object
    if event.type in INTENT_EVENTS:
        card_payments.apply_intent(session, intent=intent_from_data(data), notify_failure=False)
    elif isinstance(fetched, SetupResult) and fetched.method:  # checkout.session.completed, setup_intent.succeeded
        if event.type == "checkout.session.completed" and _to_use_once(session, data["id"]):
            return  # Pay Now without "save for next time": the return page uses it, and nothing keeps it
        customer_id = session.exec(
            select(Customer.id).where(Customer.processor_customer_id == fetched.customer_id)
        ).first()
        if customer_id is not None:
            payment_methods.store_card(session, customer_id=customer_id, card=fetched.method, actor_label="Stripe")
    elif event.type == "charge.refunded":
        if isinstance(fetched, IntentResult):  # records the payment first if its own event is still on the way
            card_payments.apply_intent(session, intent=fetched, notify_failure=False)
        refunds.apply_refund(
            session, intent_id=data.get("payment_intent") or "", amount_refunded_cents=int(data["amount_refunded"])
        )
    elif event.type == "payment_method.detached":
        payment_methods.forget_card(session, processor_payment_method_id=data["id"])


def _to_use_once(session: Session, checkout_session_id: str) -> bool:
    return (
        session.exec(
            select(CheckoutPayment.id).where(
                CheckoutPayment.checkout_session_id == checkout_session_id, ~col(CheckoutPayment.keep_method)
            )
        ).first()
        is not None
    )


def receive(transaction: Transaction, *, payload: bytes, signature: str) -> WebhookAnswer:
    with transaction() as session:
        secret = stripe_keys(session).webhook
        stripe_gateway = gateway(session)
    if not secret:
        return WebhookAnswer(400, "No webhook signing secret is configured.")
    try:
        event = verify_webhook(payload, signature, secret)
    except InvalidWebhook:
        return WebhookAnswer(400, "Invalid signature.")
    if event.type not in HANDLED:
        return WebhookAnswer(200, "Ignored.")
    if not _has_what_it_needs(event):
        return WebhookAnswer(400, f"The {event.type} event lacks fields this app needs.")
    try:
        fetched = _fetch_first(event, stripe_gateway)
    except ProviderRefusedRequest as refused:  # e.g. an object of another Stripe account: visible in its dashboard
        return WebhookAnswer(400, str(refused))
    except PaymentProviderError:
        return WebhookAnswer(503, "Stripe is not answering; deliver again later.")
    with transaction() as session:
        try:
            with session.begin_nested():
                session.add(ProcessedProviderEvent(event_id=event.id[:255], event_type=event.type[:100]))
        except IntegrityError:
            return WebhookAnswer(200, "Already applied.")
        _apply(session, event, fetched)
    return WebhookAnswer(200, "Applied.")
