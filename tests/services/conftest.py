"""Service tests run against a real database: SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import bcrypt
import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import customer_portal.db
import customer_portal.models
from customer_portal import jobs, schema
from customer_portal.db import build_engine
from customer_portal.models import PaymentSettings
from customer_portal.services.accounts import passwords
from customer_portal.services.customers import customer_listing
from customer_portal.services.secrets_box import seal
from customer_portal.settings import settings
from tests.databases import BACKENDS, drop_postgres_schema, fresh_postgres_schema
from tests.fakes.stripe_server import GOOD_SECRET_KEY, FakeStripe

SCHEMA = "portal_service_tests"


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('services')}/services.db"
    else:
        url = fresh_postgres_schema(SCHEMA)
    engine = build_engine(url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    if request.param == "postgresql":
        drop_postgres_schema(SCHEMA)


@pytest.fixture
def db(engine, monkeypatch):
    """The test database, also used by code that opens its own transactions (state handlers)."""
    monkeypatch.setattr(customer_portal.db, "get_engine", lambda: engine)
    yield engine
    with Session(engine) as session:  # every write path, whichever test took it, kept the list's columns
        assert customer_listing.stale_customer_ids(session) == [], "customer list columns out of date"
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def session(db):
    with Session(db, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture(autouse=True)
def fast_unknown_account_checks(monkeypatch):
    """Unknown emails are checked against a cost-12 hash in production; cost 4 keeps tests quick."""
    fast_hash = bcrypt.hashpw(b"no account has this password", bcrypt.gensalt(4))
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: fast_hash)


@pytest.fixture
def smtp_server():
    """A local SMTP catcher (aiosmtpd); its Controller cannot take port 0, so a free port is found first."""
    import socket
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    class Catcher:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    catcher = Catcher()
    controller = Controller(catcher, hostname="127.0.0.1", port=port)
    controller.start()
    catcher.port = port
    yield catcher
    controller.stop()


WEBHOOK_SECRET = "whsec_fake_0123456789"


@pytest.fixture
def stripe(session, monkeypatch):
    """The fake Stripe, with its keys saved in Settings > Payments (so Stripe is activated)."""
    fake = FakeStripe().start()
    monkeypatch.setattr(settings, "stripe_api_base", fake.url)
    monkeypatch.setattr(settings, "stripe_secret_key", "")
    session.add(
        PaymentSettings(
            secret_key_encrypted=seal(GOOD_SECRET_KEY),
            publishable_key="pk_test_fake",
            webhook_secret_encrypted=seal(WEBHOOK_SECRET),
        )
    )
    session.commit()
    yield fake
    fake.stop()


@pytest.fixture
def migrated(db):
    """The service tests build tables from the models; record the revision as `cli migrate` would (so the
    readiness check finds the schema current)."""
    with db.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": schema.head_revision()})
    yield db
    with db.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))


@pytest.fixture
def jobs_running(monkeypatch):
    """This worker's background loops have just gone round."""
    monkeypatch.setattr(jobs, "_heartbeats", {})
    for loop in jobs.STALLED_AFTER:
        jobs.beat(loop)
