"""The database engine and the one way to open a transaction."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlmodel import Session, create_engine

import customer_portal.services.customers.customer_listing  # noqa: F401  (keeps the customer list's columns on every flush)
from customer_portal import outages
from customer_portal.settings import settings


def build_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A server that does not answer fails the connection in seconds rather than hanging a request for minutes.
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:  # a DB-API connection, SQLAlchemy's record
    # Let SQLAlchemy issue BEGIN itself (see _begin_immediate) instead of pysqlite's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock at the start: two transactions that read-then-write (claims, payments)
    # serialise instead of failing with "database is locked" half way through.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return build_engine(settings.database_url)


def _forget_inherited_connections() -> None:
    # A forked worker must not use its parent's pooled connections (two processes on one socket); it opens its own.
    if get_engine.cache_info().currsize:
        get_engine().dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back when it raises. A connection that fails
    starts a database outage (outages.py: logged once); the next transaction that commits ends it."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except (OperationalError, InterfaceError) as error:
            outages.database.failed(error)
            with suppress(SQLAlchemyError):  # the connection may be gone; the session is discarded anyway
                session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
    outages.database.answered()
