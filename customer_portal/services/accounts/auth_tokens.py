"""One-time links (invite, password reset): random, stored as SHA-256, single use, expiring.

A newer link for the same email and purpose revokes the older one. Redeeming is one conditional UPDATE,
so of two concurrent redemptions exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from customer_portal.domain.clock import utcnow
from customer_portal.models import AuthToken, CustomerEmail, TokenPurpose
from customer_portal.services.accounts.tokens import new_token, token_hash

LIFETIME = {TokenPurpose.INVITE: timedelta(hours=72), TokenPurpose.PASSWORD_RESET: timedelta(minutes=60)}


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class LinkCheck:
    problem: LinkProblem | None
    customer_email_id: int | None = None
    email: str = ""


def issue(session: Session, *, purpose: TokenPurpose, customer_email_id: int, now: datetime | None = None) -> str:
    now = now or utcnow()
    session.exec(
        update(AuthToken)
        .where(
            col(AuthToken.customer_email_id) == customer_email_id,
            col(AuthToken.purpose) == purpose,
            col(AuthToken.used_at).is_(None),
            col(AuthToken.revoked_at).is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    session.add(
        AuthToken(
            token_hash=token_hash(token),
            purpose=purpose,
            customer_email_id=customer_email_id,
            created_at=now,
            expires_at=now + LIFETIME[purpose],
        )
    )
    session.flush()
    return token


def check(session: Session, *, token: str, purpose: TokenPurpose, now: datetime | None = None) -> LinkCheck:
    """What a link is, without using it up (to show the right page)."""
    now = now or utcnow()
    row = session.exec(select(AuthToken).where(AuthToken.token_hash == token_hash(token or ""))).first()
    if row is None or row.purpose != purpose or row.customer_email_id is None:
        return LinkCheck(LinkProblem.UNKNOWN)
    email = session.get(CustomerEmail, row.customer_email_id)
    address = email.address if email else ""
    if row.used_at is not None or row.revoked_at is not None:
        return LinkCheck(LinkProblem.USED, row.customer_email_id, address)
    if row.expires_at <= now:
        return LinkCheck(LinkProblem.EXPIRED, row.customer_email_id, address)
    return LinkCheck(None, row.customer_email_id, address)


def redeem(session: Session, *, token: str, purpose: TokenPurpose, now: datetime | None = None) -> int | None:
    """Use the link up; the customer email it was for, or None when it was not (or no longer) valid."""
    now = now or utcnow()
    digest = token_hash(token or "")
    result = session.exec(
        update(AuthToken)
        .where(
            col(AuthToken.token_hash) == digest,
            col(AuthToken.purpose) == purpose,
            col(AuthToken.used_at).is_(None),
            col(AuthToken.revoked_at).is_(None),
            col(AuthToken.expires_at) > now,
        )
        .values(used_at=now)
    )
    if result.rowcount != 1:
        return None
    return session.exec(select(AuthToken.customer_email_id).where(AuthToken.token_hash == digest)).one()


def revoke_all(session: Session, *, customer_email_id: int, now: datetime | None = None) -> None:
    """Used when the password is set or changed: every outstanding link for the email dies."""
    session.exec(
        update(AuthToken)
        .where(
            col(AuthToken.customer_email_id) == customer_email_id,
            col(AuthToken.used_at).is_(None),
            col(AuthToken.revoked_at).is_(None),
        )
        .values(revoked_at=now or utcnow())
    )
