"""Charging saved cards, exactly once, whatever fails.

The sequence for every invoice, from Pay Now or AutoPay:
1. claim: in one short transaction, lock the invoice (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
   BEGIN IMMEDIATE already holds the write lock), check it is open with a balance, and commit a
   PaymentAttempt. A partial unique index allows one open attempt per invoice, so a double click, a second
   tab, a second worker or AutoPay racing Pay Now finds the invoice taken and charges nothing.
2. charge: one PaymentIntent, confirmed with the saved card, with the attempt's idempotency key. The SDK
   retries timeouts, dropped connections and 5xx with the same key, so Stripe charges at most once.
3. apply: in another transaction, record what Stripe said. A success becomes a Payment whose unique
   processor_reference (the PaymentIntent id) makes recording it twice impossible; the invoice is paid and a
   receipt is queued in the same transaction.

If step 2 gives no answer, the attempt stays STARTED and keeps the invoice claimed; the reconciler later
asks Stripe (by the key in the intent's metadata) and applies the truth. Webhooks apply the same way, so
the page, the webhook, the reconciler and a second worker can all report one charge in any order.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal.adapters.payments import (
    ChargeOutcomeUnknown,
    ChargeRequest,
    IntentResult,
    PaymentProviderError,
    StripeGateway,
)
from customer_portal.domain.clock import utcnow
from customer_portal.domain.transitions import ATTEMPT, INVOICE, PAYMENT
from customer_portal.i18n import N_, _
from customer_portal.models import (
    OPEN_ATTEMPT_STATUSES,
    AttemptSource,
    AttemptStatus,
    AuditActor,
    CompanyProfile,
    Invoice,
    InvoiceStatus,
    MethodKind,
    Payment,
    PaymentAttempt,
    PaymentChannel,
    PaymentStatus,
    SavedPaymentMethod,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.billing.invoices import balance_of
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats
from customer_portal.services.payments import payment_emails

Transaction = Callable[[], AbstractContextManager[Session]]

IN_PROGRESS = N_("A payment for this invoice is already in progress.")


@dataclass(frozen=True)
class Claim:
    """A committed attempt and the request to send for it."""

    attempt_id: int
    invoice_id: int
    request: ChargeRequest


@dataclass(frozen=True)
class ChargeOutcome:
    """What happened to one invoice, for the page that asked. `result` is one of: paid, declined,
    needs_action, processing, unknown, refused."""

    invoice_id: int
    invoice_number: str
    amount: str
    result: str
    message: str
    action_url: str = ""
    payment_id: int | None = None


def locked_invoice(session: Session, invoice_id: int) -> Invoice | None:
    return session.exec(
        select(Invoice).where(Invoice.id == invoice_id).with_for_update().execution_options(populate_existing=True)
    ).first()


def open_attempt(session: Session, invoice_id: int) -> PaymentAttempt | None:
    return session.exec(
        select(PaymentAttempt).where(
            PaymentAttempt.invoice_id == invoice_id, col(PaymentAttempt.status).in_(OPEN_ATTEMPT_STATUSES)
        )
    ).first()


def claim(
    session: Session,
    *,
    invoice_id: int,
    customer_id: int,
    card: SavedPaymentMethod,
    source: AttemptSource,
    started_by: str,
    return_url: str = "",
    amount_cents: int | None = None,
) -> Claim | str:
    """Commit-ready attempt for the invoice's whole balance (or `amount_cents` of it: a part the caller has
    allowed), or the reason there is none. The balance is read under the invoice's lock, so a part is never more
    than what is owed at that moment."""
    invoice = locked_invoice(session, invoice_id)
    if invoice is None or invoice.customer_id != customer_id:
        return _("That invoice is not available.")
    balance = balance_of(invoice)
    if invoice.status != InvoiceStatus.OPEN or balance <= 0:
        return (
            _("This invoice is already paid.")
            if invoice.status == InvoiceStatus.PAID
            else _("This invoice is not open.")
        )
    if open_attempt(session, invoice_id) is not None:
        return _(IN_PROGRESS)
    if amount_cents is not None and not 0 < amount_cents <= balance:
        return _("That is more than the balance of this invoice; it may have been paid in part meanwhile.")
    attempt = PaymentAttempt(
        invoice_id=invoice_id,
        customer_id=customer_id,
        source=source,
        status=AttemptStatus.STARTED,
        idempotency_key=f"portal-attempt-{uuid4().hex}",
        amount_cents=balance if amount_cents is None else amount_cents,
        currency=invoice.currency,
        processor_customer_id=card.processor_customer_id,
        processor_payment_method_id=card.processor_payment_method_id,
        method_kind=card.kind,
        card_brand=card.brand,
        card_last4=card.last4,
        started_by=started_by,
    )
    try:
        with session.begin_nested():  # the unique index is the last word if two claims got this far
            session.add(attempt)
            session.flush()
    except IntegrityError:
        return _(IN_PROGRESS)
    company = session.exec(select(CompanyProfile.name)).first() or "Pool service"
    return Claim(
        id_of(attempt),
        invoice_id,
        ChargeRequest(
            amount_cents=attempt.amount_cents,
            currency=invoice.currency,
            customer_id=card.processor_customer_id,
            payment_method_id=card.processor_payment_method_id,
            attempt_key=attempt.idempotency_key,
            description=f"{company} invoice {invoice.number}",
            off_session=source == AttemptSource.AUTOPAY,
            return_url=return_url,
            metadata={"invoice": invoice.number or "", "invoice_id": str(invoice.id), "attempt_id": str(attempt.id)},
            mandate_id=card.mandate_id if card.kind == MethodKind.BANK_ACCOUNT else "",
        ),
    )


def _attempt_for(session: Session, intent: IntentResult) -> PaymentAttempt | None:
    """Our attempt behind a PaymentIntent (found by its id, or by our key in its metadata), locked with its
    invoice: invoice first, then attempt, the same order a claim takes."""
    found = session.exec(select(PaymentAttempt).where(PaymentAttempt.processor_intent_id == intent.id)).first()
    if found is None and intent.attempt_key:
        found = session.exec(select(PaymentAttempt).where(PaymentAttempt.idempotency_key == intent.attempt_key)).first()
    if found is None:
        return None
    locked_invoice(session, found.invoice_id)
    return session.exec(
        select(PaymentAttempt)
        .where(PaymentAttempt.id == found.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _move(attempt: PaymentAttempt, action: str) -> bool:
    """Apply the transition if it is allowed from here; a late or repeated report is simply ignored."""
    if not ATTEMPT.allows(attempt.status, action):
        return False
    attempt.status = ATTEMPT.apply(attempt.status, action)
    attempt.updated_at = utcnow()
    return True


def _record_payment(session: Session, attempt: PaymentAttempt, intent: IntentResult) -> Payment:
    existing = session.exec(select(Payment).where(Payment.processor_reference == intent.id)).first()
    if existing is not None:
        return existing
    invoice = referenced(session, Invoice, attempt.invoice_id)
    payment = Payment(
        invoice_id=attempt.invoice_id,
        customer_id=attempt.customer_id,
        amount_cents=intent.amount_received or intent.amount,
        currency=intent.currency,
        channel=PaymentChannel.BANK if attempt.method_kind == MethodKind.BANK_ACCOUNT else PaymentChannel.CARD,
        status=PAYMENT.apply(PaymentStatus.PENDING, "succeed"),
        processor_reference=intent.id,
        card_brand=attempt.card_brand,
        card_last4=attempt.card_last4,
    )
    session.add(payment)
    invoice.amount_paid_cents += payment.amount_cents
    if invoice.status == InvoiceStatus.OPEN and invoice.amount_paid_cents >= invoice.total_cents:
        invoice.status = INVOICE.apply(invoice.status, "mark_paid")
        invoice.paid_at = utcnow()
    session.add(invoice)
    session.flush()
    audit.record(
        session,
        action="payment.card_received",
        actor=AuditActor.SYSTEM if attempt.source == AttemptSource.AUTOPAY else AuditActor.CUSTOMER,
        actor_label=attempt.started_by,
        entity_type="invoice",
        entity_id=invoice.id,
        details={
            "number": invoice.number,
            "payment_id": payment.id,
            "amount_cents": payment.amount_cents,
            "intent": intent.id,
            "source": attempt.source.value,
            "invoice_status": invoice.status.value,
        },
    )
    payment_emails.queue_receipt(session, payment=payment)
    return payment


def apply_intent(session: Session, *, intent: IntentResult, notify_failure: bool) -> PaymentAttempt | None:
    """Record what Stripe says about one of our PaymentIntents. Safe to call any number of times, from the
    page, a webhook or the reconciler, in any order: statuses only move forward, and a payment is recorded
    once. A failure is emailed for AutoPay, and with `notify_failure` (the reconciler: the customer is no
    longer looking); on the Pay Now page the customer sees it instead."""
    attempt = _attempt_for(session, intent)
    if attempt is None:
        return None  # not a payment this portal started (the office's own Stripe use)
    attempt.processor_intent_id = attempt.processor_intent_id or intent.id
    if intent.status == "succeeded":
        payment = _record_payment(session, attempt, intent)
        attempt.payment_id = payment.id
        if not _move(attempt, "succeed") and _move(attempt, "settle_late"):
            audit.record(
                session,
                action="payment.settled_late",
                actor=AuditActor.SYSTEM,
                entity_type="invoice",
                entity_id=attempt.invoice_id,
                details={"intent": intent.id, "attempt_id": attempt.id},
            )
        attempt.action_url = ""
    elif intent.status == "processing":
        _move(attempt, "process")
    elif intent.status == "requires_action":
        if _move(attempt, "require_action"):
            attempt.action_url = intent.action_url[:2000]
    elif intent.status in ("requires_payment_method", "canceled"):
        attempt.failure_message = (intent.failure_message or N_("The payment was not completed."))[:500]
        attempt.action_url = ""
        # A bank debit fails days after the customer left the page that said "processing": they must hear of it.
        was_processing = attempt.status == AttemptStatus.PROCESSING
        moved = _move(attempt, "cancel" if intent.status == "canceled" else "fail") or _move(attempt, "fail")
        if moved and (notify_failure or was_processing or attempt.source == AttemptSource.AUTOPAY):
            payment_emails.queue_failure_notice(session, attempt=attempt)
    session.add(attempt)
    return attempt


def fail_unsent(session: Session, *, attempt_id: int, reason: str, notify_failure: bool = False) -> bool:
    """Stripe refused the request outright, or never received it: nothing was charged and the invoice is
    free again. Only a STARTED attempt can be closed this way; anything Stripe reported on stands."""
    attempt = session.get(PaymentAttempt, attempt_id)
    if attempt is None:
        return False
    locked_invoice(session, attempt.invoice_id)
    session.refresh(attempt, with_for_update=True)
    if attempt.status != AttemptStatus.STARTED:
        return False
    attempt.failure_message = reason[:500]
    _move(attempt, "fail")
    session.add(attempt)
    if notify_failure:
        payment_emails.queue_failure_notice(session, attempt=attempt)
    return True


def outcome_of(session: Session, attempt: PaymentAttempt) -> ChargeOutcome:
    invoice_id = attempt.invoice_id
    number = referenced(session, Invoice, invoice_id).number or ""
    amount = company_formats(session).money(attempt.amount_cents, attempt.currency)
    match attempt.status:
        case AttemptStatus.SUCCEEDED:
            return ChargeOutcome(invoice_id, number, amount, "paid", _("Paid."), payment_id=attempt.payment_id)
        case AttemptStatus.REQUIRES_ACTION:
            message = _("Your bank asks you to confirm this payment.")
            return ChargeOutcome(invoice_id, number, amount, "needs_action", message, attempt.action_url)
        case AttemptStatus.PROCESSING if attempt.method_kind == MethodKind.BANK_ACCOUNT:
            message = _("Bank payments take up to four business days; we email your receipt when it clears.")
            return ChargeOutcome(invoice_id, number, amount, "processing", message)
        case AttemptStatus.PROCESSING:
            return ChargeOutcome(invoice_id, number, amount, "processing", _("The payment is processing."))
        case AttemptStatus.STARTED:
            message = _(
                "We could not confirm this payment with Stripe yet. We will check and email you; "
                "you will not be charged twice."
            )
            return ChargeOutcome(invoice_id, number, amount, "unknown", message)
        case _:
            return ChargeOutcome(
                invoice_id,
                number,
                amount,
                "declined",
                _(attempt.failure_message) if attempt.failure_message else _("Not completed."),
            )


@dataclass(frozen=True)
class StripeAnswer:
    """What step 2 brought back for one claim: the intent, or none (no answer, or `refusal` said why not)."""

    claimed: Claim
    intent: IntentResult | None
    refusal: str = ""


def send_charge(gateway: StripeGateway, claimed: Claim) -> StripeAnswer:
    """Step 2 for one committed attempt: only the call to Stripe, no database (callers overlap these)."""
    try:
        return StripeAnswer(claimed, gateway.charge(claimed.request))
    except ChargeOutcomeUnknown:
        return StripeAnswer(claimed, None)  # the attempt stays STARTED and holds the invoice until the reconciler knows
    except PaymentProviderError as error:
        return StripeAnswer(claimed, None, refusal=str(error))


def record_answers(
    transaction: Transaction, answers: list[StripeAnswer], *, notify_failure: bool
) -> list[ChargeOutcome]:
    """Step 3: what Stripe said, for answers that arrived together, in one transaction. Should one fail to record,
    none of them is: their attempts stay open and the reconciler (or the webhook) records what Stripe says."""
    with transaction() as session:
        outcomes = []
        for answer in answers:
            if answer.refusal:
                fail_unsent(
                    session, attempt_id=answer.claimed.attempt_id, reason=answer.refusal, notify_failure=notify_failure
                )
            elif answer.intent is not None:
                apply_intent(session, intent=answer.intent, notify_failure=notify_failure)
            outcomes.append(outcome_of(session, referenced(session, PaymentAttempt, answer.claimed.attempt_id)))
        return outcomes


def charge_claimed(
    transaction: Transaction, gateway: StripeGateway, claimed: Claim, *, notify_failure: bool
) -> ChargeOutcome:
    """Steps 2 and 3 for one committed attempt."""
    return record_answers(transaction, [send_charge(gateway, claimed)], notify_failure=notify_failure)[0]


def stale_open_attempts(session: Session, *, older_than: timedelta) -> list[int]:
    return list(
        session.exec(
            select(id_column(PaymentAttempt))
            .where(
                col(PaymentAttempt.status).in_(OPEN_ATTEMPT_STATUSES),
                col(PaymentAttempt.updated_at) <= utcnow() - older_than,
            )
            .order_by(col(PaymentAttempt.id))
        )
    )
