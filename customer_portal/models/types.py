"""Column helpers shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Session, SQLModel

from customer_portal.domain.clock import ensure_utc, utcnow

# Every integer column (ids, cents, counts) is SQLAlchemy's Integer: PostgreSQL's 4-byte INTEGER, the smaller of
# the two databases' integers. A larger number compared with such a column is an error on PostgreSQL, not a miss.
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**31), 2**31 - 1

# Named constraints, so migrations can drop and alter them on SQLite (batch mode) and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is aware UTC in Python on every database.

    SQLite stores no offset, so values come back naive; this restores UTC on the way out and
    refuses naive values on the way in.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else ensure_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp(*, index: bool = False, nullable: bool = False, default_now: bool = False) -> Any:
    """A UTC timestamp field; `default_now` fills it at insert, `nullable` defaults it to None."""
    options: dict[str, Any] = {"sa_type": UTCDateTime, "index": index, "nullable": nullable}
    if default_now:
        options["default_factory"] = utcnow
    elif nullable:
        options["default"] = None
    return Field(**options)


def enum_column(enum: type[StrEnum], *, index: bool = True, unique: bool = False) -> Any:
    """Store a StrEnum as its value in a plain string column (no native DB enum to migrate)."""
    return sa.Column(
        sa.Enum(enum, native_enum=False, length=20, values_callable=lambda members: [m.value for m in members]),
        nullable=False,
        index=index and not unique,
        unique=unique or None,
    )


def foreign_key(target: str, *, nullable: bool = False, ondelete: str | None = None) -> Any:
    """Every foreign key gets an index: lists filter and join on them."""
    options: dict[str, Any] = {"foreign_key": target, "index": True, "nullable": nullable}
    if ondelete:
        options["ondelete"] = ondelete
    if nullable:
        options["default"] = None
    return Field(**options)


def max_length_of(model: type[SQLModel], field: str) -> int:
    """The column's `max_length`, so a service checks and names the limit the table declares, never a copy."""
    for rule in model.model_fields[field].metadata:
        if isinstance(getattr(rule, "max_length", None), int):
            return int(rule.max_length)
    raise LookupError(f"{model.__name__}.{field} declares no max_length")


class Stored(Protocol):
    """Any table row: its primary key is None until the row is flushed."""

    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    """The primary key of a row that has been flushed; every row read from the database has one.

    The models declare `id: int | None` (None before the insert), so code that hands an id on says which
    case it is in; a row used before its flush fails here, by name, instead of passing None along.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id until it is flushed")
    return row.id


Row = TypeVar("Row", bound=SQLModel)


def referenced(session: Session, model: type[Row], row_id: int) -> Row:
    """The row a foreign key points at. The constraint guarantees it exists, so its absence is a bug to report
    loudly, never an input error to answer politely (for ids a person sent, use `session.get` and say not found)."""
    row = session.get(model, row_id)
    if row is None:
        raise LookupError(f"{model.__name__} {row_id} is referenced but missing")
    return row


def id_column(model: type[SQLModel]) -> Mapped[int]:
    """A table's primary key column, for queries that select ids: every stored row has one, so the ids come
    back as `int` (the model's `int | None` is the unsaved row's)."""
    column: Mapped[int] = attrgetter("id")(model)
    return column
