"""The customer's list columns (`Customer.list_*` and `search_text`): what the office's customer list sorts,
filters and searches by, kept equal to the customer's name, emails, pools and portal account.

After every flush that wrote one of those rows, the customers concerned are recomputed in SQL, in the same
transaction, by one UPDATE (`refresh`); `refresh_all` recomputes everyone (bulk loads). A write that bypasses the
ORM session must call `refresh` itself: the service tests check after every test that no customer's columns
differ from a recomputation (`stale_customer_ids`).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, case, event, exists, func, literal, or_, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, select

from customer_portal.models import (
    AuthToken,
    Customer,
    CustomerEmail,
    OutboxEmail,
    OutboxStatus,
    PortalLogin,
    ServiceLocation,
    TokenPurpose,
    id_column,
    id_of,
)

INVITE_TEMPLATE = "portal_invite"


class PortalStatus(StrEnum):
    NOT_INVITED = "not_invited"
    INVITED = "invited"
    INVITE_FAILED = "invite_failed"
    ACTIVE = "active"


def _primary_email() -> ColumnElement[Any]:
    return (
        select(CustomerEmail.address)
        .where(CustomerEmail.customer_id == Customer.id)
        .order_by(col(CustomerEmail.is_primary).desc(), col(CustomerEmail.id))
        .limit(1)
        .scalar_subquery()
    )


def _first_address() -> ColumnElement[Any]:
    return (
        select(ServiceLocation.address)
        .where(ServiceLocation.customer_id == Customer.id)
        .order_by(col(ServiceLocation.id))
        .limit(1)
        .scalar_subquery()
    )


def _has_login() -> ColumnElement[Any]:
    return exists(
        select(PortalLogin.id)
        .join(CustomerEmail, col(CustomerEmail.id) == PortalLogin.customer_email_id)
        .where(CustomerEmail.customer_id == Customer.id, PortalLogin.is_active)
    )


def _has_invite() -> ColumnElement[Any]:
    return exists(
        select(AuthToken.id)
        .join(CustomerEmail, col(CustomerEmail.id) == AuthToken.customer_email_id)
        .where(CustomerEmail.customer_id == Customer.id, AuthToken.purpose == TokenPurpose.INVITE)
    )


def _invite_email(status: OutboxStatus) -> ColumnElement[Any]:
    return exists(
        select(OutboxEmail.id)
        .join(CustomerEmail, col(CustomerEmail.id) == OutboxEmail.customer_email_id)
        .where(
            CustomerEmail.customer_id == Customer.id,
            OutboxEmail.template == INVITE_TEMPLATE,
            OutboxEmail.status == status,
        )
    )


def _portal_status() -> ColumnElement[Any]:
    return case(
        (_has_login(), PortalStatus.ACTIVE.value),
        (_invite_email(OutboxStatus.FAILED) & ~_invite_email(OutboxStatus.SENT), PortalStatus.INVITE_FAILED.value),
        (_has_invite(), PortalStatus.INVITED.value),
        else_=PortalStatus.NOT_INVITED.value,
    )


def _phone_digits() -> SQLColumnExpression[str]:
    digits: SQLColumnExpression[str] = col(Customer.phone)
    for separator in ("(", ")", "-", " ", "."):
        digits = func.replace(digits, separator, "")
    return digits


def _all_of(column: SQLColumnExpression[str], owner: SQLColumnExpression[int]) -> ColumnElement[Any]:
    """Every value of a child table's column for this customer, one per line ("" when none)."""
    lines = select(func.aggregate_strings(column, "\n")).where(owner == Customer.id).scalar_subquery()
    return func.coalesce(lines, "")


def _search_text() -> SQLColumnExpression[Any]:
    parts: list[SQLColumnExpression[Any]] = [
        func.lower(Customer.name),
        func.lower(Customer.company_name),
        col(Customer.phone),
        _all_of(col(CustomerEmail.address), col(CustomerEmail.customer_id)),
        _all_of(func.lower(ServiceLocation.address), col(ServiceLocation.customer_id)),
    ]
    text = parts[0]
    for part in parts[1:]:
        text = text + literal("\n") + part
    return text


def _computed() -> dict[str, SQLColumnExpression[Any]]:
    return {
        "list_name": func.lower(Customer.name),
        "list_email": func.coalesce(_primary_email(), ""),
        "list_address": func.coalesce(_first_address(), ""),
        "list_portal_status": _portal_status(),
        "list_phone_digits": _phone_digits(),
        "search_text": _search_text(),
    }


def refresh(session: OrmSession, *, customer_ids: Collection[int] = (), email_ids: Collection[int] = ()) -> None:
    """Recompute the list columns of these customers, and of the customers owning these email addresses."""
    owners = select(CustomerEmail.customer_id).where(col(CustomerEmail.id).in_(list(email_ids)))
    concerned = or_(col(Customer.id).in_(list(customer_ids)), col(Customer.id).in_(owners))
    # Core, on the session's connection: callable while a flush is finishing, and no ORM objects to synchronise.
    session.connection().execute(update(Customer).where(concerned).values(_computed()))


def refresh_all(session: Session) -> None:
    session.connection().execute(update(Customer).values(_computed()))


def stale_customer_ids(session: Session) -> list[int]:
    """Customers whose stored list columns differ from what they would be recomputed to."""
    computed = _computed()
    differs = or_(*(getattr(Customer, name) != expression for name, expression in computed.items()))
    return list(session.exec(select(id_column(Customer)).where(differs).order_by(id_column(Customer))))


def _concerned(rows: Any) -> tuple[set[int], set[int]]:
    """(customer ids, email ids) whose list columns a flush of these rows may have changed."""
    customer_ids: set[int] = set()
    email_ids: set[int] = set()
    for row in rows:
        match row:
            case Customer():
                customer_ids.add(id_of(row))
            case CustomerEmail() | ServiceLocation():
                customer_ids.add(row.customer_id)
            case PortalLogin():
                email_ids.add(row.customer_email_id)
            case AuthToken() if row.purpose == TokenPurpose.INVITE and row.customer_email_id:
                email_ids.add(row.customer_email_id)
            case OutboxEmail() if row.template == INVITE_TEMPLATE and row.customer_email_id:
                email_ids.add(row.customer_email_id)
    return customer_ids, email_ids


@event.listens_for(OrmSession, "after_flush")
def _refresh_after_flush(session: OrmSession, _flush: UOWTransaction) -> None:
    customer_ids, email_ids = _concerned(chain(session.new, session.dirty, session.deleted))
    if customer_ids or email_ids:
        refresh(session, customer_ids=customer_ids, email_ids=email_ids)
