"""What the office sends customers unasked, and what each address has turned off."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import NotificationKind
from customer_portal.models.types import enum_column, foreign_key, timestamp


class NotificationTemplate(SQLModel, table=True):
    """The office's version of one notification; a kind without a row is sent with its defaults."""

    __tablename__ = "notification_template"

    id: int | None = Field(default=None, primary_key=True)
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind, unique=True))
    enabled: bool = True
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", max_length=5_000)
    # Days around the event, like "-3, 0, 7, 14" for reminders (before and after the due date).
    schedule: str = Field(default="", max_length=100)
    updated_at: datetime = timestamp(default_now=True)
    updated_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)


class EmailOptOut(SQLModel, table=True):
    """One address said no to one kind of notification (in the portal or with an email's unsubscribe link)."""

    __tablename__ = "email_opt_out"
    __table_args__ = (sa.UniqueConstraint("customer_email_id", "kind", name="uq_email_opt_out_email_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_email_id: int = foreign_key("customer_email.id", ondelete="CASCADE")
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind, index=False))
    source: str = Field(default="", max_length=20)  # "portal", "unsubscribe link"
    created_at: datetime = timestamp(default_now=True)


class TemplateWording(SQLModel, table=True):
    """The office's words for one of its emails in a language other than English: the invite ("invite") or a
    notification (its kind). A language without a row is sent in the words that ship."""

    __tablename__ = "template_wording"
    __table_args__ = (sa.UniqueConstraint("template", "language", name="uq_template_wording_language"),)

    id: int | None = Field(default=None, primary_key=True)
    template: str = Field(max_length=40)
    language: str = Field(max_length=8)
    subject: str = Field(default="", max_length=300)
    body: str = Field(default="", max_length=5_000)
    updated_at: datetime = timestamp(default_now=True)
    updated_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)
