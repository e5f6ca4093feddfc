"""Queue one notification to the addresses that want it: in the transaction of the event that causes it,
once per event and address however often it is asked (the outbox's dedupe key), in the office's words and
the company's colours, each with its own one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.adapters.email import Attachment
from customer_portal.domain.notifications import NotificationKind
from customer_portal.i18n import _, current_language, speaking
from customer_portal.models import Customer, CustomerEmail, CustomerStatus, id_column, id_of
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.customers.customer_language import by_language
from customer_portal.services.messaging import outbox, preferences
from customer_portal.services.messaging.email_layout import Button, Detail, Photo, Section, render
from customer_portal.services.messaging.notification_templates import compose, get_template
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url


@dataclass(frozen=True)
class Notice:
    """What one event's notification says, in the language being spoken, before it is addressed."""

    values: dict[str, str] = field(default_factory=dict)  # the kind's placeholders (not the customer's name)
    details: tuple[Detail, ...] = ()
    button: Button | None = None
    sections: tuple[Section, ...] = ()
    photos: tuple[Photo, ...] = ()
    # Made only when someone will receive it (an invoice's PDF)
    attachments: Callable[[], tuple[Attachment, ...]] | None = None


def recipients(session: Session, kind: NotificationKind, customer_id: int) -> list[CustomerEmail]:
    """The customer's addresses this kind goes to and that have not turned it off; none while the office does
    not send it or the customer is archived."""
    customer = session.get(Customer, customer_id)
    if customer is None or customer.status != CustomerStatus.ACTIVE or kind not in preferences.sent_kinds(session):
        return []
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer_id).order_by(id_column(CustomerEmail))
    ).all()
    return [
        email
        for email in emails
        if preferences.applies_to(kind, send_invoices=email.send_invoices)
        and preferences.is_subscribed(session, email_id=id_of(email), kind=kind)
    ]


def _dedupe_key(kind: NotificationKind, event: str, email: CustomerEmail) -> str:
    return f"{kind.value}:{event}:email:{email.id}"


def queue(session: Session, kind: NotificationKind, customer_id: int, event: str, write: Callable[[], Notice]) -> int:
    """How many emails were queued: 0 when nobody wants it, or when this event's were queued before (checked
    before anything is written, so a job asking every minute costs a query, not a rendering). `event` names the
    event, for "once" ("invoice:12", "invoice:12:day:7"); `write` says it in the language being spoken, and is
    asked once for each language the recipients read, in the office's words for that language."""
    addressed = recipients(session, kind, customer_id)
    done = outbox.queued_keys(session, [_dedupe_key(kind, event, email) for email in addressed])
    addressed = [email for email in addressed if _dedupe_key(kind, event, email) not in done]
    if not addressed:
        return 0
    queued = 0
    for language, emails in by_language(session, addressed).items():
        with speaking(language):
            queued += _queue_in_language(session, kind, customer_id, event, write(), emails)
    return queued


def _queue_in_language(
    session: Session,
    kind: NotificationKind,
    customer_id: int,
    event: str,
    notice: Notice,
    addressed: list[CustomerEmail],
) -> int:
    customer = session.get(Customer, customer_id)
    company = get_company(session)
    values = {
        **notice.values,
        "customer_name": customer.name if customer else "",
        "company_name": company.name or _("Your pool company"),
    }
    content = compose(
        get_template(session, kind, current_language()),
        values,
        details=notice.details,
        button=notice.button,
        sections=notice.sections,
        photos=notice.photos,
    )
    settings_url = portal_page_url(routes.PORTAL_NOTIFICATIONS, get_portal_settings(session).slug)
    attachments = notice.attachments() if notice.attachments else ()
    queued = 0
    for email in addressed:
        unsubscribe = preferences.unsubscribe_url(id_of(email), kind)
        message = render(content, company=company, unsubscribe_url=unsubscribe, preferences_url=settings_url)
        row = outbox.enqueue_once(
            session,
            dedupe_key=_dedupe_key(kind, event, email),
            to=email.address,
            template=kind.value,
            subject=message.subject,
            text=message.text,
            html=message.html,
            sender_name=company.name,
            reply_to=company.email,
            customer_email_id=email.id,
            unsubscribe_url=unsubscribe,
            attachments=attachments,
        )
        queued += row is not None
    return queued
