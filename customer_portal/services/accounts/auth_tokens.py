"""One-time links (a customer's invite or password reset, a staff member's password reset): random, stored as
SHA-256, single use, expiring.

A newer link for the same email (or staff member) and purpose revokes the older one. Redeeming is one
conditional UPDATE, so of two concurrent redemptions exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from customer_portal.domain.clock import utcnow
from customer_portal.models import AuthToken, CustomerEmail, StaffUser, TokenPurpose
from customer_portal.services.accounts.tokens import new_token, token_hash

LIFETIME = {
    TokenPurpose.INVITE: timedelta(hours=72),
    TokenPurpose.PASSWORD_RESET: timedelta(minutes=60),
    TokenPurpose.STAFF_PASSWORD_RESET: timedelta(minutes=60),
    TokenPurpose.STAFF_INVITE: timedelta(hours=72),
    TokenPurpose.EMAIL_CHANGE: timedelta(hours=24),
    TokenPurpose.SECOND_FACTOR: timedelta(minutes=10),
}


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class LinkCheck:
    problem: LinkProblem | None
    customer_email_id: int | None = None
    email: str = ""
    new_address: str = ""  # EMAIL_CHANGE: the address the login moves to
    staff_user_id: int | None = None


def _issue(
    session: Session,
    *,
    purpose: TokenPurpose,
    now: datetime,
    customer_email_id: int | None = None,
    staff_user_id: int | None = None,
    new_address: str | None = None,
) -> str:
    """A new link for a customer's email or a staff member (one of the two); their older ones for it die."""
    owner = (
        col(AuthToken.customer_email_id) == customer_email_id
        if customer_email_id is not None
        else col(AuthToken.staff_user_id) == staff_user_id
    )
    session.exec(
        update(AuthToken)
        .where(
            owner,
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
            staff_user_id=staff_user_id,
            new_address=new_address,
            created_at=now,
            expires_at=now + LIFETIME[purpose],
        )
    )
    session.flush()
    return token


def issue(
    session: Session,
    *,
    purpose: TokenPurpose,
    customer_email_id: int,
    now: datetime | None = None,
    new_address: str | None = None,
) -> str:
    return _issue(
        session, purpose=purpose, now=now or utcnow(), customer_email_id=customer_email_id, new_address=new_address
    )


def issue_for_staff(
    session: Session,
    *,
    staff_user_id: int,
    purpose: TokenPurpose = TokenPurpose.STAFF_PASSWORD_RESET,
    now: datetime | None = None,
) -> str:
    """A staff member's password-reset link, or an invitation to join the team."""
    return _issue(session, purpose=purpose, now=now or utcnow(), staff_user_id=staff_user_id)


def _problem(row: AuthToken, now: datetime) -> LinkProblem | None:
    if row.used_at is not None or row.revoked_at is not None:
        return LinkProblem.USED
    return LinkProblem.EXPIRED if row.expires_at <= now else None


def _row(session: Session, token: str, purpose: TokenPurpose) -> AuthToken | None:
    row = session.exec(select(AuthToken).where(AuthToken.token_hash == token_hash(token or ""))).first()
    return row if row is not None and row.purpose == purpose else None


def check(session: Session, *, token: str, purpose: TokenPurpose, now: datetime | None = None) -> LinkCheck:
    """What a link is, without using it up (to show the right page)."""
    row = _row(session, token, purpose)
    if row is None or row.customer_email_id is None:
        return LinkCheck(LinkProblem.UNKNOWN)
    email = session.get(CustomerEmail, row.customer_email_id)
    address = email.address if email else ""
    return LinkCheck(_problem(row, now or utcnow()), row.customer_email_id, address, row.new_address or "")


def check_staff(
    session: Session,
    *,
    token: str,
    purpose: TokenPurpose = TokenPurpose.STAFF_PASSWORD_RESET,
    now: datetime | None = None,
) -> LinkCheck:
    """A staff member's reset (or invite) link; `email` is theirs (`customer_email_id` stays empty)."""
    row = _row(session, token, purpose)
    user = session.get(StaffUser, row.staff_user_id) if row is not None and row.staff_user_id else None
    if row is None or user is None:
        return LinkCheck(LinkProblem.UNKNOWN)
    return LinkCheck(_problem(row, now or utcnow()), email=user.email, staff_user_id=user.id)


def _redeem(session: Session, *, token: str, purpose: TokenPurpose, now: datetime) -> AuthToken | None:
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
    return session.exec(select(AuthToken).where(AuthToken.token_hash == digest)).one()


def redeem(session: Session, *, token: str, purpose: TokenPurpose, now: datetime | None = None) -> int | None:
    """Use the link up; the customer email it was for, or None when it was not (or no longer) valid."""
    row = _redeem(session, token=token, purpose=purpose, now=now or utcnow())
    return row.customer_email_id if row is not None else None


def redeem_staff(
    session: Session,
    *,
    token: str,
    purpose: TokenPurpose = TokenPurpose.STAFF_PASSWORD_RESET,
    now: datetime | None = None,
) -> int | None:
    """Use a staff reset (or invite) link up; the staff member it was for, or None."""
    row = _redeem(session, token=token, purpose=purpose, now=now or utcnow())
    return row.staff_user_id if row is not None else None


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
