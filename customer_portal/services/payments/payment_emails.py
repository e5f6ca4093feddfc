"""Emails about card payments: a receipt for each payment (its PDF attached), and a notice with a link when a
payment failed where the customer could not see it happen (AutoPay, or a result that arrived later).

Both are outbox rows written in the same transaction as the payment or the failure, so each is sent once. They
are not notifications a customer can turn off: they are about money that moved, or did not.
"""

from __future__ import annotations

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.adapters.email import Attachment
from customer_portal.domain.cards import card_label
from customer_portal.models import Customer, CustomerEmail, Invoice, Payment, PaymentAttempt, id_column, referenced
from customer_portal.services.company.company import company_formats
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, Detail, EmailContent
from customer_portal.services.portal.portal_payments import method_label, receipt_document, receipt_of
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url

RECEIPT_TEMPLATE = "payment_receipt"
FAILURE_TEMPLATE = "payment_failed"


def _recipients(session: Session, customer_id: int) -> list[CustomerEmail]:
    """The addresses that get invoices; a customer with none of those gets it at the primary address."""
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer_id).order_by(id_column(CustomerEmail))
    ).all()
    billing = [email for email in emails if email.send_invoices]
    return billing or [email for email in emails if email.is_primary][:1]


def _portal_page(session: Session, route: str, **values: str) -> str:
    """A portal page's address while the portal is on; "" when there is no portal to send anyone to."""
    portal = get_portal_settings(session)
    return portal_page_url(route, portal.slug, **values) if portal.enabled else ""


def _send_to_customer(
    session: Session,
    customer_id: int,
    *,
    template: str,
    content: EmailContent,
    attachments: tuple[Attachment, ...] = (),
) -> int:
    recipients = _recipients(session, customer_id)
    for email in recipients:
        send_from_company(
            session,
            to=email.address,
            template=template,
            content=content,
            customer_email_id=email.id,
            attachments=attachments,
        )
    return len(recipients)


def queue_receipt(session: Session, *, payment: Payment) -> int:
    invoice = referenced(session, Invoice, payment.invoice_id)
    customer = referenced(session, Customer, payment.customer_id)
    shown = receipt_of(session, payment, invoice_number=invoice.number or "", customer=customer.name)
    link = _portal_page(session, routes.PORTAL_RECEIPT, payment_id=str(payment.id))
    content = EmailContent(
        subject=f"Receipt: {shown.amount} for {shown.invoice}",
        heading="Thank you for your payment",
        paragraphs=(f"{shown.company} received your payment. Your receipt is attached.",),
        details=(
            Detail("Invoice", shown.invoice),
            Detail("Amount", shown.amount),
            Detail("Paid with", method_label(payment)),
            Detail("Date", shown.day),
            Detail("Reference", payment.note or payment.processor_reference or str(payment.id)),
        ),
        button=Button("See your receipt", link) if link else None,
    )
    name, pdf = receipt_document(session, shown)
    return _send_to_customer(
        session,
        payment.customer_id,
        template=RECEIPT_TEMPLATE,
        content=content,
        attachments=(Attachment(name, "application/pdf", pdf),),
    )


def queue_failure_notice(session: Session, *, attempt: PaymentAttempt) -> int:
    invoice = referenced(session, Invoice, attempt.invoice_id)
    company = get_company(session)
    amount = company_formats(session).money(attempt.amount_cents, attempt.currency)
    card = card_label(attempt.card_brand, attempt.card_last4, attempt.method_kind)
    link = _portal_page(session, routes.PORTAL_PAY)
    link = f"{link}?invoice={attempt.invoice_id}" if link else ""
    content = EmailContent(
        subject=f"Payment not completed for {invoice.number}",
        heading="Your payment did not go through",
        paragraphs=(
            f"We could not take the payment of {amount} for invoice {invoice.number} from your {card}.",
            f"Reason: {attempt.failure_message or 'the payment was not completed.'}",
            "Nothing was taken, and we will not try it again for this invoice on our own. "
            + ("You can pay it another way online." if link else f"Please contact {company.name} to pay it."),
        ),
        details=(Detail("Invoice", invoice.number or ""), Detail("Amount", amount), Detail("Paid with", card)),
        button=Button("Pay this invoice", link) if link else None,
    )
    return _send_to_customer(session, attempt.customer_id, template=FAILURE_TEMPLATE, content=content)
