"""Who did what to money, settings and access, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import AuditActor
from customer_portal.models.types import enum_column, foreign_key, timestamp


class AuditLogEntry(SQLModel, table=True):
    __tablename__ = "audit_log_entry"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = timestamp(default_now=True, index=True)
    actor: AuditActor = Field(sa_column=enum_column(AuditActor))
    staff_user_id: int | None = foreign_key("staff_user.id", nullable=True, ondelete="SET NULL")
    actor_label: str = Field(default="", max_length=254)  # email at the time, kept if the user goes
    action: str = Field(max_length=60, index=True)  # "invoice.issued", "staff.signed_in", ...
    entity_type: str = Field(default="", max_length=40)
    entity_id: int | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
