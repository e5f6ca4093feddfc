"""Outgoing email. Every message is a row before anything is sent, so sending can resume after a crash."""

from __future__ import annotations

from datetime import datetime

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
    attempts: int = 0
    provider: str = Field(default="", max_length=20)  # "resend", "smtp", "local"
    provider_message_id: str = Field(default="", max_length=255)
    last_error: str = Field(default="", max_length=1_000)
    # While pending: not before this time (backoff). While sending: the claim expires at this time.
    next_attempt_at: datetime | None = timestamp(nullable=True, index=True)
    created_at: datetime = timestamp(default_now=True, index=True)
    sent_at: datetime | None = timestamp(nullable=True)
