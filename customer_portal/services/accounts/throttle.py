"""Sign-in throttling that slows a password guesser without letting anyone lock a customer out.

OWASP's authentication cheat sheet and NIST SP 800-63B 5.2.2 ask for limits on failed attempts that do not hand an
attacker a denial of service. Three counts, kept in the database so every worker agrees; each counts failures until
15 minutes pass without one:

- one client on one account: the first 4 failures are free; after that the client must wait before its next try
  on that account, 15 s doubling with each failure up to 15 minutes. Only that client is refused.
- one account, from every client: from 10 failures on, each attempt on the account is answered only after a
  pause of 1 s per failure beyond 9, at most 10 s. Never a refusal: the owner's right password still signs in.
- one client, on every account: after 20 failures the client is refused on each account it has been failing on,
  and its attempts on other accounts pause 5 s; a right password for those still signs in.

"Client" is the address from `domain.network.client_address` (TRUSTED_PROXIES decides whether a proxy's
forwarded address counts). Unknown accounts count like real ones, so answers reveal nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal.i18n import ngettext
from customer_portal.models import SignInThrottle
from customer_portal.services.accounts.passwords import verify_password

WINDOW = timedelta(minutes=15)

PAIR_FREE_FAILURES = 4
PAIR_FIRST_WAIT = timedelta(seconds=15)
PAIR_LONGEST_WAIT = timedelta(minutes=15)

ACCOUNT_PAUSE_FROM = 10  # failures on one account before every attempt on it pauses
ACCOUNT_LONGEST_PAUSE = 10.0  # seconds: the most the owner ever waits

CLIENT_MAX_FAILURES = 20
CLIENT_PAUSE = 5.0  # seconds, for a client over its limit trying an account it has not failed on


@dataclass(frozen=True)
class Verdict:
    """What happens to an attempt before its password is looked at."""

    refusal: str | None = None  # the message, when the attempt is not checked at all
    pause_seconds: float = 0.0  # otherwise: wait this long, then check the password


def _account_key(account: str) -> str:
    return f"account:{account}"[:300]


def _client_key(client: str) -> str:
    return f"client:{client or 'unknown'}"[:300]


def _pair_key(account: str, client: str) -> str:
    return "pair:" + hashlib.sha256(f"{account}\n{client}".encode()).hexdigest()


def _rows(session: Session, keys: list[str]) -> dict[str, SignInThrottle]:
    return {row.key: row for row in session.exec(select(SignInThrottle).where(col(SignInThrottle.key).in_(keys)))}


def _failures(row: SignInThrottle | None, now: datetime) -> int:
    """Failures still counting: a streak ends when 15 minutes pass without one."""
    return 0 if row is None or now - row.last_failure_at > WINDOW else row.failures


def _wait_message(seconds: float) -> str:
    if seconds < 90:
        amount = max(1, round(seconds))
        return ngettext(
            "Too many failed attempts. Try again in {count} second.",
            "Too many failed attempts. Try again in {count} seconds.",
            amount,
        )
    amount = max(2, round(seconds / 60))
    return ngettext(
        "Too many failed attempts. Try again in {count} minute.",
        "Too many failed attempts. Try again in {count} minutes.",
        amount,
    )


def before_attempt(session: Session, *, account: str, client: str, now: datetime) -> Verdict:
    """Refuse, pause or go ahead, from the failures counted so far."""
    keys = {"pair": _pair_key(account, client), "account": _account_key(account), "client": _client_key(client)}
    rows = _rows(session, list(keys.values()))
    pair, on_account, from_client = (rows.get(keys[name]) for name in ("pair", "account", "client"))
    if pair is not None and pair.locked_until is not None and pair.locked_until > now:
        return Verdict(refusal=_wait_message((pair.locked_until - now).total_seconds()))
    over_client_limit = _failures(from_client, now) >= CLIENT_MAX_FAILURES
    if over_client_limit and _failures(pair, now) > 0:
        assert from_client is not None
        return Verdict(refusal=_wait_message((from_client.last_failure_at + WINDOW - now).total_seconds()))
    pause = 0.0
    if (failures := _failures(on_account, now)) >= ACCOUNT_PAUSE_FROM:
        pause = min(float(failures - ACCOUNT_PAUSE_FROM + 1), ACCOUNT_LONGEST_PAUSE)
    if over_client_limit:
        pause = max(pause, CLIENT_PAUSE)
    return Verdict(pause_seconds=pause)


def record_outcome(session: Session, *, account: str, client: str, succeeded: bool, now: datetime) -> None:
    """A failure counts on all three keys; a success forgets this client's and this account's failures."""
    if succeeded:
        keys = [_pair_key(account, client), _account_key(account)]
        session.execute(delete(SignInThrottle).where(col(SignInThrottle.key).in_(keys)))
        return
    for key in (_pair_key(account, client), _account_key(account), _client_key(client)):
        row = _row_for(session, key, now)
        if now - row.last_failure_at > WINDOW:
            row.failures, row.locked_until = 0, None
        row.failures, row.last_failure_at = row.failures + 1, now
        if key.startswith("pair:") and row.failures > PAIR_FREE_FAILURES:
            wait = min(PAIR_FIRST_WAIT * 2 ** (row.failures - PAIR_FREE_FAILURES - 1), PAIR_LONGEST_WAIT)
            row.locked_until = now + wait
        session.add(row)


@dataclass(frozen=True)
class PasswordCheck:
    passed: bool = False
    refusal: str | None = None  # shown instead of the usual "do not match" answer
    pause_seconds: float = 0.0  # the caller waits this long in all, off any worker thread, then asks again


def checked_password(
    session: Session,
    *,
    account: str,
    client: str,
    password: str,
    password_hash: str | None,
    waited_seconds: float,
    now: datetime,
) -> PasswordCheck:
    """The throttled password check every sign-in uses. Unknown accounts (no hash) cost the same bcrypt time
    and count as failures."""
    verdict = before_attempt(session, account=account, client=client, now=now)
    if verdict.refusal is not None:
        return PasswordCheck(refusal=verdict.refusal)
    if verdict.pause_seconds > waited_seconds:
        return PasswordCheck(pause_seconds=verdict.pause_seconds)
    passed = verify_password(password or "", password_hash)
    record_outcome(session, account=account, client=client, succeeded=passed, now=now)
    return PasswordCheck(passed=passed)


def _row_for(session: Session, key: str, now: datetime) -> SignInThrottle:
    """The key's row, created if missing; a concurrent first failure for the same key is not an error."""
    row = session.exec(select(SignInThrottle).where(SignInThrottle.key == key)).first()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
    except IntegrityError:
        row = session.exec(select(SignInThrottle).where(SignInThrottle.key == key)).one()
    return row
