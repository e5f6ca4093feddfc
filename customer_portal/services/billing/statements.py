"""A customer's billing statement for any period (by default the last calendar year), on the page and as PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from customer_portal.domain.cards import CHANNELS
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.statement import Entry, build_statement, last_calendar_year
from customer_portal.i18n import _
from customer_portal.models import Invoice, InvoiceStatus, Payment, PaymentStatus, id_column
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing.pdf import Document, letterhead
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ValidationFailed
from customer_portal.services.portal.portal_view import require_tab

MAX_DAYS = 3660


@dataclass(frozen=True)
class StatementRow:
    day: str
    description: str
    charge: str
    payment: str
    balance: str


@dataclass(frozen=True)
class StatementView:
    start: str = ""  # ISO: the period form's values and the PDF link's
    end: str = ""
    period: str = ""  # as the company writes dates: "Jan 1, 2025 to Dec 31, 2025"
    opening: str = ""
    closing: str = ""
    charges: str = ""
    payments: str = ""
    rows: list[StatementRow] = field(default_factory=list)


def default_period(session: Session) -> tuple[date, date]:
    return last_calendar_year(local_day(utcnow(), company_time_zone(session)))


def _period(start: str, end: str, session: Session) -> tuple[date, date]:
    if not start and not end:
        return default_period(session)
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise ValidationFailed({"period": _("Enter both dates, like 2025-01-01 and 2025-12-31.")}) from None
    if first > last:
        raise ValidationFailed({"period": _("The start date is after the end date.")})
    if (last - first).days > MAX_DAYS:
        raise ValidationFailed({"period": _("Choose a period of at most ten years.")})
    return first, last


def _entries(session: Session, customer_id: int, zone: str) -> list[Entry]:
    """Every charge and payment of the customer's account, read as plain columns (the opening balance needs the
    years before the period too: loading them as rows doubled a three-year statement's time)."""
    issued = session.exec(
        select(col(Invoice.issue_date), col(Invoice.number), col(Invoice.total_cents)).where(
            Invoice.customer_id == customer_id,
            col(Invoice.status).in_([InvoiceStatus.OPEN, InvoiceStatus.PAID]),
        )
    )
    entries = [
        Entry(issued_on, "invoice", _("Invoice {number}").format(number=number), total)
        for issued_on, number, total in issued
        if issued_on is not None  # always, once issued
    ]
    numbers = dict(
        session.exec(select(id_column(Invoice), col(Invoice.number)).where(Invoice.customer_id == customer_id)).all()
    )
    payments = session.exec(
        select(
            col(Payment.invoice_id),
            col(Payment.channel),
            col(Payment.received_at),
            col(Payment.amount_cents) - col(Payment.refunded_cents),
        ).where(
            Payment.customer_id == customer_id,
            col(Payment.status).in_([PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED]),
        )
    )
    for invoice_id, channel, received_at, amount in payments:
        if amount > 0:  # a payment counts on the local day it was received, not the UTC day
            label = _("Payment ({method}) — {invoice}").format(
                method=_(CHANNELS.get(channel.value, channel.value)).lower(),
                invoice=numbers.get(invoice_id) or _("invoice"),
            )
            entries.append(Entry(local_day(received_at, zone), "payment", label, amount))
    return entries


def statement_for(session: Session, *, customer: CustomerIdentity, start: str = "", end: str = "") -> StatementView:
    require_tab(customer, key="invoices")
    first, last = _period(start, end, session)
    result = build_statement(_entries(session, customer.customer_id, company_time_zone(session)), start=first, end=last)
    formats = company_formats(session)

    def money(cents: int) -> str:
        return formats.money(cents)

    return StatementView(
        start=first.isoformat(),
        end=last.isoformat(),
        period=_("{start} to {end}").format(start=formats.day(first), end=formats.day(last)),
        opening=money(result.opening_cents),
        closing=money(result.closing_cents),
        charges=money(result.charges_cents),
        payments=money(result.payments_cents),
        rows=[
            StatementRow(
                formats.day(line.day),
                line.reference,
                money(line.charge_cents) if line.charge_cents else "",
                money(line.payment_cents) if line.payment_cents else "",
                money(line.balance_cents),
            )
            for line in result.lines
        ],
    )


def statement_pdf(session: Session, *, customer: CustomerIdentity, start: str = "", end: str = "") -> tuple[str, bytes]:
    view = statement_for(session, customer=customer, start=start, end=end)
    document = Document(letterhead=letterhead(session), title=_("Statement {period}").format(period=view.period))
    document.line_of(_("Customer"), customer.customer_name)
    document.line_of(_("Opening balance"), view.opening, bold=True)
    document.ln(2)
    document.table(
        [_("Date"), _("Description"), _("Charges"), _("Payments"), _("Balance")],
        [25, 75, 30, 30, 30],
        [[row.day, row.description, row.charge, row.payment, row.balance] for row in view.rows],
        right={2, 3, 4},
    )
    document.line_of(_("Charges in period"), view.charges)
    document.line_of(_("Payments in period"), view.payments)
    document.line_of(_("Closing balance"), view.closing, bold=True)
    return f"statement-{view.start}-{view.end}.pdf", document.render()
