"""One branded email from the company to one address: written in the company's layout, sent in its name, with
replies going to its email. Through the outbox, in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session

from customer_portal.adapters.email import Attachment
from customer_portal.models import OutboxEmail
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.messaging import outbox
from customer_portal.services.messaging.email_layout import EmailContent, render


def send_from_company(
    session: Session,
    *,
    to: str,
    template: str,
    content: EmailContent,
    customer_email_id: int | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> OutboxEmail:
    company = get_company(session)
    message = render(content, company=company)
    return outbox.enqueue(
        session,
        to=to,
        template=template,
        subject=message.subject,
        text=message.text,
        html=message.html,
        sender_name=company.name,
        reply_to=company.email,
        customer_email_id=customer_email_id,
        attachments=attachments,
    )
