"""Sign-in throttling: too many failures for one account or from one client locks it for a while.

Counts live in the database so that every worker sees the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from customer_portal.models import SignInThrottle
from customer_portal.services.passwords import verify_password


@dataclass(frozen=True)
class ThrottleRule:
    prefix: str
    max_failures: int
    window: timedelta
    lockout: timedelta


ACCOUNT_RULE = ThrottleRule("account", max_failures=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15))
CLIENT_RULE = ThrottleRule("client", max_failures=20, window=timedelta(minutes=15), lockout=timedelta(minutes=15))


def _key(rule: ThrottleRule, value: str) -> str:
    return f"{rule.prefix}:{value}"[:300]


def locked_until(session: Session, *, keys: dict[ThrottleRule, str], now: datetime) -> datetime | None:
    """The latest lock among the keys still in force, if any."""
    rows = session.exec(select(SignInThrottle).where(SignInThrottle.key.in_([_key(r, v) for r, v in keys.items()])))
    locks = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
    return max(locks, default=None)


def record_failure(session: Session, *, keys: dict[ThrottleRule, str], now: datetime) -> None:
    for rule, value in keys.items():
        key = _key(rule, value)
        row = _row_for(session, key, now)
        if now - row.window_started_at > rule.window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= rule.max_failures:
            row.locked_until = now + rule.lockout
            row.failures, row.window_started_at = 0, now
        session.add(row)


def _row_for(session: Session, key: str, now: datetime) -> SignInThrottle:
    """The key's row, created if missing; a concurrent first failure for the same key is not an error."""
    row = session.exec(select(SignInThrottle).where(SignInThrottle.key == key)).first()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, window_started_at=now)
            session.add(row)
    except IntegrityError:
        row = session.exec(select(SignInThrottle).where(SignInThrottle.key == key)).one()
    return row


def clear(session: Session, *, rule: ThrottleRule, value: str) -> None:
    row = session.exec(select(SignInThrottle).where(SignInThrottle.key == _key(rule, value))).first()
    if row is not None:
        session.delete(row)


def too_many_attempts_message(until: datetime, now: datetime) -> str:
    minutes = max(1, round((until - now).total_seconds() / 60))
    return f"Too many failed attempts. Try again in {minutes} minute{'s' * (minutes != 1)}."


def checked_password(
    session: Session, *, address: str, client_ip: str, password: str, password_hash: str | None, now: datetime
) -> str | None:
    """The throttled password check every sign-in uses. None when the password is right; otherwise the
    message to show. Unknown accounts (no hash) cost the same bcrypt time and count as failures."""
    keys = {ACCOUNT_RULE: address, CLIENT_RULE: client_ip or "unknown"}
    if until := locked_until(session, keys=keys, now=now):
        return too_many_attempts_message(until, now)
    if not verify_password(password or "", password_hash):
        record_failure(session, keys=keys, now=now)
        return ""
    clear(session, rule=ACCOUNT_RULE, value=address)
    return None
