"""Quotes sent to customers and their responses (with evidence of who answered, when and from where)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import QuoteStatus
from customer_portal.models.types import enum_column, foreign_key, timestamp


class Quote(SQLModel, table=True):
    __tablename__ = "quote"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id")
    service_location_id: int | None = foreign_key("service_location.id", nullable=True)
    number: str | None = Field(default=None, max_length=30, unique=True)
    title: str = Field(max_length=200)
    status: QuoteStatus = Field(sa_column=enum_column(QuoteStatus))
    terms: str = Field(default="", max_length=5_000)
    issue_date: date | None = Field(default=None, index=True)
    expires_on: date | None = Field(default=None, index=True)
    subtotal_cents: int = 0
    tax_cents: int = 0
    total_cents: int = 0
    currency: str = Field(default="usd", max_length=3)
    created_at: datetime = timestamp(default_now=True)
    sent_at: datetime | None = timestamp(nullable=True)

    # Evidence of the customer's answer.
    responded_at: datetime | None = timestamp(nullable=True)
    response_name: str = Field(default="", max_length=200)
    response_ip: str = Field(default="", max_length=64)
    response_message: str = Field(default="", max_length=5_000)
    responded_by_email_id: int | None = foreign_key("customer_email.id", nullable=True, ondelete="SET NULL")


class QuoteLine(SQLModel, table=True):
    __tablename__ = "quote_line"

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = foreign_key("quote.id", ondelete="CASCADE")
    position: int = 0
    description: str = Field(max_length=500)
    quantity: Decimal = Field(default=Decimal("1"), sa_type=sa.Numeric(10, 2))
    unit_price_cents: int
    amount_cents: int
