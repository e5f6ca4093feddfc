"""Pay Now for 20 invoices at once, against the fake Stripe answering every call after 100 ms.

    .venv/bin/python benchmarks/pay_now.py [--invoices 20] [--latency 0.1] [--runs 3] [--database-url URL]

Each invoice gets its own PaymentIntent (one Stripe call each, plus two short database transactions: the
claim of all of them together, then one record per invoice). Stripe calls for different invoices overlap
CONCURRENT_CHARGES at a time; the script also runs them one by one to show what that buys. Floors: one by
one, invoices × latency; overlapped, ceil(invoices / CONCURRENT_CHARGES) × latency. It asserts nothing.
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
from customer_portal.services import pay_now
from customer_portal.services.secrets_box import seal
from customer_portal.settings import settings
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.fakes.stripe_server import GOOD_SECRET_KEY, FakeStripe

SCHEMA = "portal_bench"


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
        int(_option("--runs", "3")),
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
            fake.latency = latency
            started = time.perf_counter()
            outcomes = pay_now.pay_invoices(
                transaction, customer=identity, invoice_ids=ids, card_id=card_id, portal_slug="bluewater"
            )
            elapsed = time.perf_counter() - started
            fake.latency = 0.0
            assert [outcome.result for outcome in outcomes] == ["paid"] * invoices
            return elapsed

        overlapped = pay_now.CONCURRENT_CHARGES
        print(
            f"Pay Now, {invoices} invoices, {latency * 1000:.0f} ms per Stripe call, {engine.dialect.name}, {runs} runs"
        )
        for label, concurrency in (("one by one", 1), (f"{overlapped} at a time", overlapped)):
            times = [pay_all(concurrency) for _ in range(runs)]
            floor = math.ceil(invoices / concurrency) * latency
            median = statistics.median(times)
            overhead = median - floor
            print(
                f"  {label:>12}: median {median:.2f} s (runs {', '.join(f'{t:.2f}' for t in times)}), "
                f"floor {floor:.2f} s, overhead {overhead:.2f} s ({overhead / invoices * 1000:.0f} ms per invoice)"
            )
        created = [request for request in fake.requests if request["path"] == "/v1/payment_intents"]
        print(f"  PaymentIntents created: {len(created)} (one per invoice per run, none twice)")
    fake.stop()


if __name__ == "__main__":
    main()
