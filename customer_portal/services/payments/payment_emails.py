"""Emails about card payments: a receipt for each payment, and a notice with a link when a payment failed
where the customer could not see it happen (AutoPay, or a result that arrived later).

Both are outbox rows written in the same transaction as the payment or the failure, so each is sent once.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from customer_portal.domain.cards import card_label
from customer_portal.domain.money import format_cents
from customer_portal.models import (
    CustomerEmail,
    Invoice,
    Payment,
    PaymentAttempt,
    PortalSettings,
    id_column,
    referenced,
)
from customer_portal.services.company.company import DEFAULT_TIME_ZONE
from customer_portal.services.company.company_profile import CompanyDetails, get_company
from customer_portal.services.messaging import outbox
from customer_portal.services.portal.portal_payments import method_label
from customer_portal.services.portal.portal_settings import portal_url

RECEIPT_TEMPLATE = "payment_receipt"
FAILURE_TEMPLATE = "payment_failed"


def _recipients(session: Session, customer_id: int) -> list[CustomerEmail]:
    """The addresses that get invoices; a customer with none of those gets it at the primary address."""
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer_id).order_by(id_column(CustomerEmail))
    ).all()
    billing = [email for email in emails if email.send_invoices]
    return billing or [email for email in emails if email.is_primary][:1]


def _portal_link(session: Session, page: str) -> str:
    portal = session.exec(select(PortalSettings)).first()
    if portal is None or not portal.enabled or not portal.slug:
        return ""
    return f"{portal_url(portal.slug)}/{page}"


def _send_to_customer(
    session: Session, customer_id: int, *, company: CompanyDetails, template: str, subject: str, text: str
) -> int:
    recipients = _recipients(session, customer_id)
    for email in recipients:
        outbox.enqueue(
            session,
            to=email.address,
            template=template,
            subject=subject,
            text=text,
            sender_name=company.name,
            reply_to=company.email,
            customer_email_id=email.id,
        )
    return len(recipients)


def queue_receipt(session: Session, *, payment: Payment) -> int:
    invoice = referenced(session, Invoice, payment.invoice_id)
    company = get_company(session)
    amount = format_cents(payment.amount_cents, payment.currency)
    when = payment.received_at.astimezone(ZoneInfo(company.time_zone or DEFAULT_TIME_ZONE))
    link = _portal_link(session, f"payments/{payment.id}")
    text = (
        f"Thank you for your payment to {company.name}.\n\n"
        f"Invoice: {invoice.number}\n"
        f"Amount: {amount}\n"
        f"Paid with: {method_label(payment)}\n"
        f"Date: {when:%Y-%m-%d %H:%M}\n"
        f"Reference: {payment.note or payment.processor_reference or payment.id}\n"
        + (f"\nYour receipt in the portal: {link}\n" if link else "")
    )
    return _send_to_customer(
        session,
        payment.customer_id,
        company=company,
        template=RECEIPT_TEMPLATE,
        subject=f"Receipt: {amount} for {invoice.number}",
        text=text,
    )


def queue_failure_notice(session: Session, *, attempt: PaymentAttempt) -> int:
    invoice = referenced(session, Invoice, attempt.invoice_id)
    company = get_company(session)
    amount = format_cents(attempt.amount_cents, attempt.currency)
    card = card_label(attempt.card_brand, attempt.card_last4)
    link = _portal_link(session, f"pay?invoice={attempt.invoice_id}")
    how = f"You can pay it here: {link}" if link else f"Please contact {company.name} to pay it."
    text = (
        f"We could not take the payment of {amount} for invoice {invoice.number} from your {card}.\n\n"
        f"Reason: {attempt.failure_message or 'the payment was not completed.'}\n\n"
        f"Nothing was charged, and we will not try this card again for this invoice on our own.\n{how}\n"
    )
    return _send_to_customer(
        session,
        attempt.customer_id,
        company=company,
        template=FAILURE_TEMPLATE,
        subject=f"Payment not completed for {invoice.number}",
        text=text,
    )
