"""Emails about card payments: a receipt for each payment (its PDF attached), and a notice with a link when a
payment failed where the customer could not see it happen (AutoPay, or a result that arrived later).

Both are outbox rows written in the same transaction as the payment or the failure, so each is sent once. They
are not notifications a customer can turn off: they are about money that moved, or did not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.adapters.email import Attachment
from customer_portal.domain.cards import card_label
from customer_portal.i18n import _, speaking
from customer_portal.models import Customer, CustomerEmail, Invoice, Payment, PaymentAttempt, id_column, referenced
from customer_portal.services.company.company import company_formats
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.customers.customer_language import by_language
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


Written = tuple[EmailContent, tuple[Attachment, ...]]


def _send_to_customer(session: Session, customer_id: int, *, template: str, write: Callable[[], Written]) -> int:
    """`write` makes the email (and its attachments) in the language being spoken: once for each language the
    recipients read."""
    recipients = _recipients(session, customer_id)
    for language, emails in by_language(session, recipients).items():
        with speaking(language):
            content, attachments = write()
            for email in emails:
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
    return _send_to_customer(
        session, payment.customer_id, template=RECEIPT_TEMPLATE, write=partial(_receipt, session, payment)
    )


def _receipt(session: Session, payment: Payment) -> Written:
    invoice = referenced(session, Invoice, payment.invoice_id)
    customer = referenced(session, Customer, payment.customer_id)
    shown = receipt_of(session, payment, invoice_number=invoice.number or "", customer=customer.name)
    link = _portal_page(session, routes.PORTAL_RECEIPT, payment_id=str(payment.id))
    content = EmailContent(
        subject=_("Receipt: {amount} for {invoice}").format(amount=shown.amount, invoice=shown.invoice),
        heading=_("Thank you for your payment"),
        paragraphs=(_("{company} received your payment. Your receipt is attached.").format(company=shown.company),),
        details=(
            Detail(_("Invoice"), shown.invoice),
            Detail(_("Amount"), shown.amount),
            Detail(_("Paid with"), method_label(payment)),
            Detail(_("Date"), shown.day),
            Detail(_("Reference"), payment.note or payment.processor_reference or str(payment.id)),
        ),
        button=Button(_("See your receipt"), link) if link else None,
    )
    name, pdf = receipt_document(session, shown)
    return content, (Attachment(name, "application/pdf", pdf),)


def queue_failure_notice(session: Session, *, attempt: PaymentAttempt) -> int:
    return _send_to_customer(
        session, attempt.customer_id, template=FAILURE_TEMPLATE, write=partial(_failure_notice, session, attempt)
    )


def _failure_notice(session: Session, attempt: PaymentAttempt) -> Written:
    invoice = referenced(session, Invoice, attempt.invoice_id)
    company = get_company(session)
    amount = company_formats(session).money(attempt.amount_cents, attempt.currency)
    card = card_label(attempt.card_brand, attempt.card_last4, attempt.method_kind)
    link = _portal_page(session, routes.PORTAL_PAY)
    link = f"{link}?invoice={attempt.invoice_id}" if link else ""
    how = (
        _("You can pay it another way online.")
        if link
        else _("Please contact {company} to pay it.").format(company=company.name)
    )
    content = EmailContent(
        subject=_("Payment not completed for {invoice}").format(invoice=invoice.number),
        heading=_("Your payment did not go through"),
        paragraphs=(
            _("We could not take the payment of {amount} for invoice {invoice} from your {card}.").format(
                amount=amount, invoice=invoice.number, card=card
            ),
            _("Reason: {reason}").format(
                reason=_(attempt.failure_message) if attempt.failure_message else _("the payment was not completed.")
            ),
            _("Nothing was taken, and we will not try it again for this invoice on our own.") + " " + how,
        ),
        details=(Detail(_("Invoice"), invoice.number or ""), Detail(_("Amount"), amount), Detail(_("Paid with"), card)),
        button=Button(_("Pay this invoice"), link) if link else None,
    )
    return content, ()
