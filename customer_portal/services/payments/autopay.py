"""AutoPay: a customer chooses one saved card, and each open invoice is charged to it on its due date (plus
the days the office set in Settings > Payments), off-session.

The job picks invoices whose charge day has come and that AutoPay has never tried. A failure (a decline, or
a bank that wants the customer to confirm) is not retried on its own: the customer gets an email with a
link to pay. Invoices due before AutoPay was turned on, and invoices with a refund, are left to the customer
and the office. Several workers may run the job at once: each invoice is claimed under its lock, and a
second worker finds the first one's attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from customer_portal.adapters.payments import StripeGateway
from customer_portal.domain.cards import card_label
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.i18n import _
from customer_portal.models import (
    AttemptSource,
    AuditActor,
    Customer,
    CustomerStatus,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentAttempt,
    PaymentSettings,
    SavedPaymentMethod,
    id_of,
)
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import card_payments, payment_methods
from customer_portal.services.payments.card_payments import Claim, Transaction
from customer_portal.services.payments.payment_settings import gateway
from customer_portal.services.portal.portal_view import require_tab

AUTOPAY = "AutoPay"


@dataclass(frozen=True)
class AutopayView:
    enabled: bool = False
    card_id: int = 0
    card_label: str = ""
    since: str = ""
    days_after_due: int = 0


@dataclass
class AutopayReport:
    charged: int = 0
    failed: int = 0
    pending: int = 0  # processing, or no answer yet (the reconciler follows up)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _label(card: SavedPaymentMethod) -> str:
    return card_label(card.brand, card.last4, card.kind)


def autopay_card(session: Session, customer_id: int) -> SavedPaymentMethod | None:
    return session.exec(
        select(SavedPaymentMethod).where(
            SavedPaymentMethod.customer_id == customer_id, col(SavedPaymentMethod.autopay_since).is_not(None)
        )
    ).first()


def _on_since(card: SavedPaymentMethod) -> datetime:
    """When AutoPay was turned on, for a card `autopay_card` returned (only such cards have the time)."""
    if card.autopay_since is None:
        raise ValueError("AutoPay is off for this card")
    return card.autopay_since


def days_after_due(session: Session) -> int:
    return session.exec(select(PaymentSettings.autopay_days_after_due)).first() or 0


def autopay_view(session: Session, *, customer: CustomerIdentity) -> AutopayView:
    require_tab(customer, key="payment-methods")
    card = autopay_card(session, customer.customer_id)
    delay = days_after_due(session)
    if card is None:
        return AutopayView(days_after_due=delay)
    since = company_formats(session).day(local_day(_on_since(card), company_time_zone(session)))
    return AutopayView(True, id_of(card), _label(card), since, delay)


def _audit(session: Session, customer: CustomerIdentity, action: str, card: SavedPaymentMethod | None) -> None:
    audit.record(
        session,
        action=action,
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"card": _label(card)} if card else {},
    )


def turn_on(session: Session, *, customer: CustomerIdentity, card_id: int) -> AutopayView:
    require_tab(customer, key="payment-methods")
    require_writable(customer)
    chosen = payment_methods.kept_method(session, customer, card_id)
    if chosen is None:
        raise ServiceError(_("Choose one of your saved cards for AutoPay."))
    current = autopay_card(session, customer.customer_id)
    if current is not None and current.id == chosen.id:
        return autopay_view(session, customer=customer)
    since = utcnow()
    if current is not None:  # switching cards: AutoPay has been on since it was first turned on
        since, current.autopay_since = _on_since(current), None
        session.add(current)
        session.flush()
    chosen.autopay_since = since
    session.add(chosen)
    _audit(session, customer, "portal.autopay_on", chosen)
    return autopay_view(session, customer=customer)


def turn_off(session: Session, *, customer: CustomerIdentity) -> None:
    require_tab(customer, key="payment-methods")
    require_writable(customer)
    current = autopay_card(session, customer.customer_id)
    if current is None:
        return
    current.autopay_since = None
    session.add(current)
    _audit(session, customer, "portal.autopay_off", current)


def staff_label(session: Session, *, customer_id: int) -> str:
    """For the office: "Visa •••• 4242 since 2026-11-02", or "" when AutoPay is off."""
    card = autopay_card(session, customer_id)
    if card is None:
        return ""
    since = company_formats(session).day(local_day(_on_since(card), company_time_zone(session)))
    return _("{card} since {day}").format(card=_label(card), day=since)


@dataclass(frozen=True)
class PlannedCharge:
    invoice: Invoice
    card: SavedPaymentMethod
    charge_day: date  # the due date plus the office's delay


def planned_charges(
    session: Session, *, until: date | None = None, since: date | None = None, invoice_ids: list[int] | None = None
) -> list[PlannedCharge]:
    """Open invoices of active AutoPay customers that AutoPay will charge (or charges now), never tried before,
    whose charge day falls in since..until (either may be left open): what the job charges, what the notice
    announces, what reminders leave alone."""
    delay = days_after_due(session)
    zone = company_time_zone(session)
    tried = select(PaymentAttempt.invoice_id).where(PaymentAttempt.source == AttemptSource.AUTOPAY)
    refunded = select(Payment.invoice_id).where(col(Payment.refunded_cents) > 0)
    query = (
        select(Invoice, SavedPaymentMethod)
        .join(SavedPaymentMethod, col(SavedPaymentMethod.customer_id) == Invoice.customer_id)
        .join(Customer, col(Customer.id) == Invoice.customer_id)
        .where(
            col(SavedPaymentMethod.autopay_since).is_not(None),
            Customer.status == CustomerStatus.ACTIVE,
            Invoice.status == InvoiceStatus.OPEN,
            col(Invoice.total_cents) > Invoice.amount_paid_cents,
            col(Invoice.id).not_in(tried),
            col(Invoice.id).not_in(refunded),
        )
        .order_by(col(Invoice.id))
    )
    if until is not None:
        query = query.where(col(Invoice.due_date) <= until - timedelta(days=delay))
    if since is not None:
        query = query.where(col(Invoice.due_date) >= since - timedelta(days=delay))
    if invoice_ids is not None:
        query = query.where(col(Invoice.id).in_(invoice_ids))
    return [
        PlannedCharge(invoice, card, invoice.due_date + timedelta(days=delay))
        for invoice, card in session.exec(query)
        # not what fell due before AutoPay was on
        if invoice.due_date and invoice.due_date + timedelta(days=delay) >= local_day(_on_since(card), zone)
    ]


def due_invoices(session: Session, *, today: date) -> list[int]:
    """Open invoices of active AutoPay customers whose charge day has come, that AutoPay never tried."""
    return [id_of(planned.invoice) for planned in planned_charges(session, until=today)]


def _claim_for_autopay(session: Session, invoice_id: int) -> Claim | str:
    invoice = card_payments.locked_invoice(session, invoice_id)
    if invoice is None:
        return "gone"
    already = session.exec(
        select(PaymentAttempt.id).where(
            PaymentAttempt.invoice_id == invoice_id, PaymentAttempt.source == AttemptSource.AUTOPAY
        )
    ).first()
    card = autopay_card(session, invoice.customer_id)
    if already is not None or card is None:
        return "already tried, or AutoPay was turned off"
    return card_payments.claim(
        session,
        invoice_id=invoice_id,
        customer_id=invoice.customer_id,
        card=card,
        source=AttemptSource.AUTOPAY,
        started_by=AUTOPAY,
    )


def run_autopay(transaction: Transaction, *, today: date | None = None) -> AutopayReport:
    report = AutopayReport()
    with transaction() as session:
        stripe_gateway: StripeGateway | None = gateway(session)
        if stripe_gateway is None:
            return report
        day = today or local_day(utcnow(), company_time_zone(session))
        candidates = due_invoices(session, today=day)
    for invoice_id in candidates:
        with transaction() as session:
            claimed = _claim_for_autopay(session, invoice_id)
        if not isinstance(claimed, Claim):
            report.skipped += 1
            continue
        outcome = card_payments.charge_claimed(transaction, stripe_gateway, claimed, notify_failure=True)
        if outcome.result == "paid":
            report.charged += 1
        elif outcome.result in ("processing", "unknown"):
            report.pending += 1
        else:
            report.failed += 1
            report.errors.append(f"{outcome.invoice_number}: {outcome.message}")
    return report
