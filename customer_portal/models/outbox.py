"""Outgoing email. Every message is a row before anything is sent, so sending can resume after a crash."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import OutboxStatus
from customer_portal.models.types import enum_column, foreign_key, timestamp


class OutboxEmail(SQLModel, table=True):
    __tablename__ = "outbox_email"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254, index=True)
    customer_email_id: int | None = foreign_key("customer_email.id", nullable=True, ondelete="SET NULL")
    template: str = Field(max_length=50, index=True)  # "portal_invite", "receipt", ...
    subject: str = Field(max_length=300)
    text_body: str = Field(max_length=50_000)
    html_body: str = Field(default="", max_length=200_000)
    reply_to: str = Field(default="", max_length=254)
    sender_name: str = Field(default="", max_length=200)
    status: OutboxStatus = Field(sa_column=enum_column(OutboxStatus))
    # Rows sent together share a key, which is also the provider's idempotency key: a batch retried or
    # resumed after a crash is the same request, so nobody gets a message twice.
    batch_key: str = Field(default="", max_length=64, index=True)
    # Rows enqueued by one action (an invite run) share a run id, for its progress bar.
    run_id: str = Field(default="", max_length=64, index=True)
    # What makes a notification "the same one" (an invoice's 7-day reminder to one address): unique, so a retried
    # job or a second worker that gets this far fails its insert instead of queuing a second email.
    dedupe_key: str | None = Field(default=None, max_length=120, unique=True)
    # The one-click unsubscribe address of an optional email (List-Unsubscribe, RFC 8058); "" for the others.
    unsubscribe_url: str = Field(default="", max_length=500)
    # Resend's batch endpoint drops attachments, so a message with one is sent on its own.
    has_attachments: bool = False
    attempts: int = 0
    provider: str = Field(default="", max_length=20)  # "resend", "smtp", "local"
    provider_message_id: str = Field(default="", max_length=255)
    last_error: str = Field(default="", max_length=1_000)
    # While pending: not before this time (backoff). While sending: the claim expires at this time.
    next_attempt_at: datetime | None = timestamp(nullable=True, index=True)
    created_at: datetime = timestamp(default_now=True, index=True)
    sent_at: datetime | None = timestamp(nullable=True)


class OutboxAttachment(SQLModel, table=True):
    """A file sent with an outbox email (an invoice's PDF), kept with it until it is sent and after."""

    __tablename__ = "outbox_attachment"

    id: int | None = Field(default=None, primary_key=True)
    outbox_email_id: int = foreign_key("outbox_email.id", ondelete="CASCADE")
    filename: str = Field(max_length=200)
    content_type: str = Field(default="application/pdf", max_length=100)
    content: bytes = Field(sa_type=sa.LargeBinary)
