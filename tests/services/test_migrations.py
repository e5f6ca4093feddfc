"""The Alembic history builds exactly the models' schema, and unbuilds it, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import customer_portal.models  # noqa: F401
from customer_portal.db import build_engine
from customer_portal.settings import PROJECT_ROOT
from tests.databases import BACKENDS, drop_postgres_schema, fresh_postgres_schema

SCHEMA = "portal_migration_tests"


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    yield fresh_postgres_schema(SCHEMA)
    drop_postgres_schema(SCHEMA)


def _alembic(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = url
    config.attributes["configure_logger"] = False
    return config


def _tables(url: str) -> set[str]:
    engine = build_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _differences(url: str) -> list:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(database_url):
    config = _alembic(database_url)
    command.upgrade(config, "head")
    assert _tables(database_url) == set(SQLModel.metadata.tables)
    assert _differences(database_url) == []
    command.downgrade(config, "base")
    assert _tables(database_url) == set()
    command.upgrade(config, "head")
    assert _tables(database_url) == set(SQLModel.metadata.tables)
