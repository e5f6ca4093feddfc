"""Service requests: a customer reports a problem (green water, a leak...) with photos; the office replies,
schedules a visit, quotes the work or closes it."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import RequestKind, RequestStatus
from customer_portal.models.types import enum_column, foreign_key, timestamp


class ServiceRequest(SQLModel, table=True):
    __tablename__ = "service_request"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    service_location_id: int = foreign_key("service_location.id", ondelete="CASCADE")
    kind: RequestKind = Field(sa_column=enum_column(RequestKind))
    description: str = Field(max_length=2_000)
    preferred_days: list[int] = Field(default_factory=list, sa_type=sa.JSON)  # weekdays, 0 = Monday
    status: RequestStatus = Field(sa_column=enum_column(RequestStatus))
    requested_by: str = Field(default="", max_length=254)  # the address that asked, and that hears back
    scheduled_on: date | None = None
    quote_id: int | None = foreign_key("quote.id", nullable=True, ondelete="SET NULL")
    created_at: datetime = timestamp(default_now=True, index=True)
    updated_at: datetime = timestamp(default_now=True)


class ServiceRequestPhoto(SQLModel, table=True):
    """Stored like a visit photo (re-encoded, private, random names); served to staff and the requester."""

    __tablename__ = "service_request_photo"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = foreign_key("service_request.id", ondelete="CASCADE")
    stored_name: str = Field(max_length=100, unique=True)
    thumbnail_name: str = Field(max_length=100, unique=True)
    content_type: str = Field(max_length=50)
    width: int
    height: int
    byte_size: int
    created_at: datetime = timestamp(default_now=True)


class ServiceRequestReply(SQLModel, table=True):
    """What the office wrote back; shown on the portal and emailed to the requester."""

    __tablename__ = "service_request_reply"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = foreign_key("service_request.id", ondelete="CASCADE")
    body: str = Field(max_length=2_000)
    staff_user_id: int | None = foreign_key("staff_user.id", nullable=True, ondelete="SET NULL")
    created_at: datetime = timestamp(default_now=True)
