"""The reconciler settles payment attempts that were left open: a reply from Stripe that never came (the
process crashed after Stripe charged, or the network failed), a payment still processing, or a bank
confirmation the customer never finished.

It asks Stripe, by the intent's id or, when we never learnt it, by the attempt's key in the metadata of the
customer's recent PaymentIntents, and applies the answer like any other report. An attempt Stripe has no
intent for, well after every retry of its request is over, was never charged and is closed, which frees the
invoice. Everything it does is idempotent, so two workers reconciling at once change nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from customer_portal.adapters.payments import IntentResult, PaymentProviderError
from customer_portal.domain.clock import utcnow
from customer_portal.i18n import N_
from customer_portal.models import PaymentAttempt, id_of, referenced
from customer_portal.services.payments import card_payments
from customer_portal.services.payments.card_payments import Transaction
from customer_portal.services.payments.payment_settings import gateway

# Longer than any request can still be on its way: 3 tries of stripe_timeout_seconds plus the SDK's backoff.
SETTLE_AFTER = timedelta(minutes=5)
# A 3-D Secure confirmation nobody finished in a day is cancelled at Stripe, so it cannot complete later
# after the customer has paid some other way.
ABANDON_CONFIRMATION_AFTER = timedelta(hours=24)
NEVER_CHARGED = N_("Stripe has no record of this payment; nothing was charged.")  # kept; shown through _


@dataclass
class ReconcileReport:
    checked: int = 0
    settled: int = 0
    closed_unsent: int = 0
    errors: list[str] = field(default_factory=list)


def reconcile(
    transaction: Transaction,
    *,
    settle_after: timedelta = SETTLE_AFTER,
    abandon_after: timedelta = ABANDON_CONFIRMATION_AFTER,
) -> ReconcileReport:
    report = ReconcileReport()
    with transaction() as session:
        stripe_gateway = gateway(session)
        if stripe_gateway is None:
            return report
        stale = [
            referenced(session, PaymentAttempt, attempt_id).model_copy()
            for attempt_id in card_payments.stale_open_attempts(session, older_than=settle_after)
        ]
    for attempt in stale:
        report.checked += 1
        intent: IntentResult | None
        try:
            if attempt.processor_intent_id:
                intent = stripe_gateway.intent(attempt.processor_intent_id)
            else:
                intent = stripe_gateway.find_intent(
                    customer_id=attempt.processor_customer_id,
                    attempt_key=attempt.idempotency_key,
                    created_after=attempt.created_at - timedelta(minutes=5),
                )
            waited = utcnow() - attempt.updated_at
            if intent is not None and intent.status == "requires_action" and waited >= abandon_after:
                intent = stripe_gateway.cancel_intent(intent.id)
        except PaymentProviderError as error:
            report.errors.append(f"attempt {attempt.id}: {error}")
            continue
        with transaction() as session:
            if intent is None:
                if card_payments.fail_unsent(
                    session, attempt_id=id_of(attempt), reason=NEVER_CHARGED, notify_failure=True
                ):
                    report.closed_unsent += 1
                continue
            before = attempt.status
            settled = card_payments.apply_intent(session, intent=intent, notify_failure=True)
            if settled is not None and settled.status != before:
                report.settled += 1
    return report
