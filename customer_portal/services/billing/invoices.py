"""Reading invoices for the office: the filtered, sorted, paginated list and one invoice in full."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, case, func, or_
from sqlmodel import Session, col, select

from customer_portal.domain.cards import paid_with
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.invoices import balance_cents, display_status
from customer_portal.domain.transitions import INVOICE
from customer_portal.i18n import _
from customer_portal.models import (
    AttemptStatus,
    Customer,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentAttempt,
    ServiceLocation,
    id_of,
)
from customer_portal.services.billing.line_items import LineView, format_price_input, line_views
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError

PAGE_SIZE = 25
STATUS_FILTERS = ("all", "draft", "open", "outstanding", "overdue", "paid", "void")


@dataclass(frozen=True)
class InvoiceQuery:
    status: str = "all"
    customer_id: int | None = None
    search: str = ""  # invoice number or customer name
    issued_from: date | None = None
    issued_to: date | None = None
    sort: str = "issue_date"
    descending: bool = True
    page: int = 1
    page_size: int = PAGE_SIZE
    issued_only: bool = False  # customers never see drafts


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    number: str
    customer_id: int
    customer_name: str
    issue_date: str
    due_date: str
    total: str
    balance: str
    status: str


@dataclass(frozen=True)
class InvoicePage:
    rows: list[InvoiceRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


@dataclass(frozen=True)
class PaymentView:
    id: int
    received_on: str
    channel: str
    amount: str
    status: str
    reference: str
    refunded: str = ""  # "$25.00" once (part of) the payment was refunded


@dataclass(frozen=True)
class InvoiceDetail:
    id: int
    number: str
    status: str
    customer_id: int
    customer_name: str
    service_location_id: int
    issue_date: str  # ISO, for the editor's date input
    due_date: str
    issued_on: str  # as the company writes dates: "Dec 1, 2026"
    due_on: str
    memo: str
    subtotal: str
    total: str
    amount_paid: str
    balance: str
    balance_input: str
    lines: list[LineView]
    payments: list[PaymentView]
    can_edit: bool
    can_issue: bool
    can_void: bool
    can_record_payment: bool


def balance_of(invoice: Invoice) -> int:
    """What the customer still owes on this invoice (nothing on a void one)."""
    return balance_cents(invoice.status, invoice.total_cents, invoice.amount_paid_cents)


def _balance() -> ColumnElement[int]:
    """balance_cents in SQL, for sorting: a void invoice owes nothing."""
    return case(
        (col(Invoice.status) == InvoiceStatus.VOID, 0), else_=col(Invoice.total_cents) - col(Invoice.amount_paid_cents)
    )


def _filters(query: InvoiceQuery, today: date) -> list[ColumnElement[bool]]:
    status, issued = col(Invoice.status), col(Invoice.issue_date)
    filters: list[ColumnElement[bool]] = []
    if query.status == "overdue":
        filters += [status == InvoiceStatus.OPEN, col(Invoice.due_date) < today]
    elif query.status == "outstanding":
        filters.append(status == InvoiceStatus.OPEN)
    elif query.status in STATUS_FILTERS[1:]:
        filters.append(status == InvoiceStatus(query.status))
    if query.customer_id:
        filters.append(col(Invoice.customer_id) == query.customer_id)
    if query.issued_only:
        filters.append(status != InvoiceStatus.DRAFT)
    if query.issued_from:
        filters.append(issued >= query.issued_from)
    if query.issued_to:
        filters.append(issued <= query.issued_to)
    if text := query.search.strip().lower():
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        filters.append(or_(func.lower(Invoice.number).like(pattern), func.lower(Customer.name).like(pattern)))
    return filters


def list_invoices(session: Session, *, query: InvoiceQuery) -> InvoicePage:
    today = local_day(utcnow(), company_time_zone(session))
    formats = company_formats(session)
    filters = _filters(query, today)
    base = select(func.count()).select_from(Invoice).join(Customer, col(Customer.id) == Invoice.customer_id)
    total = session.exec(base.where(*filters)).one()
    pages = max(1, -(-total // query.page_size))
    page = min(max(1, query.page), pages)
    columns: dict[str, SQLColumnExpression[Any]] = {
        "number": col(Invoice.number),
        "customer": func.lower(Customer.name),
        "issue_date": col(Invoice.issue_date),
        "due_date": col(Invoice.due_date),
        "total": col(Invoice.total_cents),
        "balance": _balance(),
        "status": col(Invoice.status),
    }
    order = columns.get(query.sort, col(Invoice.issue_date))
    statement = (
        select(Invoice, Customer.name)
        .join(Customer, col(Customer.id) == Invoice.customer_id)
        .where(*filters)
        .order_by(order.desc() if query.descending else order.asc(), col(Invoice.id).desc())
        .offset((page - 1) * query.page_size)
        .limit(query.page_size)
    )
    found = session.exec(statement).all()
    processing = processing_invoices(session, [id_of(invoice) for invoice, _ in found])
    rows = [
        InvoiceRow(
            id=id_of(invoice),
            number=invoice.number or _("Draft"),
            customer_id=invoice.customer_id,
            customer_name=name,
            issue_date=formats.day(invoice.issue_date),
            due_date=formats.day(invoice.due_date),
            total=formats.money(invoice.total_cents, invoice.currency),
            balance=formats.money(balance_of(invoice), invoice.currency),
            status=display_status(invoice.status, invoice.due_date, today, processing=invoice.id in processing),
        )
        for invoice, name in found
    ]
    return InvoicePage(rows=rows, total=total, page=page, pages=pages)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _method_of(payment: Payment) -> str:
    """The card or bank account a payment came from; "" for cash and checks (their note says it)."""
    return paid_with(payment.channel.value, payment.card_brand, payment.card_last4) if payment.card_last4 else ""


def processing_invoices(session: Session, invoice_ids: list[int]) -> set[int]:
    """Which of these invoices a bank debit is paying right now (it clears, or is returned, days later)."""
    return set(
        session.exec(
            select(col(PaymentAttempt.invoice_id)).where(
                col(PaymentAttempt.invoice_id).in_(invoice_ids), PaymentAttempt.status == AttemptStatus.PROCESSING
            )
        )
    )


def get_invoice(session: Session, *, invoice_id: int) -> InvoiceDetail:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise ServiceError(_("That invoice does not exist."))
    customer = session.get(Customer, invoice.customer_id)
    zone = company_time_zone(session)
    today = local_day(utcnow(), zone)
    payments = session.exec(
        select(Payment).where(Payment.invoice_id == invoice_id).order_by(col(Payment.received_at))
    ).all()
    balance = balance_of(invoice)
    formats = company_formats(session)

    def money(cents: int) -> str:
        return formats.money(cents, invoice.currency)

    return InvoiceDetail(
        id=id_of(invoice),
        number=invoice.number or _("Draft"),
        status=display_status(
            invoice.status, invoice.due_date, today, processing=invoice_id in processing_invoices(session, [invoice_id])
        ),
        customer_id=invoice.customer_id,
        customer_name=customer.name if customer else "",
        service_location_id=invoice.service_location_id or 0,
        issue_date=_day(invoice.issue_date),
        due_date=_day(invoice.due_date),
        issued_on=formats.day(invoice.issue_date),
        due_on=formats.day(invoice.due_date),
        memo=invoice.memo,
        subtotal=money(invoice.subtotal_cents),
        total=money(invoice.total_cents),
        amount_paid=money(invoice.amount_paid_cents),
        balance=money(balance),
        balance_input=format_price_input(balance),
        lines=line_views(
            session,
            line_model=InvoiceLine,
            owner_field="invoice_id",
            owner_id=id_of(invoice),
            currency=invoice.currency,
        ),
        payments=[
            PaymentView(
                id=id_of(payment),
                received_on=formats.day(local_day(payment.received_at, zone)),
                channel=payment.channel.value,
                amount=money(payment.amount_cents),
                status=payment.status.value,
                reference=payment.note
                or (
                    paid_with(payment.channel.value, payment.card_brand, payment.card_last4)
                    if payment.card_last4
                    else ""
                ),
                refunded=money(payment.refunded_cents) if payment.refunded_cents else "",
            )
            for payment in payments
        ],
        can_edit=INVOICE.allows(invoice.status, "edit"),
        can_issue=INVOICE.allows(invoice.status, "issue"),
        can_void=INVOICE.allows(invoice.status, "void") and invoice.amount_paid_cents == 0,
        can_record_payment=invoice.status == InvoiceStatus.OPEN and balance > 0,
    )


def pools_of_customer(session: Session, *, customer_id: int) -> list[tuple[int, str]]:
    pools = session.exec(
        select(ServiceLocation).where(ServiceLocation.customer_id == customer_id).order_by(col(ServiceLocation.id))
    )
    return [(id_of(pool), f"{pool.label} — {pool.address}" if pool.label else pool.address) for pool in pools]
