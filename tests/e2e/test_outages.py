"""The database and Redis going away while customers use the portal, and coming back, with nothing restarted: the
app (two workers, PostgreSQL through a proxy the test can cut, a Redis server of the test's own) shows the "can't
reach our records" page instead of a spinner, logs each outage in a line or two instead of tracebacks, and serves
the page again once the server is back."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import make_url

from tests.databases import drop_postgres_database, fresh_postgres_database
from tests.e2e.conftest import (
    context_without_csp_violations,
    free_port,
    running_app,
    screenshot,
    sign_in_as_customer,
)
from tests.fakes.tcp_proxy import TcpProxy

DATABASE_NAME = "portal_outage_e2e"
UNAVAILABLE = "We can't reach our records right now"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True}


class RedisServer:
    """A redis-server of this test's own, on a free port, that the test may kill and start again."""

    def __init__(self, scratch: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._scratch = scratch
        self._process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(command, cwd=self._scratch, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
                return self
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def kill(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
            self._process = None


@dataclass
class OutageApp:
    url: str
    database: TcpProxy
    redis: RedisServer
    log: Path


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[OutageApp]:
    scratch = tmp_path_factory.mktemp("outages")
    database_url = make_url(fresh_postgres_database(DATABASE_NAME))
    proxy = TcpProxy((database_url.host or "127.0.0.1", database_url.port or 5432)).start()
    through_proxy = database_url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    redis_server = RedisServer(scratch).start()
    try:
        with running_app(
            scratch, DATABASE_URL=through_proxy, REDIS_URL=redis_server.url, GRANIAN_WORKERS="2"
        ) as base_url:
            yield OutageApp(base_url, proxy, redis_server, scratch / "app.log")
    finally:
        proxy.cut()
        redis_server.kill()
        drop_postgres_database(DATABASE_NAME)


def _open_invoices(page: Page) -> None:
    page.locator("#tab-invoices").click()
    expect(page.locator("#outstanding-balance")).to_have_text(re.compile(r"^\$\d"))


def _shows_the_unavailable_page(page: Page) -> None:
    expect(page.get_by_role("heading", name=UNAVAILABLE)).to_be_visible(timeout=30_000)
    assert "/api/unavailable?back=" in page.url


def _log_once_it_says(app: OutageApp, words: str) -> str:
    """The app's log, once `words` are in it: a worker that met the outage but no request since sees its end at
    its next probe (every 2 s)."""
    deadline = time.monotonic() + 15
    while words not in (log := app.log.read_text()):
        assert time.monotonic() < deadline, f"the log never said {words!r}"
        time.sleep(0.25)
    return log


def test_a_lost_database_shows_the_unavailable_page_and_the_portal_comes_back(browser: Browser, app: OutageApp):
    with context_without_csp_violations(browser, base_url=app.url, **PHONE) as context:
        page = context.new_page()
        sign_in_as_customer(page)
        _open_invoices(page)
        invoices = page.url

        app.database.cut()
        page.reload()  # the page asks for its invoices again: its session check cannot reach the database
        _shows_the_unavailable_page(page)
        screenshot(page, "outage-database-375")
        ready = page.request.get(f"{app.url}/api/ready")
        assert ready.status == 503 and ready.json()["checks"]["database"] == "unreachable"

        app.database.restore()
        page.locator("#try-again").click()
        expect(page.locator("#outstanding-balance")).to_have_text(re.compile(r"^\$\d"))
        assert page.url == invoices

    log = _log_once_it_says(app, "The database answers again, after an outage of")
    assert 1 <= log.count("The database is unreachable") <= 2, "one line per worker that met the outage"
    assert "Traceback" not in log


def test_a_lost_redis_shows_the_unavailable_page_and_the_portal_comes_back(browser: Browser, app: OutageApp):
    with context_without_csp_violations(browser, base_url=app.url, **PHONE) as context:
        page = context.new_page()
        sign_in_as_customer(page)

        app.redis.kill()
        page.reload()  # a page load must find (or start) this browser's state in Redis
        _shows_the_unavailable_page(page)
        screenshot(page, "outage-redis-375")

        app.redis.start()  # empty: every browser's page state is gone, the sessions (in the database) are not
        page.locator("#try-again").click()
        _open_invoices(page)

    log = _log_once_it_says(app, "The Redis server answers again, after an outage of")
    assert 1 <= log.count("The Redis server is unreachable") <= 2
