"""1,000 portal invites through a fake Resend that enforces 2 requests per second.

    .venv/bin/python benchmarks/invites.py [--invites 1000]

Prints how long queuing took (what the office waits for after pressing Send), how long delivery took
next to the floor the rate limit allows (10 batches of 100 at 2 per second: at least 4.5 s), and how
quickly the customer list still answered while delivery ran in the background (as it does in the app).
It asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

import customer_portal.models  # noqa: F401
from customer_portal.adapters.email import ResendSender
from customer_portal.db import build_engine, session_scope
from customer_portal.models import Customer, CustomerEmail, CustomerStatus, StaffRole
from customer_portal.services.accounts import staff_auth
from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers
from customer_portal.services.demo import demo_data
from customer_portal.services.messaging import outbox
from customer_portal.services.portal import invites
from tests.fakes.resend_server import FakeResend


def main() -> None:
    count = int(sys.argv[sys.argv.index("--invites") + 1]) if "--invites" in sys.argv else 1000
    engine = build_engine(f"sqlite:///{os.environ['DATA_DIR']}/bench.db")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        demo_data.seed_demo(session, customers=count + 200, history_weeks=1, photo_customers=0, bcrypt_cost=4)
        staff = staff_auth.create_staff_user(
            session, email="bench@pools.example", password="bench-pass-42", role=StaffRole.OWNER, bcrypt_cost=4
        )
        session.commit()
        ids, emails = [], 0
        for customer_id, email_count in session.exec(
            select(Customer.id, func.count(CustomerEmail.id))
            .join(CustomerEmail, CustomerEmail.customer_id == Customer.id)
            .where(Customer.status == CustomerStatus.ACTIVE)
            .group_by(Customer.id)
            .order_by(Customer.id)
        ):
            if emails + email_count > count:
                continue
            ids.append(customer_id)
            emails += email_count

    started = time.perf_counter()
    with session_scope(engine) as session:
        run = invites.send_invites(session, staff=staff, customer_ids=list(ids))
    queued_in = time.perf_counter() - started

    fake = FakeResend(requests_per_second=2).start()
    sender = ResendSender(api_key="re_bench", default_from="Bench <b@pools.example>", api_url=fake.url)
    latencies: list[float] = []
    done = threading.Event()

    def deliver() -> None:
        outbox.deliver_pending(sender=sender, transaction=partial(session_scope, engine))
        done.set()

    started = time.perf_counter()
    threading.Thread(target=deliver).start()
    while not done.is_set():
        began = time.perf_counter()
        with session_scope(engine) as session:
            list_customers(session, query=CustomerQuery())
        latencies.append((time.perf_counter() - began) * 1000)
        time.sleep(0.05)
    delivered_in = time.perf_counter() - started
    fake.stop()

    with Session(engine) as session:
        progress = outbox.run_progress(session, run_id=run.run_id)
    requests = len(fake.requests)
    floor = (max(requests, 1) - 1) / 2
    print(f"invites queued:      {run.queued} in {queued_in:.2f} s (what the office waits for after Send)")
    print(f"delivered:           {progress.sent} sent, {progress.failed} failed, {progress.remaining} remaining")
    print(f"provider requests:   {requests}, of which refused with 429: {fake.refused_for_rate}")
    print(f"delivery time:       {delivered_in:.2f} s; rate-limit floor {floor:.1f} s ({requests} requests at 2/s)")
    print(
        f"customer list while delivering: {len(latencies)} calls, median {statistics.median(latencies):.1f} ms, "
        f"worst {max(latencies):.1f} ms"
    )


if __name__ == "__main__":
    main()
