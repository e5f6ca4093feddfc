"""Portal logins, one-time tokens, sessions and sign-in throttling. Secrets are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import SessionKind, TokenPurpose
from customer_portal.models.types import enum_column, foreign_key, timestamp


class PortalLogin(SQLModel, table=True):
    """A customer's sign-in; one per customer email, username is that email."""

    __tablename__ = "portal_login"

    id: int | None = Field(default=None, primary_key=True)
    customer_email_id: int = Field(foreign_key="customer_email.id", unique=True, ondelete="CASCADE")
    password_hash: str = Field(max_length=100)
    is_active: bool = True
    created_at: datetime = timestamp(default_now=True)
    password_changed_at: datetime = timestamp(default_now=True)
    last_sign_in_at: datetime | None = timestamp(nullable=True)
    language: str = Field(default="", max_length=8)  # chosen on the portal ("es"); "" until first signed in


class AuthToken(SQLModel, table=True):
    """An invite or password-reset link: random token, SHA-256 stored, single use, expiring."""

    __tablename__ = "auth_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: TokenPurpose = Field(sa_column=enum_column(TokenPurpose))
    customer_email_id: int | None = foreign_key("customer_email.id", nullable=True, ondelete="CASCADE")
    staff_user_id: int | None = foreign_key("staff_user.id", nullable=True, ondelete="CASCADE")
    new_address: str | None = Field(default=None, max_length=254)  # EMAIL_CHANGE: the address being confirmed
    created_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp()
    used_at: datetime | None = timestamp(nullable=True)
    revoked_at: datetime | None = timestamp(nullable=True)


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of the cookie token is stored."""

    __tablename__ = "user_session"
    __table_args__ = (sa.CheckConstraint("(staff_user_id IS NULL) <> (portal_login_id IS NULL)", name="one_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    kind: SessionKind = Field(sa_column=enum_column(SessionKind))
    staff_user_id: int | None = foreign_key("staff_user.id", nullable=True, ondelete="CASCADE")
    portal_login_id: int | None = foreign_key("portal_login.id", nullable=True, ondelete="CASCADE")
    # "View as customer": a staff member's short, read-only session showing the portal as this email sees it.
    viewing_customer_email_id: int | None = foreign_key("customer_email.id", nullable=True, ondelete="CASCADE")
    created_at: datetime = timestamp(default_now=True)
    last_seen_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp(index=True)  # absolute limit
    revoked_at: datetime | None = timestamp(nullable=True)
    client_ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)  # the browser that claimed the cookie, to name the device
    # A new session reaches the browser only as an HttpOnly cookie set by an HTTP route. Until then its token is
    # known to the server alone, and the browser holds a short-lived, single-use code for that route.
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_expires_at: datetime | None = timestamp(nullable=True)
    # A staff sign-in that passed a second factor (a code, a recovery code or a remembered browser); and whether the
    # route that sets the cookie should also set a "remember this browser" cookie.
    second_factor_at: datetime | None = timestamp(nullable=True)
    remember_browser: bool = False


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins counted per key (an account, a client, or one client on one account) until 15 quiet
    minutes pass; `locked_until` is when a client may next try an account (services/accounts/throttle.py)."""

    __tablename__ = "sign_in_throttle"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, unique=True)
    failures: int = 0
    last_failure_at: datetime = timestamp(default_now=True)
    locked_until: datetime | None = timestamp(nullable=True)
