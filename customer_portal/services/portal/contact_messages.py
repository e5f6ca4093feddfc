"""Contact Us messages: from a signed-in customer to the office, by email through the outbox (so they are
also kept on the staff Outbox page), at most a few an hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.i18n import OFFICE_LANGUAGE, _, speaking
from customer_portal.models import AuditActor, OutboxEmail
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox
from customer_portal.services.portal.portal_quotes import office_address
from customer_portal.services.portal.portal_view import require_tab
from customer_portal.services.text_limits import TextLimit

TEMPLATE = "contact_message"
PER_HOUR = 5
MESSAGE_LIMIT = TextLimit(5000)  # an email to the office, not a column


def send_message(session: Session, *, customer: CustomerIdentity, message: str) -> str:
    """Queue the message to the office; returns the address replies will go to."""
    require_tab(customer, key="contact")
    require_writable(customer)
    text = message.strip()
    if not text:
        raise ValidationFailed({"message": _("Write your message.")})
    if MESSAGE_LIMIT.exceeded_by(text):
        raise ValidationFailed({"message": MESSAGE_LIMIT.message})
    recent = session.exec(
        select(func.count()).where(
            OutboxEmail.template == TEMPLATE,
            OutboxEmail.customer_email_id == customer.email_id,
            OutboxEmail.created_at > utcnow() - timedelta(hours=1),
        )
    ).one()
    if recent >= PER_HOUR:
        raise ServiceError(_("You have sent several messages in the last hour; please call us if it is urgent."))
    to = office_address(session)
    if not to:
        raise ServiceError(_("Messages cannot be sent right now; please call us."))
    with speaking(OFFICE_LANGUAGE):
        outbox.enqueue(
            session,
            to=to,
            template=TEMPLATE,
            subject=_("Portal message from {name}").format(name=customer.customer_name),
            text=_("{name} ({email}) wrote through the customer portal:").format(
                name=customer.customer_name, email=customer.email
            )
            + f"\n\n{text}",
            reply_to=customer.email,
            customer_email_id=customer.email_id,
        )
    audit.record(
        session,
        action="portal.message_sent",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
    )
    return customer.email
