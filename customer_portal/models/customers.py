"""Customers, their email addresses and the pools (service locations) the company looks after."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from customer_portal.models.enums import CustomerStatus
from customer_portal.models.types import enum_column, foreign_key, timestamp


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    # The office's list walks one of these in order and stops after a page, whatever the number of customers.
    __table_args__ = (
        Index("ix_customer_list_by_name", "status", "list_name", "id"),
        Index("ix_customer_list_by_email", "status", "list_email", "id"),
        Index("ix_customer_list_by_address", "status", "list_address", "id"),
        Index("ix_customer_list_by_portal", "status", "list_portal_status", "list_name", "id"),
        Index("ix_customer_list_all_by_name", "list_name", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    company_name: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40, index=True)
    status: CustomerStatus = Field(sa_column=enum_column(CustomerStatus))
    notes: str = Field(default="", max_length=10_000)
    # The office's choice for this customer ("es"), for the invite and emails before a login chooses; "" is English.
    language: str = Field(default="", max_length=8)
    # The Stripe customer that holds this customer's saved cards (created on the first "Add").
    processor_customer_id: str | None = Field(default=None, max_length=255, unique=True)
    created_at: datetime = timestamp(default_now=True, index=True)
    updated_at: datetime = timestamp(default_now=True)
    # What the office's list sorts, filters and searches by, copied from the customer's name, emails, pools and
    # portal account whenever one of those is written (services/customers/customer_listing.py keeps them): sorting by a
    # subquery, or searching five tables, took hundreds of milliseconds with 50,000 customers.
    list_name: str = Field(default="", max_length=200)  # the name, lowercased
    list_email: str = Field(default="", max_length=254)  # the primary address
    list_address: str = Field(default="", max_length=500)  # the first pool's address
    list_portal_status: str = Field(default="not_invited", max_length=20)
    list_phone_digits: str = Field(default="", max_length=40)
    search_text: str = ""  # name, company, phone, every address and email, lowercased, one per line


class CustomerEmail(SQLModel, table=True):
    """One address of a customer. Each address has its own portal login and its own Send Invoices flag."""

    __tablename__ = "customer_email"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    address: str = Field(max_length=254, unique=True)  # stored lowercased
    is_primary: bool = False
    send_invoices: bool = True
    created_at: datetime = timestamp(default_now=True)


class ServiceLocation(SQLModel, table=True):
    __tablename__ = "service_location"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = foreign_key("customer.id", ondelete="CASCADE")
    label: str = Field(default="", max_length=100)  # "Main pool", "Spa"
    address: str = Field(max_length=500, index=True)
    access_notes: str = Field(default="", max_length=2_000)
    pool_type: str = Field(default="chlorine", max_length=40)
    volume_gallons: int | None = Field(default=None, ge=0)
    # The service schedule (domain/schedule.py): a weekday (0 = Monday), every 1 or 2 weeks, from/until a date.
    service_weekday: int | None = Field(default=None, ge=0, le=6)
    service_every_weeks: int = Field(default=1, ge=1, le=2)
    service_starts_on: date | None = None
    service_ends_on: date | None = None
    created_at: datetime = timestamp(default_now=True)
