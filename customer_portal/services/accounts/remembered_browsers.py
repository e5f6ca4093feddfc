""" "Remember this browser": after a right code, a staff member's browser may skip the code for 30 days.

The browser holds a random token in an HttpOnly cookie (set by the same route that sets the session cookie);
only its SHA-256 is stored. It stands in for the code alone, never for the password, and it is forgotten when
the password changes, two-factor is turned off or reset, or the person signs out everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from customer_portal.models import TrustedBrowser
from customer_portal.services.accounts.tokens import new_token, token_hash

REMEMBER_FOR = timedelta(days=30)


def remember(session: Session, *, staff_user_id: int, user_agent: str, now: datetime) -> str:
    """A new token for this browser's cookie (this person's expired ones are cleared on the way)."""
    session.exec(
        delete(TrustedBrowser).where(
            col(TrustedBrowser.staff_user_id) == staff_user_id, col(TrustedBrowser.expires_at) <= now
        )
    )
    token = new_token()
    session.add(
        TrustedBrowser(
            staff_user_id=staff_user_id,
            token_hash=token_hash(token),
            user_agent=user_agent[:300],
            created_at=now,
            expires_at=now + REMEMBER_FOR,
        )
    )
    return token


def is_remembered(session: Session, *, staff_user_id: int, token: str, now: datetime) -> bool:
    if not token:
        return False
    row = session.exec(select(TrustedBrowser).where(TrustedBrowser.token_hash == token_hash(token))).first()
    return row is not None and row.staff_user_id == staff_user_id and row.expires_at > now


def forget_all(session: Session, *, staff_user_id: int) -> int:
    """Every browser this person asked to remember must ask for a code again; how many there were."""
    result = session.exec(delete(TrustedBrowser).where(col(TrustedBrowser.staff_user_id) == staff_user_id))
    return int(result.rowcount or 0)
