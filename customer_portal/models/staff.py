"""Office staff accounts, their second factor (an authenticator app, recovery codes, remembered browsers) and the
office's security policy."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from customer_portal.models.enums import StaffRole
from customer_portal.models.types import enum_column, foreign_key, timestamp


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)  # stored lowercased
    name: str = Field(default="", max_length=200)
    role: StaffRole = Field(sa_column=enum_column(StaffRole))
    password_hash: str = Field(max_length=100)
    is_active: bool = True
    created_at: datetime = timestamp(default_now=True)
    password_changed_at: datetime = timestamp(default_now=True)
    last_sign_in_at: datetime | None = timestamp(nullable=True)
    # Two-factor (services/accounts/two_factor.py). Secrets are sealed with SECRET_KEY; `totp_pending_secret_sealed`
    # is a setup not yet confirmed with a code. The last accepted 30-second step refuses a code seen twice.
    totp_secret_sealed: str | None = Field(default=None, max_length=300)
    totp_pending_secret_sealed: str | None = Field(default=None, max_length=300)
    totp_enabled_at: datetime | None = timestamp(nullable=True)
    totp_last_step: int | None = None
    # Wrong codes since the last right one: at 100 (NIST 800-63B 5.2.2) only a recovery code still signs in.
    second_factor_failures: int = 0


class RecoveryCode(SQLModel, table=True):
    """One of ten single-use codes for a staff member without their phone: salted SHA-256 only (80 random bits)."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True, ondelete="CASCADE")
    salt: str = Field(max_length=32)
    code_hash: str = Field(max_length=64)
    created_at: datetime = timestamp(default_now=True)
    used_at: datetime | None = timestamp(nullable=True)


class TrustedBrowser(SQLModel, table=True):
    """ "Remember this browser": a browser whose HttpOnly cookie skips the code for at most 30 days."""

    __tablename__ = "trusted_browser"

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(foreign_key="staff_user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    user_agent: str = Field(default="", max_length=300)
    created_at: datetime = timestamp(default_now=True)
    expires_at: datetime = timestamp()


class SecuritySettings(SQLModel, table=True):
    """The office's sign-in policy (one row, made when first changed)."""

    __tablename__ = "security_settings"

    id: int | None = Field(default=None, primary_key=True)
    require_staff_two_factor: bool = False
    updated_at: datetime = timestamp(default_now=True)
    updated_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)
