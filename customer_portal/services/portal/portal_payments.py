"""A signed-in customer's payments: filtered, sorted and paged in SQL, and a receipt for each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import SQLColumnExpression, func
from sqlmodel import Session, col, select

from customer_portal.domain.cards import paid_with
from customer_portal.domain.clock import local_day, start_of_local_day
from customer_portal.i18n import _
from customer_portal.models import CompanyProfile, Invoice, Payment, PaymentChannel, id_column, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing.pdf import Document, letterhead
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError
from customer_portal.services.portal.owned import owned_by, owned_select
from customer_portal.services.portal.portal_view import require_tab

PAGE_SIZE = 20
METHODS = ("all", *[channel.value for channel in PaymentChannel])
SORTABLE = ("date", "amount", "invoice", "method")


@dataclass(frozen=True)
class PaymentRow:
    id: int
    day: str
    invoice: str
    amount: str
    method: str
    reference: str
    status: str


@dataclass(frozen=True)
class PaymentPage:
    rows: list[PaymentRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


@dataclass(frozen=True)
class Receipt:
    id: int
    company: str
    customer: str
    day: str
    invoice: str
    amount: str
    refunded: str
    method: str
    reference: str
    status: str


def method_label(payment: Payment) -> str:
    return paid_with(payment.channel.value, payment.card_brand, payment.card_last4)


def list_payments(
    session: Session,
    *,
    customer: CustomerIdentity,
    method: str = "all",
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "date",
    descending: bool = True,
    page: int = 1,
) -> PaymentPage:
    require_tab(customer, key="payments")
    zone = company_time_zone(session)
    filters = []
    if method in METHODS[1:]:
        filters.append(Payment.channel == PaymentChannel(method))
    if date_from:
        filters.append(Payment.received_at >= start_of_local_day(date_from, zone))
    if date_to:
        filters.append(Payment.received_at < start_of_local_day(date_to + timedelta(days=1), zone))
    total = session.exec(owned_select(customer, Payment, func.count()).select_from(Payment).where(*filters)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    columns: dict[str, SQLColumnExpression[Any]] = {
        "date": col(Payment.received_at),
        "amount": col(Payment.amount_cents),
        "invoice": col(Invoice.number),
        "method": col(Payment.channel),
    }
    order = columns.get(sort, columns["date"])
    statement = (
        owned_select(customer, Payment, Payment, col(Invoice.number))
        .join(Invoice, col(Invoice.id) == Payment.invoice_id)
        .where(*filters)
        .order_by(order.desc() if descending else order.asc(), id_column(Payment).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    formats = company_formats(session)
    rows = [
        PaymentRow(
            id=id_of(payment),
            day=formats.day(local_day(payment.received_at, zone)),
            invoice=number or "",
            amount=formats.money(payment.amount_cents, payment.currency),
            method=method_label(payment),
            reference=payment.note or (payment.processor_reference or ""),
            status=payment.status.value,
        )
        for payment, number in session.exec(statement)
    ]
    return PaymentPage(rows=rows, total=total, page=page, pages=pages)


def receipt(session: Session, *, customer: CustomerIdentity, payment_id: int) -> Receipt:
    require_tab(customer, key="payments")
    payment = owned_by(session, customer, Payment, payment_id)
    if payment is None:
        raise ServiceError(_("That payment is not available."))
    invoice = owned_by(session, customer, Invoice, payment.invoice_id)
    return receipt_of(
        session, payment, invoice_number=invoice.number or "" if invoice else "", customer=customer.customer_name
    )


def receipt_of(session: Session, payment: Payment, *, invoice_number: str, customer: str) -> Receipt:
    """The receipt of a payment already known to be the reader's (the customer's own, or the one being emailed)."""
    formats = company_formats(session)
    return Receipt(
        id=id_of(payment),
        company=session.exec(select(CompanyProfile.name)).first() or "",
        customer=customer,
        day=formats.moment(payment.received_at.astimezone(ZoneInfo(company_time_zone(session)))),
        invoice=invoice_number,
        amount=formats.money(payment.amount_cents, payment.currency),
        refunded=formats.money(payment.refunded_cents, payment.currency) if payment.refunded_cents else "",
        method=method_label(payment),
        reference=payment.note or (payment.processor_reference or ""),
        status=payment.status.value,
    )


def receipt_document(session: Session, shown: Receipt) -> tuple[str, bytes]:
    """(file name, PDF bytes): the receipt page on paper, with the company's letterhead."""
    document = Document(
        letterhead=letterhead(session),
        title=_("Receipt for invoice {number}").format(number=shown.invoice),
        mark=_("PAID"),
    )
    document.line_of(_("Received from"), shown.customer)
    document.line_of(_("Date"), shown.day)
    document.line_of(_("Invoice"), shown.invoice)
    document.line_of(_("Amount"), shown.amount, bold=True)
    if shown.refunded:
        document.line_of(_("Refunded"), shown.refunded)
    document.line_of(_("Paid with"), shown.method)
    if shown.reference:
        document.line_of(_("Reference"), shown.reference)
    document.ln(3)
    document.paragraph(_("Thank you for your payment to {company}.").format(company=shown.company))
    return f"receipt-{shown.invoice or shown.id}.pdf", document.render()


def receipt_pdf(session: Session, *, customer: CustomerIdentity, payment_id: int) -> tuple[str, bytes]:
    return receipt_document(session, receipt(session, customer=customer, payment_id=payment_id))
