"""Which notifications each email address gets: its own choices in the portal, one-click unsubscribe links that
work without signing in, and what the office sees of both.

Every address starts subscribed to every notification the office sends; an EmailOptOut row turns one kind off
for one address. Receipts and password or sign-in emails are not notifications and cannot be turned off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.notifications import SPECS, NotificationKind
from customer_portal.i18n import _
from customer_portal.models import (
    AuditActor,
    CustomerEmail,
    EmailOptOut,
    NotificationTemplate,
    OutboxEmail,
    PortalSettings,
    id_column,
    id_of,
)
from customer_portal.services.accounts import tokens
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import NotAuthorized, ServiceError
from customer_portal.settings import settings

_UNSUBSCRIBE = "unsubscribe"
INVOICE_KINDS = frozenset(
    {NotificationKind.INVOICE_ISSUED, NotificationKind.PAYMENT_REMINDER, NotificationKind.AUTOPAY_NOTICE}
)
# The portal section a notification's links lead to: while it is hidden, the notification is not sent.
SECTION_OF = {
    NotificationKind.INVOICE_ISSUED: "include_invoices",
    NotificationKind.PAYMENT_REMINDER: "include_invoices",
    NotificationKind.AUTOPAY_NOTICE: "include_payment_methods",
    NotificationKind.CARD_EXPIRING: "include_payment_methods",
    NotificationKind.QUOTE_SENT: "include_quotes",
    NotificationKind.VISIT_REPORT: "include_service_history",
}


def unsubscribe_token(email_id: int, kind: NotificationKind) -> str:
    return tokens.signed(_UNSUBSCRIBE, f"{email_id}.{kind.value}")


def unsubscribe_url(email_id: int, kind: NotificationKind) -> str:
    return settings.public_url + str(routes.path_to(routes.API_UNSUBSCRIBE, token=unsubscribe_token(email_id, kind)))


def _read_token(token: str) -> tuple[int, NotificationKind] | None:
    payload = tokens.verified(_UNSUBSCRIBE, (token or "")[:200])
    email_id, _, kind = (payload or "").partition(".")
    if not email_id.isdigit() or kind not in NotificationKind._value2member_map_:
        return None
    return int(email_id), NotificationKind(kind)


def is_subscribed(session: Session, *, email_id: int, kind: NotificationKind) -> bool:
    return (
        session.exec(
            select(EmailOptOut.id).where(EmailOptOut.customer_email_id == email_id, EmailOptOut.kind == kind)
        ).first()
        is None
    )


def _set(session: Session, *, email_id: int, kind: NotificationKind, subscribed: bool, source: str) -> bool:
    """Returns whether anything changed. Saying no twice (two clicks, two workers) keeps one row."""
    if subscribed:
        removed = session.exec(
            delete(EmailOptOut).where(col(EmailOptOut.customer_email_id) == email_id, col(EmailOptOut.kind) == kind)
        )
        return bool(removed.rowcount)
    if not is_subscribed(session, email_id=email_id, kind=kind):
        return False
    try:
        with session.begin_nested():
            session.add(EmailOptOut(customer_email_id=email_id, kind=kind, source=source))
    except IntegrityError:  # the same link clicked twice at once: the other click said no first
        return False
    return True


@dataclass(frozen=True)
class UnsubscribeLink:
    """What an unsubscribe link is about, shown before the person confirms (a mail scanner's GET changes nothing)."""

    valid: bool
    kind_label: str = ""
    address: str = ""  # masked: the page is public
    subscribed: bool = False


def _masked(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}•••@{domain}"


def describe_link(session: Session, *, token: str) -> UnsubscribeLink:
    found = _read_token(token)
    email = session.get(CustomerEmail, found[0]) if found else None
    if found is None or email is None:
        return UnsubscribeLink(valid=False)
    kind = found[1]
    return UnsubscribeLink(
        True, _(SPECS[kind].label), _masked(email.address), is_subscribed(session, email_id=id_of(email), kind=kind)
    )


def unsubscribe(session: Session, *, token: str, source: str = "unsubscribe link") -> UnsubscribeLink:
    """The link's address stops getting the link's kind of email, and nothing else changes. Answers the same
    way for a link used twice; refuses a token this server did not sign."""
    found = _read_token(token)
    email = session.get(CustomerEmail, found[0]) if found else None
    if found is None or email is None:
        raise ServiceError(_("This unsubscribe link is not valid. Sign in to the portal to choose your emails."))
    kind = found[1]
    if _set(session, email_id=id_of(email), kind=kind, subscribed=False, source=source):
        audit.record(
            session,
            action="notifications.unsubscribed",
            actor=AuditActor.CUSTOMER,
            actor_label=email.address,
            entity_type="customer",
            entity_id=email.customer_id,
            details={"kind": kind.value, "how": source},
        )
    return UnsubscribeLink(True, _(SPECS[kind].label), _masked(email.address), False)


def sent_kinds(session: Session) -> list[NotificationKind]:
    """The notifications the office sends now: switched on, and their portal section shown."""
    switched_off = set(
        session.exec(select(NotificationTemplate.kind).where(col(NotificationTemplate.enabled).is_(False))).all()
    )
    portal = session.exec(select(PortalSettings)).first()
    if portal is None or not portal.enabled:
        return []
    return [kind for kind in NotificationKind if kind not in switched_off and getattr(portal, SECTION_OF[kind])]


def applies_to(kind: NotificationKind, *, send_invoices: bool) -> bool:
    """Invoice notifications go to the addresses that get invoices; the rest to every address."""
    return send_invoices or kind not in INVOICE_KINDS


@dataclass(frozen=True)
class Preference:
    kind: str
    label: str
    description: str
    subscribed: bool


def customer_preferences(session: Session, *, customer: CustomerIdentity) -> list[Preference]:
    """The signed-in address's notifications: each one the office sends to it, on or off."""
    off = set(session.exec(select(EmailOptOut.kind).where(EmailOptOut.customer_email_id == customer.email_id)).all())
    return [
        Preference(kind.value, _(SPECS[kind].label), _(SPECS[kind].description), kind not in off)
        for kind in sent_kinds(session)
        if applies_to(kind, send_invoices=customer.send_invoices)
    ]


def set_preference(session: Session, *, customer: CustomerIdentity, kind: str, subscribed: bool) -> list[Preference]:
    """Only for the signed-in address itself; a staff member viewing the portal changes nothing."""
    if customer.read_only:
        raise NotAuthorized(_("You are viewing the portal as this customer; they choose their own emails."))
    if kind not in NotificationKind._value2member_map_:
        raise ServiceError(_("That is not one of the emails we send."))
    chosen = NotificationKind(kind)
    if _set(session, email_id=customer.email_id, kind=chosen, subscribed=subscribed, source="portal"):
        audit.record(
            session,
            action="notifications.subscribed" if subscribed else "notifications.unsubscribed",
            actor=AuditActor.CUSTOMER,
            actor_label=customer.email,
            entity_type="customer",
            entity_id=customer.customer_id,
            details={"kind": chosen.value, "how": "portal"},
        )
    return customer_preferences(session, customer=customer)


@dataclass(frozen=True)
class AddressSubscriptions:
    address: str
    subscribed: list[str] = field(default_factory=list)  # labels
    unsubscribed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SentEmail:
    sent: str  # "2026-12-03 14:05 UTC"
    address: str
    subject: str
    kind: str
    status: str


@dataclass(frozen=True)
class CustomerNotifications:
    addresses: list[AddressSubscriptions] = field(default_factory=list)
    history: list[SentEmail] = field(default_factory=list)


def for_office(session: Session, *, customer_id: int, history_limit: int = 25) -> CustomerNotifications:
    """A customer's page in the office: what each address gets, and the latest emails written to them."""
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer_id).order_by(id_column(CustomerEmail))
    ).all()
    ids = [id_of(email) for email in emails]
    off: dict[int, set[NotificationKind]] = {}
    for email_id, kind in session.exec(
        select(EmailOptOut.customer_email_id, EmailOptOut.kind).where(col(EmailOptOut.customer_email_id).in_(ids))
    ):
        off.setdefault(email_id, set()).add(NotificationKind(kind))
    kinds = sent_kinds(session)
    addresses = []
    for email in emails:
        mine = [kind for kind in kinds if applies_to(kind, send_invoices=email.send_invoices)]
        refused = off.get(id_of(email), set())
        addresses.append(
            AddressSubscriptions(
                email.address,
                [SPECS[kind].label for kind in mine if kind not in refused],
                [SPECS[kind].label for kind in mine if kind in refused],
            )
        )
    labels = {kind.value: spec.label for kind, spec in SPECS.items()}
    zone, formats = ZoneInfo(company_time_zone(session)), company_formats(session)
    written = session.exec(
        select(OutboxEmail)
        .where(col(OutboxEmail.customer_email_id).in_(ids))
        .order_by(id_column(OutboxEmail).desc())
        .limit(history_limit)
    ).all()
    history = [
        SentEmail(
            formats.moment(row.created_at.astimezone(zone)),
            row.to_address,
            row.subject,
            labels.get(row.template, row.template.replace("_", " ").capitalize()),
            row.status.value,
        )
        for row in written
    ]
    return CustomerNotifications(addresses, history)
