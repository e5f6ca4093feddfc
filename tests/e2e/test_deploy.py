"""The deploy kit as a self-hoster runs it (README "Deploying", deploy/): a release built once with `cli build`,
`cli serve` with nothing but Python on its PATH (no Node, no bun), PostgreSQL and Redis with two workers, behind
Debian's Caddy running deploy/Caddyfile with its internal certificate authority on loopback.

The site is `portal.test` (a name reserved for testing), resolved to 127.0.0.1 for Chromium by its resolver rules
and for this process's HTTP clients by a patched getaddrinfo. Not `localhost`: Reflex's pages treat a backend on
localhost as "this page's host on port 443" under https, which a test on another port cannot be."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
from playwright.sync_api import Browser, expect, sync_playwright
from sqlmodel import select

from customer_portal import routes
from customer_portal.models import ProcessedProviderEvent
from customer_portal.settings import PROJECT_ROOT
from tests.databases import drop_postgres_database, fresh_postgres_database
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    E2E_WEBHOOK_SECRET,
    REFLEX_ENVIRONMENT,
    activate_stripe,
    cli,
    context_without_csp_violations,
    database_at,
    free_port,
    kept_build,
    screenshot,
    sign_in_as_customer,
    stop,
    wait_until_serving,
)
from tests.fakes.stripe_server import FakeStripe

CADDY = "/usr/bin/caddy"
DOMAIN = "portal.test"
REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of the machine's Redis that nothing else here uses
DATABASE_NAME = "portal_deploy_e2e"
METRICS_TOKEN = "deploy-test-metrics-token-0123456789"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@dataclass
class Deployment:
    url: str  # the https address customers open: Caddy
    app_url: str  # the app's own port behind it
    database_url: str
    server: subprocess.Popen
    log: Path


def _caddy_config(scratch: Path, http_port: int, https_port: int) -> Path:
    """deploy/Caddyfile as shipped, under global options for a test: loopback ports, Caddy's own CA for localhost,
    state kept in the test's folder, no admin endpoint."""
    config = scratch / "Caddyfile"
    config.write_text(
        "{\n"
        f"\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tdefault_sni {DOMAIN}\n"
        f"\tstorage file_system {scratch / 'caddy-data'}\n"
        f"\thttp_port {http_port}\n\thttps_port {https_port}\n"
        "}\n"
        f"import {PROJECT_ROOT / 'deploy' / 'Caddyfile'}\n"
    )
    return config


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the deploy tests with Redis at {REDIS_URL}: {error}")
        pytest.skip(f"the deploy tests need Redis at {REDIS_URL}")


@pytest.fixture(scope="module", autouse=True)
def domain_resolves_to_loopback() -> Iterator[None]:
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        return real_getaddrinfo("127.0.0.1" if host == DOMAIN else host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {DOMAIN} 127.0.0.1"]
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, fake_stripe: FakeStripe) -> Iterator[Deployment]:
    _require_redis()
    database_url = fresh_postgres_database(DATABASE_NAME)
    scratch = tmp_path_factory.mktemp("deploy")
    http_port, https_port, app_port = free_port(), free_port(), free_port()
    url = f"https://{DOMAIN}:{https_port}"

    # The build machine has Node and bun; the server gets the release folder only.
    build_env = {
        **os.environ,
        **REFLEX_ENVIRONMENT,
        "PATH": f"{PROJECT_ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "PUBLIC_URL": url,
    }
    with kept_build(scratch):
        cli(build_env, "build", "--output", str(scratch / "release"))

    release_files = _modified_times(scratch / "release")
    server_path = str(Path(sys.executable).parent)
    assert shutil.which("node", path=server_path) is None and shutil.which("bun", path=server_path) is None
    app_env = {
        "HOME": str(scratch),
        "PATH": server_path,
        **REFLEX_ENVIRONMENT,
        "APP_ENV": "production",
        "SECRET_KEY": "deploy-test-" + "k" * 40,
        "PUBLIC_URL": url,
        "PORT": str(app_port),
        "LISTEN_ADDRESS": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "WEB_CONCURRENCY": "2",
        "DATA_DIR": str(scratch / "data"),
        "STRIPE_API_BASE": fake_stripe.url,
        "METRICS_TOKEN": METRICS_TOKEN,
    }
    cli(app_env, "migrate")
    cli(app_env, "seed-demo", "--customers", "6", "--weeks", "8")

    log_path = scratch / "app.log"
    caddy_env = {
        **os.environ,
        "PORTAL_DOMAIN": f"{DOMAIN}:{https_port}",
        "PORTAL_UPSTREAM": f"127.0.0.1:{app_port}",
        "XDG_DATA_HOME": str(scratch / "xdg"),
        "XDG_CONFIG_HOME": str(scratch / "xdg"),
    }
    with open(log_path, "w") as log, open(scratch / "caddy.log", "w") as caddy_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "customer_portal.cli", "serve", "--release", str(scratch / "release")],
            cwd=PROJECT_ROOT,
            env=app_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        caddy = subprocess.Popen(
            [CADDY, "run", "--config", str(_caddy_config(scratch, http_port, https_port)), "--adapter", "caddyfile"],
            env=caddy_env,
            stdout=caddy_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_serving(server, f"http://127.0.0.1:{app_port}", log_path)
            wait_until_serving(caddy, url, scratch / "caddy.log", verify=False)
            yield Deployment(url, f"http://127.0.0.1:{app_port}", database_url, server, log_path)
        finally:
            stop(caddy)
            stop(server)
    drop_postgres_database(DATABASE_NAME)
    assert "Traceback" not in log_path.read_text(), "the served app logged a traceback"
    assert _modified_times(scratch / "release") == release_files, "the server wrote into the release (read-only)"


def _modified_times(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns for path in folder.rglob("*")}


def test_a_customer_uses_the_portal_over_https_through_caddy(browser: Browser, deployment: Deployment) -> None:
    with context_without_csp_violations(browser, base_url=deployment.url, ignore_https_errors=True, **PHONE) as ctx:
        page = ctx.new_page()
        sign_in_as_customer(page)  # pages and events over https and the websocket, through the proxy
        page.locator("#tab-invoices").click()
        expect(page.locator("#outstanding-balance")).to_have_text(re.compile(r"^\$\d"))
        screenshot(page, "deploy-portal-invoices-through-caddy-375")
        assert page.url.startswith(f"{deployment.url}/")
        cookies = {cookie["name"]: cookie for cookie in ctx.cookies()}
        session = cookies["cp_portal_session"]
        assert session["secure"] and session["httpOnly"], session


def test_caddy_compresses_and_adds_no_server_banner(deployment: Deployment) -> None:
    with httpx.Client(verify=False) as client:
        page = client.get(f"{deployment.url}/portal/sign-in", headers={"accept-encoding": "zstd, gzip"})
        assert page.status_code == 200
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "content-security-policy" in page.headers  # the app's own, passed through
        assert page.headers.get("content-encoding") in ("zstd", "gzip")
        assert "server" not in page.headers


def test_the_app_sees_each_customers_own_address_only_through_the_trusted_proxy(deployment: Deployment) -> None:
    marker = uuid.uuid4().hex
    # A customer at 127.0.0.2 through Caddy (which is at 127.0.0.1, the trusted proxy).
    with httpx.Client(verify=False, transport=httpx.HTTPTransport(local_address="127.0.0.2", verify=False)) as c:
        assert c.get(f"{deployment.url}/api/health", params={"through": marker}).status_code == 200
    # Someone at 127.0.0.3 going round the proxy, claiming to be somebody else: not believed.
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3")) as direct:
        forged = {"x-forwarded-for": "203.0.113.9"}
        assert direct.get(f"{deployment.app_url}/api/ready", headers=forged).status_code == 200
    time.sleep(0.5)  # the access lines are written as each response ends
    lines = deployment.log.read_text().splitlines()
    assert any(line.endswith(" 127.0.0.2") and "GET /api/health 200" in line for line in lines)
    assert any(line.endswith(" 127.0.0.3") and "GET /api/ready 200" in line for line in lines)
    assert not any("203.0.113.9" in line for line in lines)


def _deliver(fake_stripe: FakeStripe, deployment: Deployment, event_id: str) -> int:
    """A Stripe event through Caddy whose effect is only its record (the card it names does not exist)."""
    event = {"id": event_id, "type": "payment_method.detached", "data": {"object": {"id": "pm_gone"}}}
    return fake_stripe.deliver(f"{deployment.url}/stripe/webhook", E2E_WEBHOOK_SECRET, event, verify=False)


def test_metrics_sum_both_workers_and_are_refused_through_the_proxy_without_the_token(deployment: Deployment) -> None:
    """Runs after a customer used the portal: handler timings from whichever worker answered, counted once."""
    with httpx.Client() as local:
        first = local.get(f"{deployment.app_url}/api/metrics")
        second = local.get(f"{deployment.app_url}/api/metrics")
    assert first.status_code == 200
    count = re.compile(r'^portal_event_handler_seconds_count\{area="portal"\} (\S+)$', re.M)
    handled = [float(count.search(answer.text).group(1)) for answer in (first, second)]  # type: ignore[union-attr]
    assert handled[0] > 0 and handled[0] == handled[1], handled  # the same sum, whichever worker answered
    assert re.search(r'^portal_emails\{status="pending"\} \d', first.text, re.M)
    assert re.search(r"^portal_database_up 1.0$", first.text, re.M)

    outside = httpx.HTTPTransport(local_address="127.0.0.2", verify=False)
    with httpx.Client(verify=False, transport=outside) as internet:
        assert internet.get(f"{deployment.url}/api/metrics").status_code == 403
        with_token = internet.get(f"{deployment.url}/api/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})
        assert with_token.status_code == 200 and "portal_open_payment_attempts" in with_token.text


def _recorded_events(deployment: Deployment) -> set[str]:
    with database_at(deployment.database_url) as run:
        return set(run(lambda session: session.exec(select(ProcessedProviderEvent.event_id)).all()))


def _workers(server: subprocess.Popen) -> set[int]:
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False)
    return {int(pid) for pid in found.stdout.split()}


def test_a_worker_killed_under_load_is_replaced_and_nothing_is_lost(
    browser: Browser, deployment: Deployment, fake_stripe: FakeStripe
) -> None:
    """Stripe delivers webhooks through Caddy from four connections while a worker is killed: every delivery the
    app acknowledged is recorded, at most the ones in flight fail (Stripe delivers those again), and the office
    carries on in the same browser."""
    with context_without_csp_violations(browser, base_url=deployment.url, ignore_https_errors=True, **DESKTOP) as ctx:
        page = ctx.new_page()
        activate_stripe(page)  # the owner saves the webhook secret through the proxy
        workers = _workers(deployment.server)
        assert len(workers) == 2, workers

        answers: dict[str, int] = {}
        stop_sending = threading.Event()

        def deliver_until_stopped() -> None:
            while not stop_sending.is_set():
                event_id = f"evt_{uuid.uuid4().hex}"
                answers[event_id] = _deliver(fake_stripe, deployment, event_id)

        senders = [threading.Thread(target=deliver_until_stopped) for _ in range(4)]
        for sender in senders:
            sender.start()
        time.sleep(2)
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (replaced := _workers(deployment.server)) == workers or len(replaced) < 2:
            assert time.monotonic() < deadline, f"no replacement for worker {victim}: {replaced}"
            time.sleep(0.1)
        time.sleep(3)
        stop_sending.set()
        for sender in senders:
            sender.join()

        assert victim not in replaced and deployment.server.poll() is None
        failed = [event_id for event_id, status in answers.items() if status != 200]
        assert len(answers) > 40 and len(failed) <= len(senders), (len(answers), failed)
        acknowledged = {event_id for event_id, status in answers.items() if status == 200}
        assert acknowledged <= _recorded_events(deployment)

        # Stripe delivers the ones in flight again: each is applied once.
        for event_id in failed:
            assert _deliver(fake_stripe, deployment, event_id) == 200

        # The office in the same browser goes on working (its state is in Redis, its session in PostgreSQL).
        page.goto(routes.STAFF_HOME)
        expect(page.locator("#figure-active-customers")).to_have_text(re.compile(r"^\d+$"))
        screenshot(page, "deploy-office-after-a-worker-was-killed-1280")
    assert set(answers) <= _recorded_events(deployment)
    log = deployment.log.read_text()
    assert "Unexpected exit from worker" in log and "Respawning worker" in log


def test_while_the_app_is_down_caddy_says_so_with_the_same_headers(deployment: Deployment) -> None:
    """Last in this module: the server is stopped. Caddy waits for it (10 s), then answers a page of its own."""
    stop(deployment.server)
    with httpx.Client(verify=False, timeout=30) as client:
        down = client.get(f"{deployment.url}/bluewater")
    assert down.status_code == 503 and "The customer portal is restarting" in down.text
    assert down.headers["retry-after"] == "60"
    assert down.headers["strict-transport-security"].startswith("max-age=")
    assert down.headers["x-content-type-options"] == "nosniff" and "server" not in down.headers
