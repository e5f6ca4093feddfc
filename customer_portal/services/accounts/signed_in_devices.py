"""The devices an account is signed in on (browser and system, where and when last seen), and signing one out:
for a customer on Account, for a staff member on My account. Each list holds only that account's own live
sessions; the one asking is marked, and cannot be ended from the list (Sign out does that)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.devices import device_label
from customer_portal.i18n import _
from customer_portal.models import AuditActor, UserSession, id_column, id_of
from customer_portal.services.accounts import sessions
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.accounts.tokens import token_hash
from customer_portal.services.company import audit
from customer_portal.services.company.company import local_moment
from customer_portal.services.errors import ServiceError

MAX_LISTED = 50


@dataclass(frozen=True)
class SignedInDevice:
    id: int
    device: str  # "Safari on iPhone"
    last_seen: str  # "Dec 7, 2026, 9:40 AM", the company's time
    address: str  # the IP address it was signed in from
    this_device: bool = False


def _devices(session: Session, owner: ColumnElement[bool], current_token: str) -> list[SignedInDevice]:
    now, current = utcnow(), token_hash(current_token)
    rows = session.exec(
        select(UserSession)
        .where(owner, col(UserSession.revoked_at).is_(None), col(UserSession.viewing_customer_email_id).is_(None))
        .order_by(col(UserSession.last_seen_at).desc(), id_column(UserSession).desc())
        .limit(MAX_LISTED)
    )
    return [
        SignedInDevice(
            id_of(row),
            device_label(row.user_agent),
            local_moment(session, row.last_seen_at),
            row.client_ip or "unknown",
            row.token_hash == current,
        )
        for row in rows
        if sessions.is_live(row, now=now)
    ]


def _end(session: Session, owner: ColumnElement[bool], current_token: str, session_id: int) -> None:
    row = session.exec(select(UserSession).where(owner, UserSession.id == session_id)).first()
    if row is None or row.revoked_at is not None:
        raise ServiceError(_("That device is already signed out."))
    if row.token_hash == token_hash(current_token):
        raise ServiceError(_("That is this device: use Sign out."))
    row.revoked_at = utcnow()
    session.add(row)


def customer_devices(session: Session, *, customer: CustomerIdentity, current_token: str) -> list[SignedInDevice]:
    return _devices(session, col(UserSession.portal_login_id) == customer.login_id, current_token)


def end_customer_device(session: Session, *, customer: CustomerIdentity, current_token: str, session_id: int) -> None:
    require_writable(customer)
    _end(session, col(UserSession.portal_login_id) == customer.login_id, current_token, session_id)
    audit.record(
        session,
        action="portal.device_signed_out",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"session": session_id},
    )


def staff_devices(session: Session, *, staff: StaffIdentity, current_token: str) -> list[SignedInDevice]:
    return _devices(session, col(UserSession.staff_user_id) == staff.id, current_token)


def end_staff_device(session: Session, *, staff: StaffIdentity, current_token: str, session_id: int) -> None:
    _end(session, col(UserSession.staff_user_id) == staff.id, current_token, session_id)
    audit.record(
        session,
        action="staff.device_signed_out",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"session": session_id},
    )
