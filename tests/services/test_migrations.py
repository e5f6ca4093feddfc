"""The Alembic history builds exactly the models' schema, and unbuilds it, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel, select

import customer_portal.models  # noqa: F401
from customer_portal.db import build_engine
from customer_portal.models import Customer
from customer_portal.services.customers import customer_listing
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


def test_the_customer_list_columns_are_filled_from_existing_customers(database_url):
    """A company upgrading with customers already in it: 0004 fills each customer's list columns from their
    emails, pools and portal account exactly as the app would compute them."""
    config = _alembic(database_url)
    command.upgrade(config, "0003")
    engine = build_engine(database_url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for number, name in ((1, "Ana Alpha"), (2, "Bo Beta"), (3, "Cy Gamma")):
            connection.execute(
                text(
                    "INSERT INTO customer (id, name, company_name, phone, status, notes, created_at, updated_at) "
                    "VALUES (:id, :name, 'Acme Pools', '(602) 555-010' || :id, 'active', '', :now, :now)"
                ),
                {"id": number, "name": name, "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO customer_email (id, customer_id, address, is_primary, send_invoices, created_at) "
                    "VALUES (:id, :id, :address, true, true, :now)"
                ),
                {"id": number, "address": f"c{number}@example.com", "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO service_location (customer_id, label, address, access_notes, pool_type, created_at) "
                    "VALUES (:id, 'Main', :address, '', 'chlorine', :now)"
                ),
                {"id": number, "address": f"{number} E Camelback Rd", "now": now},
            )
        connection.execute(
            text(
                "INSERT INTO portal_login (customer_email_id, password_hash, is_active, created_at, "
                "password_changed_at) VALUES (1, 'x', true, :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO auth_token (customer_email_id, purpose, token_hash, expires_at, created_at) "
                "VALUES (2, 'invite', 'h', :now, :now)"
            ),
            {"now": now},
        )
    command.upgrade(config, "head")
    with Session(engine) as session:
        assert customer_listing.stale_customer_ids(session) == []
        rows = session.exec(select(Customer).order_by(Customer.id)).all()
    engine.dispose()
    assert [row.list_portal_status for row in rows] == ["active", "invited", "not_invited"]
    assert rows[0].list_email == "c1@example.com" and rows[0].list_address == "1 E Camelback Rd"
    assert "1 e camelback rd" in rows[0].search_text and rows[0].list_phone_digits == "6025550101"
