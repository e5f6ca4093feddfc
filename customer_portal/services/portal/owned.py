"""The rule behind every portal query: a customer sees a row only when its `customer_id` is theirs. Portal
services reach customer-owned tables through these functions and nowhere else (tests/unit/test_architecture.py
fails on a portal service that queries such a table directly), so a new portal query cannot forget the rule."""

from __future__ import annotations

from operator import attrgetter
from typing import Any, TypeVar, overload

from sqlalchemy import SQLColumnExpression
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from customer_portal.services.accounts.customer_auth import CustomerIdentity

M = TypeVar("M", bound=SQLModel)
T = TypeVar("T")
_owner = attrgetter("customer_id")  # of a row, or of a model (its column): every customer-owned table has one


def owned_by(session: Session, customer: CustomerIdentity, model: type[M], row_id: int) -> M | None:
    """The `model` row with this id when it is the customer's; None when it is another's or not there at all
    (the two look the same to the customer, so guessing ids teaches nothing)."""
    row = session.get(model, row_id)
    return row if row is not None and _owner(row) == customer.customer_id else None


def owned_rows(customer: CustomerIdentity, model: type[M]) -> SelectOfScalar[M]:
    """`select(model)` limited to the customer's rows; add filters, ordering and limits to it."""
    return select(model).where(_owner(model) == customer.customer_id)


@overload
def owned_select(
    customer: CustomerIdentity, model: type[SQLModel], column: SQLColumnExpression[T], /
) -> SelectOfScalar[T]: ...
@overload
def owned_select(
    customer: CustomerIdentity, model: type[SQLModel], entity: type[M], column: SQLColumnExpression[T], /
) -> Select[M, T]: ...
def owned_select(customer: CustomerIdentity, model: type[SQLModel], *columns: Any) -> Any:
    """`select(*columns)` over the customer's rows of `model`: one of its columns, or its rows with a joined
    table's column (join that table yourself)."""
    return select(*columns).where(_owner(model) == customer.customer_id)
