"""Invoices, payments and saved payment methods. Every amount is an integer number of cents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import (
    OPEN_ATTEMPT_STATUSES,
    AttemptSource,
    AttemptStatus,
    InvoiceStatus,
    MethodKind,
    PaymentChannel,
    PaymentStatus,
)
from customer_portal.models.types import enum_column, foreign_key, timestamp


class Invoice(SQLModel, table=True):
    __tablename__ = "invoice"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id")
    service_location_id: int | None = foreign_key("service_location.id", nullable=True)
    number: str | None = Field(default=None, max_length=30, unique=True)  # given when issued
    status: InvoiceStatus = Field(sa_column=enum_column(InvoiceStatus))
    issue_date: date | None = Field(default=None, index=True)
    due_date: date | None = Field(default=None, index=True)
    memo: str = Field(default="", max_length=2_000)
    subtotal_cents: int = 0
    tax_cents: int = 0
    total_cents: int = Field(default=0, index=True)
    amount_paid_cents: int = 0  # kept in step with payments in the same transaction
    currency: str = Field(default="usd", max_length=3)
    created_at: datetime = timestamp(default_now=True)
    issued_at: datetime | None = timestamp(nullable=True)
    paid_at: datetime | None = timestamp(nullable=True)
    voided_at: datetime | None = timestamp(nullable=True)


class InvoiceLine(SQLModel, table=True):
    __tablename__ = "invoice_line"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = foreign_key("invoice.id", ondelete="CASCADE")
    position: int = 0
    description: str = Field(max_length=500)
    quantity: Decimal = Field(default=Decimal("1"), sa_type=sa.Numeric(10, 2))
    unit_price_cents: int
    amount_cents: int


class Payment(SQLModel, table=True):
    """Money received against exactly one invoice (the seed: one payment per invoice paid)."""

    __tablename__ = "payment"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = foreign_key("invoice.id")
    customer_id: int = foreign_key("customer.id")
    amount_cents: int = Field(gt=0)
    refunded_cents: int = 0
    currency: str = Field(default="usd", max_length=3)
    channel: PaymentChannel = Field(sa_column=enum_column(PaymentChannel))
    status: PaymentStatus = Field(sa_column=enum_column(PaymentStatus))
    processor_reference: str | None = Field(default=None, max_length=255, unique=True)
    card_brand: str = Field(default="", max_length=30)
    card_last4: str = Field(default="", max_length=4)
    note: str = Field(default="", max_length=500)  # check number, etc.
    received_at: datetime = timestamp(default_now=True, index=True)
    recorded_by_staff_id: int | None = foreign_key("staff_user.id", nullable=True)


class SavedPaymentMethod(SQLModel, table=True):
    __tablename__ = "saved_payment_method"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    processor_customer_id: str = Field(max_length=255, index=True)
    processor_payment_method_id: str = Field(max_length=255, unique=True)
    kind: MethodKind = Field(default=MethodKind.CARD, sa_column=enum_column(MethodKind, index=False))
    brand: str = Field(default="", max_length=30)  # a card's brand, or a bank account's bank
    last4: str = Field(default="", max_length=4)
    exp_month: int | None = Field(default=None, ge=1, le=12)  # cards only
    exp_year: int | None = None
    # A bank account's debit authorisation, collected by Checkout; every debit from the account names it.
    mandate_id: str = Field(default="", max_length=255)
    # False: entered on Pay Now without "save for next time": used for those invoices, never listed, and
    # detached from Stripe once its payments are settled.
    kept: bool = True
    is_default: bool = False
    # The card AutoPay charges (at most one per customer): AutoPay is on while a card carries this.
    autopay_since: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp(default_now=True)


class CheckoutPayment(SQLModel, table=True):
    """Pay Now with a card or bank account not saved yet: what the customer chose before going to Stripe's
    Checkout page (the invoices, a part, whether to keep the method), kept here rather than in the return address,
    and used once when they come back."""

    __tablename__ = "checkout_payment"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    checkout_session_id: str = Field(max_length=255, unique=True)
    invoice_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    amount_cents: int | None = None  # a part of the one invoice, where the office allows it
    keep_method: bool = False
    started_by: str = Field(default="", max_length=254)
    created_at: datetime = timestamp(default_now=True)
    used_at: datetime | None = timestamp(nullable=True)


_OPEN_ATTEMPT_SQL = sa.text("status IN (" + ", ".join(f"'{status.value}'" for status in OPEN_ATTEMPT_STATUSES) + ")")


class PaymentAttempt(SQLModel, table=True):
    """One try at charging a saved card for one invoice, committed before Stripe is called.

    Its idempotency key goes with the Stripe request (and in the PaymentIntent's metadata, so the reconciler
    can find a charge whose reply never arrived). The partial unique index lets an invoice have only one
    open attempt: a double click, a second tab or AutoPay racing Pay Now cannot start a second charge.
    """

    __tablename__ = "payment_attempt"
    __table_args__ = (
        sa.Index(
            "uq_payment_attempt_one_open_per_invoice",
            "invoice_id",
            unique=True,
            sqlite_where=_OPEN_ATTEMPT_SQL,
            postgresql_where=_OPEN_ATTEMPT_SQL,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = foreign_key("invoice.id")
    customer_id: int = foreign_key("customer.id")
    source: AttemptSource = Field(sa_column=enum_column(AttemptSource, index=False))
    status: AttemptStatus = Field(sa_column=enum_column(AttemptStatus))
    idempotency_key: str = Field(max_length=80, unique=True)
    amount_cents: int = Field(gt=0)
    currency: str = Field(default="usd", max_length=3)
    processor_customer_id: str = Field(max_length=255)
    processor_payment_method_id: str = Field(max_length=255)
    method_kind: MethodKind = Field(default=MethodKind.CARD, sa_column=enum_column(MethodKind, index=False))
    card_brand: str = Field(default="", max_length=30)
    card_last4: str = Field(default="", max_length=4)
    processor_intent_id: str | None = Field(default=None, max_length=255, unique=True)
    action_url: str = Field(default="", max_length=2_000)  # where the bank's confirmation page is
    failure_message: str = Field(default="", max_length=500)
    payment_id: int | None = foreign_key("payment.id", nullable=True)
    started_by: str = Field(default="", max_length=254)  # the customer's email, or "AutoPay"
    created_at: datetime = timestamp(default_now=True, index=True)
    updated_at: datetime = timestamp(default_now=True)


class ProcessedProviderEvent(SQLModel, table=True):
    """A payment-provider webhook event already applied; the unique id makes replays harmless."""

    __tablename__ = "processed_provider_event"

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(default="stripe", max_length=20)
    event_id: str = Field(max_length=255, unique=True)
    event_type: str = Field(max_length=100)
    processed_at: datetime = timestamp(default_now=True)
