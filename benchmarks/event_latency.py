"""What a customer waits for: portal events through the production build's websocket, beside a bare Reflex app.

    .venv/bin/python benchmarks/event_latency.py [--clients 1,10,50,100,200,300,400] [--rounds 5]
        [--staff 1,10] [--customers 5000]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench] [--redis-url redis://127.0.0.1:6379/0]
        [--seconds 60] [--language es]

Starts both apps with `reflex run --env prod` on free loopback ports: the portal over a demo company (a temporary
SQLite file unless --database-url names an empty database; --redis-url gives Reflex's state to Redis and lets it
run several workers), and `benchmarks/bare_app` (one counter, nothing else). For each number of clients N it opens
N socket.io clients at once, each the way a browser is (its own client token, its own signed-in customer's
HttpOnly session cookie in the handshake, the page's hydrate on connect), and each does `--rounds` rounds of what a
customer does on the portal: change the invoice filter, sort, page, open an invoice, change Service History's
period. In the same run N clients tap the bare counter as often. Then, for each number of office clients in --staff,
that many signed-in staff members page, sort and search the customer list (--customers demo customers, 5,000 by
default). Every event is timed from emit to the update that completes it. Prints p50 / p95 / p99 per event type,
events per second, delta bytes, the ratio of the portal's p95 to the bare app's, and the first N whose portal p95
passes one second. It asserts nothing; a level stops after --seconds, and unfinished events count as such.
--language es: the customers read the Spanish pages (/bluewater/es/...), to compare with a run in English; the
"hydrate" line is the bytes a page's first state takes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_app"
sys.path.insert(0, str(ROOT))
REFLEX = {
    "REFLEX_USE_SYSTEM_BUN": "1",
    "REFLEX_TELEMETRY_ENABLED": "false",
    "REFLEX_CHECK_LATEST_VERSION": "false",
    "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}",
}
ROOT_STATE = "reflex___state____state"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(cwd: Path, env: dict[str, str], port: int, log: Path, public_url: str = ""):
    """`reflex run --env prod` in `cwd` until the block ends, addressed as `public_url` (itself by default)."""
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--loglevel", "warning"],
            cwd=cwd,
            env={
                **os.environ,
                **REFLEX,
                **env,
                "PORT": str(port),
                "PUBLIC_URL": public_url or f"http://localhost:{port}",
            },
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/ping", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{cwd.name} did not start; see {log}") from None
                time.sleep(1)
        yield public_url or f"http://localhost:{port}"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


@dataclass
class Tally:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    delta_bytes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    unfinished: int = 0


class Browser:
    """One simulated browser tab: a socket.io client with its own token and cookie."""

    def __init__(self, url: str, cookie: str, path: str, query: dict[str, str]):
        import socketio

        self.url, self.cookie, self.path, self.query = url, cookie, path, query
        self.client = socketio.AsyncClient(reconnection=False)
        self.waiting: tuple[Callable[[dict], bool], asyncio.Future] | None = None
        self.received_bytes = 0
        self.client.on("event", self._on_update, namespace="/_event")

    async def _on_update(self, update: dict) -> None:
        self.received_bytes += len(json.dumps(update))
        if self.waiting is not None and self.waiting[0](update) and not self.waiting[1].done():
            self.waiting[1].set_result(None)

    def _router(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        return {"pathname": path, "asPath": path, "query": query}

    async def connect(self, done: Callable[[dict], bool]) -> None:
        future = asyncio.get_running_loop().create_future()
        self.waiting = (done, future)
        hydrate = {"name": HYDRATE, "payload": {}, "router_data": self._router(self.path, self.query)}
        await self.client.connect(
            f"{self.url}?token={uuid.uuid4()}",
            socketio_path="/_event",
            namespaces=["/_event"],
            transports=["websocket"],
            headers={"Cookie": self.cookie, "Origin": self.url},
            auth={"event": hydrate},
            wait_timeout=30,
        )
        await asyncio.wait_for(future, 60)

    async def event(self, name: str, payload: dict, done: Callable[[dict], bool], **router: Any) -> tuple[float, int]:
        """(milliseconds, bytes received) from emit to the update `done` recognises."""
        future = asyncio.get_running_loop().create_future()
        self.waiting, before = (done, future), self.received_bytes
        path, query = router.get("path", self.path), router.get("query", self.query)
        started = time.perf_counter()
        message = {"name": name, "payload": payload, "router_data": self._router(path, query)}
        await self.client.emit("event", message, namespace="/_event")
        await asyncio.wait_for(future, 60)
        return (time.perf_counter() - started) * 1000, self.received_bytes - before

    async def close(self) -> None:
        await self.client.disconnect()


def _changes(state: str, var: str | None = None) -> Callable[[dict], bool]:
    """An update that carries a delta for `state` (and `var` in it, when given)."""

    def done(update: dict) -> bool:
        delta = update.get("delta") or {}
        return state in delta and (var is None or f"{var}_rx_state_" in delta[state])

    return done


def _hydrated(update: dict) -> bool:
    return (update.get("delta") or {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True


@dataclass(frozen=True)
class Customer:
    cookie: str
    invoice_id: int


def prepare_customers(count: int, database_url: str) -> list[Customer]:
    """Logins and live sessions for the first `count` demo customers with invoices (created in the database the
    portal uses, the way a sign-in would)."""
    from sqlmodel import Session, select

    from customer_portal.cookies import CUSTOMER_SESSION_COOKIE
    from customer_portal.db import build_engine
    from customer_portal.models import CustomerEmail, Invoice, InvoiceStatus, PortalLogin, SessionKind
    from customer_portal.services.accounts import sessions
    from customer_portal.services.accounts.passwords import hash_password

    engine = build_engine(database_url)
    prepared: list[Customer] = []
    with Session(engine) as session:
        rows = session.exec(
            select(CustomerEmail.id, CustomerEmail.customer_id)
            .where(CustomerEmail.is_primary, CustomerEmail.send_invoices)
            .order_by(CustomerEmail.id)
        ).all()
        password_hash = hash_password("bench-password-1", cost=4)
        for email_id, customer_id in rows:
            invoice_id = session.exec(
                select(Invoice.id).where(Invoice.customer_id == customer_id, Invoice.status != InvoiceStatus.DRAFT)
            ).first()
            if invoice_id is None:
                continue
            login = session.exec(select(PortalLogin).where(PortalLogin.customer_email_id == email_id)).first()
            if login is None:
                login = PortalLogin(customer_email_id=email_id, password_hash=password_hash)
                session.add(login)
                session.flush()
            token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
            prepared.append(Customer(f"{CUSTOMER_SESSION_COOKIE}={token}", invoice_id))
            if len(prepared) == count:
                break
        session.commit()
    engine.dispose()
    if len(prepared) < count:
        raise SystemExit(f"only {len(prepared)} demo customers with invoices; seed more")
    return prepared


def prepare_staff(count: int, database_url: str) -> list[str]:
    """Session cookies for `count` office browsers, all the demo owner's (each its own session)."""
    from sqlmodel import Session, select

    from customer_portal.cookies import STAFF_SESSION_COOKIE
    from customer_portal.db import build_engine
    from customer_portal.models import SessionKind, StaffUser
    from customer_portal.services.accounts import sessions
    from customer_portal.services.demo.demo_data import DEMO_OWNER_EMAIL

    engine = build_engine(database_url)
    with Session(engine) as session:
        owner_id = session.exec(select(StaffUser.id).where(StaffUser.email == DEMO_OWNER_EMAIL)).one()
        cookies = [
            f"{STAFF_SESSION_COOKIE}={sessions.start_session(session, kind=SessionKind.STAFF, staff_user_id=owner_id)}"
            for _ in range(count)
        ]
        session.commit()
    engine.dispose()
    return cookies


def _portal_names() -> dict[str, str]:
    import customer_portal.customer_portal  # noqa: F401  (registers the states)
    from customer_portal.state.customer_list import CustomerListState
    from customer_portal.state.portal_billing import PortalInvoicesState, PortalInvoiceState
    from customer_portal.state.portal_visits import PortalHistoryState

    return {
        "invoices": PortalInvoicesState.get_full_name(),
        "invoice": PortalInvoiceState.get_full_name(),
        "history": PortalHistoryState.get_full_name(),
        "customers": CustomerListState.get_full_name(),
    }


async def customer_rounds(
    url: str, customer: Customer, names: dict[str, str], rounds: int, tally: Tally, language: str = "en"
) -> None:
    from customer_portal.routes import portal_path

    def path(page: str) -> str:
        return portal_path("bluewater", page, language=language)

    page = Browser(url, customer.cookie, path("invoices"), {"portal": "bluewater"})
    await page.connect(_hydrated)
    tally.delta_bytes["hydrate"].append(page.received_bytes)
    invoices = names["invoices"]
    invoice_path = path(f"invoices/{customer.invoice_id}")
    try:
        for round_number in range(rounds):
            steps = [
                ("filter", f"{invoices}.set_status_filter", {"value": ("all", "paid")[round_number % 2]}, invoices, {}),
                ("sort", f"{invoices}.set_sort", {"column": ("due_date", "total")[round_number % 2]}, invoices, {}),
                ("page", f"{invoices}.go_to_page", {"page": 1 + round_number % 2}, invoices, {}),
            ]
            for kind, name, payload, state, router in steps:
                elapsed, size = await page.event(name, payload, _changes(state), **router)
                tally.latencies_ms[kind].append(elapsed)
                tally.delta_bytes[kind].append(size)
            query = {"portal": "bluewater", "invoice_id": str(customer.invoice_id)}
            elapsed, size = await page.event(ON_LOAD, {}, _hydrated, path=invoice_path, query=query)
            tally.latencies_ms["open invoice"].append(elapsed)
            tally.delta_bytes["open invoice"].append(size)
            history = (path("service-history"), {"portal": "bluewater"})
            if round_number == 0:
                await page.event(ON_LOAD, {}, _hydrated, path=history[0], query=history[1])
            period = {"form": {"start": f"2026-0{1 + round_number % 9}-01", "end": "2026-12-31"}}
            elapsed, size = await page.event(
                f"{names['history']}.change_period",
                period,
                _changes(names["history"]),
                path=history[0],
                query=history[1],
            )
            tally.latencies_ms["history period"].append(elapsed)
            tally.delta_bytes["history period"].append(size)
            await page.event(ON_LOAD, {}, _hydrated, path=path("invoices"), query={"portal": "bluewater"})
    finally:
        await page.close()


async def staff_rounds(url: str, cookie: str, names: dict[str, str], rounds: int, tally: Tally) -> None:
    """The office's customer list: next page, sort by another column, search, clear the search."""
    page = Browser(url, cookie, "/staff/customers", {})
    await page.connect(_hydrated)
    customers = names["customers"]
    try:
        for round_number in range(rounds):
            steps = [
                ("list page", "go_to_page", {"page": 2 + round_number % 40}),
                ("list sort", "sort_by", {"column": ("email", "address", "name")[round_number % 3]}),
                ("list search", "set_search", {"text": ("camelback", "5551234", "customer04321")[round_number % 3]}),
                ("list search", "set_search", {"text": ""}),
            ]
            for kind, handler, payload in steps:
                elapsed, size = await page.event(f"{customers}.{handler}", payload, _changes(customers))
                tally.latencies_ms[kind].append(elapsed)
                tally.delta_bytes[kind].append(size)
    finally:
        await page.close()


async def counter_rounds(url: str, rounds: int, tally: Tally) -> None:
    state = f"{ROOT_STATE}.bare_counter___bare_counter____counter_state"
    page = Browser(url, "", "/", {})
    await page.connect(_hydrated)
    try:
        for _ in range(rounds * 5):  # as many events as a portal client sends
            elapsed, size = await page.event(f"{state}.increment", {}, _changes(state))
            tally.latencies_ms["counter"].append(elapsed)
            tally.delta_bytes["counter"].append(size)
    finally:
        await page.close()


async def run_level(make_clients: Callable[[Tally], list], seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    started = time.perf_counter()
    tasks = [asyncio.ensure_future(client) for client in make_clients(tally)]
    _, pending = await asyncio.wait(tasks, timeout=seconds)
    for task in pending:
        task.cancel()
    tally.unfinished = len(pending) + sum(
        1 for task in tasks if task.done() and not task.cancelled() and task.exception()
    )
    return tally, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else float("nan")


def _summary(tally: Tally, elapsed: float) -> tuple[float, float, str]:
    every = [value for values in tally.latencies_ms.values() for value in values]
    lines = []
    for kind, values in tally.latencies_ms.items():
        sizes = tally.delta_bytes[kind]
        p50, p95, p99 = statistics.median(values), _percentile(values, 0.95), _percentile(values, 0.99)
        lines.append(
            f"    {kind:<15} n={len(values):<5} p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms"
            f"   {statistics.mean(sizes):8,.0f} bytes/event"
        )
    if hydrates := tally.delta_bytes.get("hydrate"):
        lines.append(f"    {'hydrate':<15} n={len(hydrates):<5} {statistics.mean(hydrates):52,.0f} bytes/page")
    events_per_second = len(every) / elapsed if elapsed else 0.0
    return _percentile(every, 0.95), events_per_second, "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", default="1,10,50,100,200,300,400")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--staff", default="1,10", help="numbers of office clients on the customer list")
    parser.add_argument("--customers", type=int, default=5000, help="demo customers in the database")
    parser.add_argument("--seconds", type=float, default=90.0, help="longest a level may run")
    parser.add_argument("--database-url", default="", help="an empty database for the portal (default: SQLite)")
    parser.add_argument("--redis-url", default="", help="Reflex's state in Redis, several workers")
    parser.add_argument("--language", default="en", help="the language the customers read the portal in")
    options = parser.parse_args()
    levels = [int(value) for value in options.clients.split(",")]
    staff_levels = [int(value) for value in options.staff.split(",") if value]

    work = Path(tempfile.mkdtemp(prefix="event-latency-"))
    database_url = options.database_url or f"sqlite:///{work / 'portal.db'}"
    portal_env = {"DATA_DIR": str(work), "DATABASE_URL": database_url, "REDIS_URL": options.redis_url}
    prepare = {**os.environ, **portal_env}
    subprocess.run([sys.executable, "-m", "customer_portal.cli", "migrate"], env=prepare, cwd=ROOT, check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "customer_portal.cli",
            "seed-demo",
            "--customers",
            str(max(options.customers, max(levels) + 20)),
            "--weeks",
            "8",
        ],
        env=prepare,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(portal_env)
    customers = prepare_customers(max(levels), database_url)
    staff_cookies = prepare_staff(max(staff_levels, default=0), database_url)
    names = _portal_names()

    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    print(
        f"portal database: {'PostgreSQL' if 'postgres' in database_url else 'SQLite'}; "
        f"state: {'Redis, several workers' if options.redis_url else 'disk, one worker'}"
    )
    bare_env = {"REDIS_URL": options.redis_url}
    with (
        serving(ROOT, portal_env, _free_port(), work / "portal.log") as portal,
        serving(BARE_APP, bare_env, _free_port(), work / "bare.log") as bare,
    ):
        first_over_a_second = None
        for count in levels:
            portal_tally, portal_time = asyncio.run(
                run_level(
                    lambda tally, count=count: [
                        customer_rounds(portal, customers[index], names, options.rounds, tally, options.language)
                        for index in range(count)
                    ],
                    options.seconds,
                )
            )
            bare_tally, bare_time = asyncio.run(
                run_level(
                    lambda tally, count=count: [counter_rounds(bare, options.rounds, tally) for _ in range(count)],
                    options.seconds,
                )
            )
            portal_p95, portal_rate, portal_lines = _summary(portal_tally, portal_time)
            bare_p95, bare_rate, bare_lines = _summary(bare_tally, bare_time)
            print(
                f"\nN={count}: portal p95 {portal_p95:.1f} ms, {portal_rate:.0f} events/s"
                f"{f', {portal_tally.unfinished} clients unfinished' if portal_tally.unfinished else ''}"
                f" | bare p95 {bare_p95:.1f} ms, {bare_rate:.0f} events/s | ratio {portal_p95 / bare_p95:.1f}x"
                f"  (load {os.getloadavg()[0]:.2f})"
            )
            print(portal_lines)
            print(bare_lines)
            if first_over_a_second is None and portal_p95 > 1000:
                first_over_a_second = count
        print(f"\nfirst N whose portal p95 passes 1 s: {first_over_a_second or f'none up to {max(levels)}'}")
        for count in staff_levels:
            staff_tally, staff_time = asyncio.run(
                run_level(
                    lambda tally, count=count: [
                        staff_rounds(portal, staff_cookies[index], names, options.rounds * 2, tally)
                        for index in range(count)
                    ],
                    options.seconds,
                )
            )
            staff_p95, staff_rate, staff_lines = _summary(staff_tally, staff_time)
            print(
                f"\n{count} office client(s), customer list of {options.customers:,}: p95 {staff_p95:.1f} ms, "
                f"{staff_rate:.0f} events/s{f', {staff_tally.unfinished} unfinished' if staff_tally.unfinished else ''}"
            )
            print(staff_lines)


if __name__ == "__main__":
    main()
