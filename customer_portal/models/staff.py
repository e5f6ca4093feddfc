"""Office staff accounts."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from customer_portal.models.enums import StaffRole
from customer_portal.models.types import enum_column, timestamp


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
