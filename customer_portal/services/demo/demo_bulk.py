"""Helpers the demo loader uses to insert many rows quickly and to reach statuses legally."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from customer_portal.domain.transitions import StatusMachine
from customer_portal.models import id_column

S = TypeVar("S", bound=StrEnum)
_CHUNK = 2_000


def bulk_insert(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT ... RETURNING id in row order, in chunks (works on SQLite and PostgreSQL)."""
    ids: list[int] = []
    for start in range(0, len(rows), _CHUNK):
        statement = insert(model).returning(id_column(model), sort_by_parameter_order=True)
        ids.extend(session.scalars(statement, list(rows[start : start + _CHUNK])).all())
    return ids


def walk(machine: StatusMachine[S], start: S, *actions: str) -> S:
    """Reach a status the only way statuses are reached: through the machine's transitions."""
    status = start
    for action in actions:
        status = machine.apply(status, action)
    return status
