"""/api/ready names what keeps this worker from serving customers: the database, a schema behind the release,
Redis, stalled background jobs. /api/health only says the worker answers."""

from __future__ import annotations

import socket
import time

from sqlalchemy import text
from starlette.testclient import TestClient

from customer_portal import jobs, schema
from customer_portal.api import readiness
from customer_portal.api.app import build_api
from customer_portal.settings import settings


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ready_when_everything_answers(migrated, jobs_running, monkeypatch):
    monkeypatch.setattr(settings, "redis_url", "redis://127.0.0.1:6379/5")
    with TestClient(build_api()) as client:
        answer = client.get("/api/ready")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "ok", "jobs": "ok"},
    }


def test_a_schema_behind_the_release_says_to_migrate(migrated, jobs_running):
    with migrated.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    with TestClient(build_api()) as client:
        answer = client.get("/api/ready")
    assert answer.status_code == 503
    assert answer.json()["checks"]["migrations"] == (
        f"at 0003, this release needs {schema.head_revision()}: run python -m customer_portal.cli migrate"
    )


def test_unreachable_redis_and_stalled_jobs_are_named(migrated, jobs_running, monkeypatch):
    monkeypatch.setattr(settings, "redis_url", f"redis://127.0.0.1:{_closed_port()}/0")
    later = time.monotonic() + jobs.STALLED_AFTER["email"] + 1  # the email loop has not gone round since
    found = readiness.checks(now=later)
    assert found["redis"] == "unreachable" and found["jobs"] == "not running: email"
    assert found["database"] == "ok"


def test_jobs_that_never_started_are_not_ready(migrated, monkeypatch):
    monkeypatch.setattr(jobs, "_heartbeats", {})
    assert readiness.checks()["jobs"] == "not running: email, payments"


def test_an_unreachable_database_is_not_ready_but_the_worker_is_alive(monkeypatch, jobs_running):
    from customer_portal import db
    from customer_portal.db import build_engine

    dead = build_engine(f"postgresql+psycopg://portal:secret@127.0.0.1:{_closed_port()}/portal")
    monkeypatch.setattr(db, "get_engine", lambda: dead)
    with TestClient(build_api()) as client:
        assert client.get("/api/health").json() == {"status": "ok"}
        answer = client.get("/api/ready")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == "unreachable" and "secret" not in answer.text
