"""A signed-in customer's invoices: the list, one invoice, and its PDF. Always scoped to that customer,
never drafts, and only while Invoices is shown to the signed-in email."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session

from customer_portal import routes
from customer_portal.i18n import N_, _
from customer_portal.models import Customer, Invoice, InvoiceStatus, ServiceLocation
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing import invoices
from customer_portal.services.billing.invoices import InvoiceDetail, InvoicePage, InvoiceQuery
from customer_portal.services.billing.pdf import Document, Letterhead, letterhead
from customer_portal.services.company.company import company_formats
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import pay_now
from customer_portal.services.portal.owned import owned_by, owned_select
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url
from customer_portal.services.portal.portal_view import require_tab

CUSTOMER_FILTERS = ("all", "outstanding", "overdue", "paid", "void")
SORTABLE = ("number", "issue_date", "due_date", "total", "balance", "status")


@dataclass(frozen=True)
class CustomerInvoices:
    page: InvoicePage
    outstanding: str
    can_pay: bool = False  # Pay Now is offered: something is owed and card payments are on


def list_invoices(
    session: Session,
    *,
    customer: CustomerIdentity,
    status: str = "all",
    sort: str = "issue_date",
    descending: bool = True,
    page: int = 1,
) -> CustomerInvoices:
    require_tab(customer, key="invoices")
    query = InvoiceQuery(
        status=status if status in CUSTOMER_FILTERS else "all",
        customer_id=customer.customer_id,
        issued_only=True,
        sort=sort if sort in SORTABLE else "issue_date",
        descending=descending,
        page=page,
        page_size=20,
    )
    outstanding = outstanding_cents(session, customer=customer)
    return CustomerInvoices(
        invoices.list_invoices(session, query=query),
        company_formats(session).money(outstanding),
        outstanding > 0 and pay_now.can_pay_online(customer),
    )


def outstanding_cents(session: Session, *, customer: CustomerIdentity) -> int:
    """What the customer owes on their open invoices, in all."""
    require_tab(customer, key="invoices")
    owed = owned_select(customer, Invoice, func.coalesce(func.sum(Invoice.total_cents - Invoice.amount_paid_cents), 0))
    return int(session.exec(owed.where(Invoice.status == InvoiceStatus.OPEN)).one())


def _owned(session: Session, customer: CustomerIdentity, invoice_id: int) -> Invoice:
    require_tab(customer, key="invoices")
    invoice = owned_by(session, customer, Invoice, invoice_id)
    if invoice is None or invoice.status == InvoiceStatus.DRAFT:
        raise ServiceError(_("That invoice is not available."))  # the same words for "not yours" and "no such"
    return invoice


@dataclass(frozen=True)
class CustomerInvoice:
    invoice: InvoiceDetail
    can_pay: bool = False  # Pay Now is offered for it: it is open, something is owed, card payments are on


def get_invoice(session: Session, *, customer: CustomerIdentity, invoice_id: int) -> CustomerInvoice:
    invoice = _owned(session, customer, invoice_id)
    payable = invoice.status == InvoiceStatus.OPEN and invoices.balance_of(invoice) > 0
    return CustomerInvoice(
        invoices.get_invoice(session, invoice_id=invoice_id), payable and pay_now.can_pay_online(customer)
    )


def invoice_pdf(session: Session, *, customer: CustomerIdentity, invoice_id: int) -> tuple[str, bytes]:
    """(file name, PDF bytes) of one of the customer's invoices, with the numbers the page shows."""
    shown = get_invoice(session, customer=customer, invoice_id=invoice_id)
    pool = owned_by(session, customer, ServiceLocation, shown.invoice.service_location_id or 0)
    customer_row = session.get(Customer, customer.customer_id)
    bill_to = f"{customer_row.name if customer_row else customer.customer_name}, {customer.email}"
    return invoice_document(session, shown, bill_to=bill_to, service_address=pool.address if pool else "")


def invoice_document(
    session: Session, shown: CustomerInvoice, *, bill_to: str, service_address: str
) -> tuple[str, bytes]:
    """The invoice PDF for whoever may see it: the signed-in customer, or the email that delivers it."""
    detail = shown.invoice
    sender = letterhead(session)
    document = Document(
        letterhead=sender,
        title=_("Invoice {number}").format(number=detail.number),
        mark=_(_MARKS[detail.status]) if detail.status in _MARKS else "",
    )
    document.line_of(_("Bill to"), bill_to)
    if service_address:
        document.line_of(_("Service address"), service_address)
    document.line_of(_("Issued"), detail.issued_on)
    document.line_of(_("Due"), detail.due_on)
    document.line_of(_("Status"), detail.status)
    document.ln(3)
    document.table(
        [_("Description"), _("Qty"), _("Unit price"), _("Amount")],
        [100, 20, 35, 35],
        [[line.description, line.quantity, line.unit_price_display, line.amount] for line in detail.lines],
        right={1, 2, 3},
    )
    document.line_of(_("Total"), detail.total, bold=True)
    document.line_of(_("Paid"), detail.amount_paid)
    document.line_of(_("Balance due"), detail.balance, bold=True)
    if detail.payments:
        document.ln(3)
        document.table(
            [_("Payment date"), _("Method"), _("Reference"), _("Amount")],
            [40, 30, 80, 40],
            [[p.received_on, p.channel, p.reference, p.amount] for p in detail.payments],
            right={3},
        )
    if detail.memo:
        document.ln(2)
        document.paragraph(detail.memo)
    if how := _how_to_pay(session, shown, sender):
        document.ln(2)
        document.paragraph(how)
    return f"{detail.number}.pdf", document.render()


_MARKS = {"paid": N_("PAID"), "void": N_("VOID")}


def _how_to_pay(session: Session, shown: CustomerInvoice, sender: Letterhead) -> str:
    """For an invoice still owed: where to pay it online, or where to send a check."""
    if shown.invoice.status not in ("open", "overdue"):
        return ""
    if shown.can_pay and (pay := portal_page_url(routes.PORTAL_PAY, get_portal_settings(session).slug)):
        return _("Pay online: {link}").format(link=f"{pay}?invoice={shown.invoice.id}")
    if sender.address:
        return _("To pay by check, make it payable to {company} and mail it to {address}.").format(
            company=sender.name, address=sender.address
        )
    return _("To pay by check, make it payable to {company}.").format(company=sender.name)
