"""Pay Now for 20 invoices at once, against the fake Stripe answering every call after 100 ms.

    .venv/bin/python benchmarks/pay_now.py [--invoices 20] [--latency 0.1] [--runs 5] [--database-url URL]

Each invoice gets its own PaymentIntent (one Stripe call each; one transaction claims them all, then one per
invoice records what Stripe said). The fake Stripe refuses more than 25 requests a second with a 429, as
Stripe's test mode does, and every run starts after a quiet second. The script pays the invoices together,
as Pay Now does, and one by one to show what that buys. Floors: together, one round trip (every charge in
flight at once); one by one, invoices × latency. It asserts nothing.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

from sqlalchemy import make_url, text
from sqlmodel import Session, SQLModel

import customer_portal.models  # noqa: F401
from customer_portal.db import build_engine, session_scope
from customer_portal.models import PaymentSettings
from customer_portal.services.payments import pay_now
from customer_portal.services.secrets_box import seal
from customer_portal.settings import settings
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.fakes.stripe_server import GOOD_SECRET_KEY, FakeStripe

SCHEMA = "portal_bench"
STRIPE_TEST_MODE_LIMIT = 25  # requests per second


def _option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def _own_schema(url: str) -> str:
    """On PostgreSQL, a fresh schema of the benchmark's own, so no other table is touched."""
    if not url.startswith("postgresql"):
        return url
    with build_engine(url).begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    return make_url(url).update_query_dict({"options": f"-csearch_path={SCHEMA}"}).render_as_string(hide_password=False)


def main() -> None:
    invoices, latency, runs = (
        int(_option("--invoices", "20")),
        float(_option("--latency", "0.1")),
        int(_option("--runs", "5")),
    )
    engine = build_engine(_own_schema(_option("--database-url", f"sqlite:///{os.environ['DATA_DIR']}/bench.db")))
    SQLModel.metadata.create_all(engine)
    fake = FakeStripe().start()
    settings.stripe_api_base, settings.stripe_secret_key = fake.url, ""
    transaction = partial(session_scope, engine)
    with Session(engine, expire_on_commit=False) as session:
        session.add(PaymentSettings(secret_key_encrypted=seal(GOOD_SECRET_KEY), publishable_key="pk_test_bench"))
        staff = make_staff(session)
        customer, identity, _ = make_portal_customer(session, name="Bench Payer")
        card_id = save_card(session, fake, identity)

        def pay_all(concurrency: int) -> float:
            ids = [
                make_open_invoice(session, staff=staff, customer_id=customer.id, amount=f"{40 + n}.00")
                for n in range(invoices)
            ]
            session.commit()
            pay_now.CONCURRENT_CHARGES = concurrency
            fake.latency, fake.requests_per_second = latency, STRIPE_TEST_MODE_LIMIT
            time.sleep(1.0)  # a quiet second: the run is not paced by the one before it
            started = time.perf_counter()
            outcomes = pay_now.pay_invoices(
                transaction, customer=identity, invoice_ids=ids, card_id=card_id, portal_slug="bluewater"
            )
            elapsed = time.perf_counter() - started
            results = [outcome.result for outcome in outcomes]
            fake.latency, fake.requests_per_second = 0.0, 0
            return elapsed, invoices - results.count("paid")

        print(
            f"Pay Now, {invoices} invoices, {latency * 1000:.0f} ms per Stripe call, {engine.dialect.name}, "
            f"{runs} runs, fake Stripe limited to {STRIPE_TEST_MODE_LIMIT} requests/s"
        )
        for label, concurrency, floor in (
            ("together", pay_now.CONCURRENT_CHARGES, latency),
            ("one by one", 1, invoices * latency),
        ):
            measured = [pay_all(concurrency) for _ in range(runs)]
            times = sorted(elapsed for elapsed, _ in measured)
            p95 = times[math.ceil(0.95 * len(times)) - 1]
            median = statistics.median(times)
            print(
                f"  {label:>10}: median {median:.2f} s, p95 {p95:.2f} s (= {p95 / floor:.1f}x the floor of "
                f"{floor:.2f} s), not paid: {sum(unpaid for _, unpaid in measured)}"
            )
        created = {request["idempotency_key"] for request in fake.requests if request["path"] == "/v1/payment_intents"}
        print(
            f"  PaymentIntents: {len(fake.payment_intents)} for {len(created)} attempts (one each, none twice); "
            f"refused by the rate limit: {fake.rate_limited}"
        )
    fake.stop()


if __name__ == "__main__":
    main()
