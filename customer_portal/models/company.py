"""The company running this deployment, and what its portal shows."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from customer_portal.models.types import foreign_key, timestamp


class CompanyProfile(SQLModel, table=True):
    __tablename__ = "company_profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    address: str = Field(default="", max_length=500)
    hours: str = Field(default="", max_length=500)
    website: str = Field(default="", max_length=300)
    logo_path: str | None = Field(default=None, max_length=300)
    accent_color: str = Field(default="#0e7490", max_length=7)
    time_zone: str = Field(default="America/Phoenix", max_length=64)
    # ISO 3166 code: how dates and money are written, and the paper PDFs are made on (Letter in the US).
    country: str = Field(default="US", max_length=2)
    currency: str = Field(default="usd", max_length=3)
    updated_at: datetime = timestamp(default_now=True)


class PortalSettings(SQLModel, table=True):
    __tablename__ = "portal_settings"

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    slug: str | None = Field(default=None, max_length=40, unique=True)

    include_invoices: bool = True
    include_payments: bool = True
    include_payment_methods: bool = True
    include_quotes: bool = True
    include_service_history: bool = True
    include_technician_notes: bool = True
    include_photos: bool = True
    include_water_readings: bool = True
    include_service_requests: bool = True
    include_contact_us: bool = True

    invite_sender_name: str = Field(default="", max_length=200)
    invite_reply_to: str = Field(default="", max_length=254)
    invite_subject: str = Field(default="", max_length=300)
    invite_body: str = Field(default="", max_length=10_000)

    updated_at: datetime = timestamp(default_now=True)
    updated_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)


class PortalSlugRedirect(SQLModel, table=True):
    """A portal address used before; it keeps redirecting to the current one."""

    __tablename__ = "portal_slug_redirect"

    id: int | None = Field(default=None, primary_key=True)
    old_slug: str = Field(max_length=40, unique=True)
    retired_at: datetime = timestamp(default_now=True)


class PaymentSettings(SQLModel, table=True):
    """Stripe keys entered in Settings > Payments. Secrets are stored encrypted with a key derived from
    SECRET_KEY; keys in the environment take precedence over these."""

    __tablename__ = "payment_settings"

    id: int | None = Field(default=None, primary_key=True)
    secret_key_encrypted: str = Field(default="", max_length=1000)
    publishable_key: str = Field(default="", max_length=300)
    webhook_secret_encrypted: str = Field(default="", max_length=1000)
    account_name: str = Field(default="", max_length=300)  # from the last successful connection test
    tested_at: datetime | None = timestamp(nullable=True)
    autopay_days_after_due: int = Field(default=0, ge=0, le=30)  # AutoPay charges on the due date + this
    # Pay Now may take part of one invoice (off by default), never less than this (or the whole balance when less).
    partial_payments: bool = False
    partial_minimum_cents: int = Field(default=0, ge=0)
    updated_at: datetime = timestamp(default_now=True)
    updated_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)
