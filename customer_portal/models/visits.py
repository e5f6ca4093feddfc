"""Completed service visits: what the technician did, measured and added, with photos."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import HoldStatus
from customer_portal.models.types import enum_column, foreign_key, timestamp


class ServiceVisit(SQLModel, table=True):
    __tablename__ = "service_visit"

    id: int | None = Field(default=None, primary_key=True)
    service_location_id: int = foreign_key("service_location.id", ondelete="CASCADE")
    # Denormalised owner: every portal query scopes by it without a join.
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    technician_name: str = Field(max_length=200)
    completed_at: datetime = timestamp(index=True)
    notes_for_customer: str = Field(default="", max_length=5_000)
    checklist: list[str] = Field(default_factory=list, sa_type=sa.JSON)

    # Water chemistry; None means "not measured on this visit".
    free_chlorine_ppm: Decimal | None = Field(default=None, sa_type=sa.Numeric(5, 2))
    ph: Decimal | None = Field(default=None, sa_type=sa.Numeric(4, 2))
    total_alkalinity_ppm: int | None = None
    cyanuric_acid_ppm: int | None = None
    salt_ppm: int | None = None
    calcium_hardness_ppm: int | None = None

    # [{"name": "Liquid chlorine", "amount": "1.5", "unit": "gal"}, ...]
    chemicals_added: list[dict[str, str]] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = timestamp(default_now=True)


class VisitPhoto(SQLModel, table=True):
    """A re-encoded photo kept in private storage; served only to staff and the owning customer."""

    __tablename__ = "visit_photo"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = foreign_key("service_visit.id", ondelete="CASCADE")
    stored_name: str = Field(max_length=100, unique=True)  # random, never the uploaded name
    thumbnail_name: str = Field(max_length=100, unique=True)
    content_type: str = Field(max_length=50)
    width: int
    height: int
    byte_size: int
    caption: str = Field(default="", max_length=300)
    created_at: datetime = timestamp(default_now=True)


class ServiceHold(SQLModel, table=True):
    """A customer asks to pause a pool's service from one day to another (a vacation, a repair); the office
    approves or declines. Visits on an approved hold's days are shown as paused."""

    __tablename__ = "service_hold"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    service_location_id: int = foreign_key("service_location.id", ondelete="CASCADE")
    starts_on: date = Field(index=True)
    ends_on: date = Field(index=True)
    note: str = Field(default="", max_length=500)  # the customer's
    status: HoldStatus = Field(sa_column=enum_column(HoldStatus))
    office_reply: str = Field(default="", max_length=500)
    requested_by: str = Field(default="", max_length=254)  # the address that asked
    decided_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)
    decided_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp(default_now=True, index=True)
