"""Changing invoices: edit a draft, issue, void, record a cash or check payment.

Every change to money goes through the invoice status machine and leaves an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, func, text
from sqlmodel import Session, col, select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.invoices import format_invoice_number, totals_cents
from customer_portal.domain.money import InvalidAmount, parse_cents
from customer_portal.domain.transitions import INVOICE, PAYMENT, IllegalTransition
from customer_portal.i18n import N_, _
from customer_portal.models import (
    Customer,
    CustomerStatus,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentChannel,
    PaymentStatus,
    ServiceLocation,
    id_of,
)
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.billing.invoices import balance_of
from customer_portal.services.billing.line_items import LineInput, parse_lines, store_lines
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import event_notices
from customer_portal.services.payments import card_payments, payment_emails
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of

DEFAULT_TERMS_DAYS = 30
_NUMBERING_LOCK = 7_301_001  # any constant; names the "invoice numbering" advisory lock
MANUAL_CHANNELS = (PaymentChannel.CASH, PaymentChannel.CHECK)


@dataclass
class InvoiceDraft:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(Invoice, "memo")

    customer_id: int
    service_location_id: int | None = None
    due_date: str = ""  # YYYY-MM-DD, optional until issued (then issue date + 30 days)
    memo: str = ""
    lines: list[LineInput] = field(default_factory=list)


def _audit(session: Session, staff: StaffIdentity, action: str, invoice: Invoice, **details: object) -> None:
    audit.by_staff(
        session, staff, action, entity_type="invoice", entity_id=invoice.id, number=invoice.number, **details
    )


def _move(invoice: Invoice, action: str) -> None:
    try:
        invoice.status = INVOICE.apply(invoice.status, action)
    except IllegalTransition as error:
        raise ServiceError(str(error)) from error


def _locked_invoice(session: Session, invoice_id: int) -> Invoice:
    """The invoice, locked for this transaction on PostgreSQL (SQLite's BEGIN IMMEDIATE already is)."""
    invoice = card_payments.locked_invoice(session, invoice_id)
    if invoice is None:
        raise ServiceError(_("That invoice does not exist."))
    return invoice


def save_draft(session: Session, *, staff: StaffIdentity, invoice_id: int | None, draft: InvoiceDraft) -> int:
    """Create a draft (invoice_id None) or replace a draft's lines; issued invoices cannot be edited."""
    customer = session.get(Customer, draft.customer_id)
    if customer is None:
        raise ServiceError(_("Choose a customer for this invoice."))
    lines, errors = parse_lines(draft.lines)
    due = _parse_optional_date(draft.due_date, errors, "due_date")
    if draft.service_location_id:
        location = session.get(ServiceLocation, draft.service_location_id)
        if location is None or location.customer_id != customer.id:
            errors["service_location_id"] = _("Choose one of this customer's pools.")
    errors |= length_errors(draft, InvoiceDraft.LIMITS)
    if errors:
        raise ValidationFailed(errors)

    if invoice_id is None:
        if customer.status == CustomerStatus.ARCHIVED:
            raise ServiceError(_("This customer is archived; restore them before billing them."))
        invoice = Invoice(customer_id=id_of(customer), status=InvoiceStatus.DRAFT)
    else:
        invoice = _locked_invoice(session, invoice_id)
        if invoice.customer_id != customer.id:
            raise ServiceError(_("An invoice cannot move to another customer."))
        _move(invoice, "edit")
    invoice.service_location_id = draft.service_location_id or None
    invoice.due_date, invoice.memo = due, draft.memo.strip()
    invoice.subtotal_cents, invoice.tax_cents, invoice.total_cents = totals_cents([line.amount_cents for line in lines])
    session.add(invoice)
    session.flush()
    store_lines(session, line_model=InvoiceLine, owner_field="invoice_id", owner_id=id_of(invoice), lines=lines)
    return id_of(invoice)


def _parse_optional_date(text: str, errors: dict[str, str], key: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[key] = _("Enter a date like 2026-12-31.")
        return None


def _next_number(session: Session) -> str:
    """The next invoice number. Numbering is serialised: SQLite's BEGIN IMMEDIATE already holds the
    write lock; on PostgreSQL a transaction-scoped advisory lock does the same for this one step."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _NUMBERING_LOCK})
    highest = session.exec(
        select(func.max(cast(func.substr(Invoice.number, 5), Integer))).where(col(Invoice.number).like("INV-%"))
    ).one()
    return format_invoice_number((highest or 0) + 1)


def issue_invoice(session: Session, *, staff: StaffIdentity, invoice_id: int) -> str:
    """Draft to open: numbered, dated today in the company's time zone, due in 30 days unless set."""
    invoice = _locked_invoice(session, invoice_id)
    if invoice.status == InvoiceStatus.DRAFT and invoice.total_cents <= 0:
        raise ServiceError(_("Add at least one line with an amount before issuing."))
    _move(invoice, "issue")
    today = local_day(utcnow(), company_time_zone(session))
    invoice.issue_date = today
    if invoice.due_date is None or invoice.due_date < today:
        invoice.due_date = today + timedelta(days=DEFAULT_TERMS_DAYS)
    invoice.issued_at = utcnow()
    invoice.number = _next_number(session)
    session.add(invoice)
    _audit(session, staff, "invoice.issued", invoice, total_cents=invoice.total_cents)
    session.flush()
    event_notices.invoice_issued(session, invoice=invoice)
    return invoice.number


CARD_PAYMENT_IN_FLIGHT = N_(
    "A payment for this invoice is being confirmed (a bank payment takes up to four business days); "
    "try again when it has finished."
)


def _no_card_payment_in_flight(session: Session, invoice: Invoice) -> None:
    """Called under the invoice's lock: a card payment claimed it, and its outcome decides what is owed."""
    if card_payments.open_attempt(session, id_of(invoice)) is not None:
        raise ServiceError(_(CARD_PAYMENT_IN_FLIGHT))


def void_invoice(session: Session, *, staff: StaffIdentity, invoice_id: int) -> None:
    invoice = _locked_invoice(session, invoice_id)
    _no_card_payment_in_flight(session, invoice)
    if invoice.amount_paid_cents > 0 and invoice.status == InvoiceStatus.OPEN:
        raise ServiceError(_("This invoice has payments recorded against it; it cannot be voided."))
    _move(invoice, "void")
    invoice.voided_at = utcnow()
    session.add(invoice)
    _audit(session, staff, "invoice.voided", invoice, total_cents=invoice.total_cents)


@dataclass
class ManualPayment:
    LIMITS: ClassVar[dict[str, TextLimit]] = {"reference": limits_of(Payment, "note")["note"]}  # kept as the note

    channel: str  # "cash" or "check"
    amount: str  # as typed, "120.00"
    received_on: str  # YYYY-MM-DD in the company's time zone
    reference: str = ""  # check number


def record_manual_payment(session: Session, *, staff: StaffIdentity, invoice_id: int, payment: ManualPayment) -> int:
    """A cash or check payment: the invoice becomes paid, or stays open with the balance."""
    invoice = _locked_invoice(session, invoice_id)
    if invoice.status != InvoiceStatus.OPEN:
        raise ServiceError(
            _("Payments are recorded only on open invoices; this one is {status}.").format(
                status=_(invoice.status.value)
            )
        )
    _no_card_payment_in_flight(session, invoice)
    balance = balance_of(invoice)
    errors: dict[str, str] = {}
    if payment.channel not in MANUAL_CHANNELS:
        errors["channel"] = _("Choose cash or check.")
    try:
        amount = parse_cents(payment.amount)
        if amount <= 0:
            errors["amount"] = _("Enter an amount above zero.")
        elif amount > balance:
            errors["amount"] = _("The balance is {amount}; enter at most that.").format(
                amount=company_formats(session).money(balance, invoice.currency)
            )
    except InvalidAmount as error:
        errors["amount"] = str(error)
        amount = 0
    zone = company_time_zone(session)
    received = _parse_optional_date(payment.received_on, errors, "received_on") or local_day(utcnow(), zone)
    if received > local_day(utcnow(), zone):
        errors["received_on"] = _("The payment date cannot be in the future.")
    errors |= length_errors(payment, ManualPayment.LIMITS)
    if errors:
        raise ValidationFailed(errors)

    record = Payment(
        invoice_id=id_of(invoice),
        customer_id=invoice.customer_id,
        amount_cents=amount,
        currency=invoice.currency,
        channel=PaymentChannel(payment.channel),
        status=PAYMENT.apply(PaymentStatus.PENDING, "succeed"),
        note=payment.reference.strip(),
        received_at=datetime.combine(received, time(12), tzinfo=ZoneInfo(zone)),
        recorded_by_staff_id=staff.id,
    )
    session.add(record)
    invoice.amount_paid_cents += amount
    if invoice.amount_paid_cents >= invoice.total_cents:
        _move(invoice, "mark_paid")
        invoice.paid_at = utcnow()
    session.add(invoice)
    session.flush()
    _audit(
        session,
        staff,
        "payment.recorded",
        invoice,
        payment_id=record.id,
        amount_cents=amount,
        channel=payment.channel,
        balance_cents=balance_of(invoice),
    )
    payment_emails.queue_receipt(session, payment=record)  # every payment gets a receipt, card or not
    return id_of(record)
