"""The database gone while the app runs: HTTP routes and events answer with the "can't reach our records" page
(never a traceback), the outage is logged once, and the first request after the database is back succeeds."""

from __future__ import annotations

import json
import logging
import socket

import pytest
from sqlalchemy.exc import OperationalError
from starlette.testclient import TestClient

import customer_portal.db
from customer_portal import outages
from customer_portal.api.app import build_api
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE
from customer_portal.db import build_engine, session_scope
from customer_portal.state.backend_errors import answer_backend_exception

UNAVAILABLE = "We can't reach our records right now"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_gone(db, monkeypatch):
    """The app's engine pointing at a port nothing listens on, as after the server went away; yields a function
    that brings the real database back."""
    gone = build_engine(f"postgresql+psycopg://portal@127.0.0.1:{_closed_port()}/portal")
    monkeypatch.setattr(customer_portal.db, "get_engine", lambda: gone)
    yield lambda: monkeypatch.setattr(customer_portal.db, "get_engine", lambda: db)
    gone.dispose()
    outages.database.answered()  # whatever the test left, the next one starts without an outage


def test_routes_answer_with_the_unavailable_page_and_recover_by_themselves(database_gone):
    cookie = {CUSTOMER_SESSION_COOKIE: "a-session-token"}
    with TestClient(build_api(), raise_server_exceptions=False, cookies=cookie) as client:
        pdf = client.get("/api/portal/statement.pdf")
        assert pdf.status_code == 503 and UNAVAILABLE in pdf.text
        assert pdf.headers["retry-after"] == "30"
        assert 'content="30;url=/api/portal/statement.pdf"' in pdf.text  # it tries the same address again
        webhook = client.post("/stripe/webhook", content=b"{}", headers={"stripe-signature": "t=1,v1=x"})
        assert webhook.status_code == 503  # Stripe delivers it again later
        assert outages.database.ongoing

        database_gone()  # the server is back: nothing restarts
        assert client.get("/api/portal/statement.pdf").status_code < 500
    assert not outages.database.ongoing


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_an_outage_is_logged_once_however_many_requests_meet_it(database_gone):
    written = _Records()
    logging.getLogger("customer_portal").addHandler(written)
    try:
        with TestClient(build_api(), raise_server_exceptions=False) as client:
            for _ in range(20):
                client.post("/stripe/webhook", content=b"{}", headers={"stripe-signature": "t=1,v1=x"})
            database_gone()
            with session_scope() as session:
                session.connection()
    finally:
        logging.getLogger("customer_portal").removeHandler(written)
    lines = [record.getMessage() for record in written.records]
    assert sum("The database is unreachable" in line for line in lines) == 1, lines
    assert sum("The database answers again, after an outage of" in line for line in lines) == 1, lines
    assert not any(record.exc_info for record in written.records), "a traceback was logged"


def test_an_event_that_meets_an_outage_takes_the_browser_to_the_unavailable_page_and_back():
    try:
        spec = answer_backend_exception(OperationalError("SELECT 1", {}, ConnectionRefusedError("refused")))
    finally:
        outages.database.answered()
    script = json.loads({str(name): str(value) for name, value in spec.args}["javascript_code"])
    assert script.startswith('window.location.assign("/api/unavailable" + ')
    assert "encodeURIComponent(window.location.pathname + window.location.search)" in script


def test_the_unavailable_page_returns_only_to_this_site(db):
    with TestClient(build_api()) as client:
        page = client.get("/api/unavailable", params={"back": "/bluewater/invoices?page=2"})
        assert page.status_code == 200 and UNAVAILABLE in page.text
        assert 'href="/bluewater/invoices?page=2"' in page.text
        for elsewhere in ("https://evil.example/", "//evil.example", '/"><script>alert(1)</script>'):
            page = client.get("/api/unavailable", params={"back": elsewhere})
            assert "evil.example" not in page.text and "<script>" not in page.text
