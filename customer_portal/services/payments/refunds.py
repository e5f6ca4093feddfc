"""Refunds made at Stripe (the office refunds in Stripe's dashboard): the payment shows what was refunded, and the
invoice's balance is owed again."""

from __future__ import annotations

from sqlmodel import Session, select

from customer_portal.domain.transitions import INVOICE, PAYMENT
from customer_portal.models import AuditActor, Invoice, InvoiceStatus, Payment, referenced
from customer_portal.services.company import audit
from customer_portal.services.payments.card_payments import locked_invoice


def apply_refund(session: Session, *, intent_id: str, amount_refunded_cents: int) -> Payment | None:
    """A refund made at Stripe (charge.refunded carries the charge's total refunded so far, so applying it
    twice or out of order changes nothing). The payment shows it; the invoice's balance is owed again."""
    payment = session.exec(select(Payment).where(Payment.processor_reference == intent_id)).first()
    if payment is None:
        return None
    locked_invoice(session, payment.invoice_id)
    invoice = referenced(session, Invoice, payment.invoice_id)
    session.refresh(payment, with_for_update=True)
    refunded = min(max(amount_refunded_cents, payment.refunded_cents), payment.amount_cents)
    added = refunded - payment.refunded_cents
    if added <= 0:
        return payment
    payment.refunded_cents = refunded
    if refunded == payment.amount_cents:
        payment.status = PAYMENT.apply(payment.status, "refund")
    invoice.amount_paid_cents -= added
    if invoice.status == InvoiceStatus.PAID and invoice.amount_paid_cents < invoice.total_cents:
        invoice.status = INVOICE.apply(invoice.status, "reopen")
        invoice.paid_at = None
    session.add_all([payment, invoice])
    audit.record(
        session,
        action="payment.refunded",
        actor=AuditActor.SYSTEM,
        actor_label="Stripe",
        entity_type="invoice",
        entity_id=invoice.id,
        details={"number": invoice.number, "payment_id": payment.id, "refunded_cents": refunded, "added_cents": added},
    )
    return payment
