"""Where database tests run: SQLite always, PostgreSQL when TEST_DATABASE_URL names one.

Each PostgreSQL user of the shared `test` database gets its own schema, so the service tests and the
migration tests never see each other's tables.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from customer_portal.db import build_engine
from customer_portal.settings import redacted_url

BACKENDS = ("sqlite", "postgresql")


def postgres_url_or_skip() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the database tests on PostgreSQL: set TEST_DATABASE_URL.")
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return url


def _of_this_worker(name: str) -> str:
    """`name` for this test process: pytest-xdist's workers share the server, so each gets its own schemas and
    databases (`name` alone when the tests run in one process)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{name}_{worker}" if worker else name


def fresh_postgres_schema(schema: str) -> str:
    """Drop and recreate `schema`; return a URL whose connections use it. Fails (never skips) if unreachable."""
    schema = _of_this_worker(schema)
    base_url = postgres_url_or_skip()
    engine = build_engine(base_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # the suite must fail loudly when PostgreSQL was asked for and is missing
        pytest.fail(f"PostgreSQL at {redacted_url(base_url)} is unreachable: {error}")
    finally:
        engine.dispose()
    return (
        make_url(base_url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def drop_postgres_schema(schema: str) -> None:
    schema = _of_this_worker(schema)
    engine = build_engine(postgres_url_or_skip())
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def fresh_postgres_database(name: str) -> str:
    """Drop and recreate database `name` beside the test database (for tools such as pg_dump that work on a
    whole database); return its URL."""
    name = _of_this_worker(name)
    base_url = make_url(postgres_url_or_skip())
    engine = build_engine(base_url.render_as_string(hide_password=False))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base_url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    name = _of_this_worker(name)
    engine = build_engine(postgres_url_or_skip())
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
