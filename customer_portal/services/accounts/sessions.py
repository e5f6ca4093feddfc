"""Browser sessions for staff and customers: create, resolve (with idle and absolute expiry), revoke."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, update
from sqlmodel import Session, col, select

from customer_portal.domain.clock import utcnow
from customer_portal.models import SessionKind, UserSession
from customer_portal.services.accounts.tokens import new_token, token_hash
from customer_portal.settings import settings

# last_seen_at is written at most this often, so reading a page is not a database write each time.
_TOUCH_INTERVAL = timedelta(minutes=1)
# How long the browser has to load the route that turns a sign-in into its HttpOnly cookie (it does so at once).
HANDOFF_LIFETIME = timedelta(seconds=60)


def start_session(
    session: Session,
    *,
    kind: SessionKind,
    staff_user_id: int | None = None,
    portal_login_id: int | None = None,
    viewing_customer_email_id: int | None = None,
    client_ip: str = "",
    now: datetime | None = None,
    lifetime: timedelta | None = None,
    second_factor: bool = False,
    remember_browser: bool = False,
) -> str:
    """Store a new session and return its token, which only the browser keeps. `second_factor`: a staff sign-in
    that passed one; `remember_browser`: the cookie route also remembers the browser (remembered_browsers.py)."""
    now = now or utcnow()
    token = new_token()
    session.add(
        UserSession(
            token_hash=token_hash(token),
            kind=kind,
            staff_user_id=staff_user_id,
            portal_login_id=portal_login_id,
            viewing_customer_email_id=viewing_customer_email_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + (lifetime or timedelta(minutes=settings.session_absolute_minutes)),
            client_ip=client_ip[:64],
            second_factor_at=now if second_factor else None,
            remember_browser=remember_browser,
        )
    )
    return token


def find_live_session(
    session: Session, *, token: str, kind: SessionKind, now: datetime | None = None
) -> UserSession | None:
    """The session behind a token if it is of this kind, not revoked, and within both expiries."""
    if not token:
        return None
    now = now or utcnow()
    row = session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).first()
    if row is None or row.kind != kind or not is_live(row, now=now):
        return None
    touch(session, row, now=now)
    return row


class _SessionTimes(Protocol):
    id: int | None
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def is_live(row: _SessionTimes, *, now: datetime) -> bool:
    """Not revoked, and within both the absolute and the idle expiry."""
    idle = timedelta(minutes=settings.session_idle_minutes)
    return row.revoked_at is None and now < row.expires_at and now - row.last_seen_at < idle


def touch(session: Session, row: _SessionTimes, *, now: datetime) -> None:
    """Record that the session was used (at most once a minute: reading a page is not a write each time)."""
    if now - row.last_seen_at >= _TOUCH_INTERVAL:
        session.exec(update(UserSession).where(col(UserSession.id) == row.id).values(last_seen_at=now))


def begin_handoff(session: Session, *, token: str, now: datetime | None = None) -> str:
    """A single-use code the browser exchanges for this session's cookie (see `claim_handoff`).

    Sign-ins happen over the websocket, which cannot set an HttpOnly cookie; an HTTP route can. The code is
    all the browser's scripts ever see: it expires in a minute and is worthless once claimed.
    """
    now = now or utcnow()
    row = session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).one()
    code = new_token()
    row.handoff_hash, row.handoff_expires_at = token_hash(code), now + HANDOFF_LIFETIME
    session.add(row)
    return code


def claim_handoff(
    session: Session, *, code: str, user_agent: str = "", now: datetime | None = None
) -> tuple[str, UserSession] | None:
    """Redeem a handoff code once: the session gets a fresh token, which goes out only in the Set-Cookie header
    (so neither the code nor the token the sign-in produced ever works as a cookie). None when the code is
    unknown, used, expired or its session already ended. One UPDATE, so two loads of the same code get one
    session between them."""
    if not code:
        return None
    now = now or utcnow()
    token = new_token()
    claimed = session.exec(
        update(UserSession)
        .where(
            col(UserSession.handoff_hash) == token_hash(code),
            col(UserSession.handoff_expires_at) > now,
            col(UserSession.revoked_at).is_(None),
        )
        .values(token_hash=token_hash(token), handoff_hash=None, handoff_expires_at=None, user_agent=user_agent[:300])
    )
    if claimed.rowcount != 1:
        return None
    return token, session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).one()


def record_second_factor(session: Session, *, token: str, now: datetime) -> None:
    """This session has now passed a second factor (its person just proved they hold the authenticator)."""
    session.exec(
        update(UserSession)
        .where(col(UserSession.token_hash) == token_hash(token), col(UserSession.second_factor_at).is_(None))
        .values(second_factor_at=now)
    )


def end_sessions(session: Session, owned_by: ColumnElement[bool], *, now: datetime, keep_token: str = "") -> int:
    """Revoke the live sessions `owned_by` picks (one account's), except the one holding `keep_token`; how many."""
    result = session.exec(
        update(UserSession)
        .where(owned_by, col(UserSession.revoked_at).is_(None), col(UserSession.token_hash) != token_hash(keep_token))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)


def of_staff(staff_user_id: int | None) -> ColumnElement[bool]:
    return col(UserSession.staff_user_id) == staff_user_id


def of_login(portal_login_id: int | None) -> ColumnElement[bool]:
    return col(UserSession.portal_login_id) == portal_login_id


def revoke_session(session: Session, *, token: str, now: datetime | None = None) -> None:
    row = session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.add(row)
