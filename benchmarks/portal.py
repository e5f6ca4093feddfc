"""Server time of the customer portal's heaviest pages for a customer with a long history.

    .venv/bin/python benchmarks/portal.py [--repeat 30]

Builds one customer with 500 invoices (each with a payment) and three years of weekly visits, then times the
services behind: the invoice list, a filter change, the statement (page and PDF) and the service-history
list. Prints median and 95th percentile. It asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

from sqlmodel import Session, SQLModel, select

import customer_portal.models  # noqa: F401
from customer_portal.db import build_engine
from customer_portal.models import (
    CompanyProfile,
    Customer,
    CustomerEmail,
    CustomerStatus,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentChannel,
    PaymentStatus,
    PortalLogin,
    PortalSettings,
    ServiceLocation,
    ServiceVisit,
    SessionKind,
)
from customer_portal.services.accounts import customer_auth, sessions
from customer_portal.services.billing import statements
from customer_portal.services.demo.demo_bulk import bulk_insert
from customer_portal.services.portal import portal_invoices, portal_visits


def build(session: Session):
    session.add(CompanyProfile(name="Bench Pools", time_zone="America/Phoenix"))
    session.add(PortalSettings(enabled=True, slug="bench"))
    customer = Customer(name="Long History", status=CustomerStatus.ACTIVE)
    session.add(customer)
    session.flush()
    email = CustomerEmail(customer_id=customer.id, address="long@example.com", is_primary=True)
    pool = ServiceLocation(customer_id=customer.id, address="1 Long Way")
    session.add_all([email, pool])
    session.flush()
    start = date(2024, 1, 1)
    invoice_rows = [
        {
            "customer_id": customer.id,
            "number": f"INV-{n:05d}",
            "status": InvoiceStatus.PAID if n % 10 else InvoiceStatus.OPEN,
            "issue_date": start + timedelta(days=2 * n),
            "due_date": start + timedelta(days=2 * n + 30),
            "subtotal_cents": 18000,
            "tax_cents": 0,
            "total_cents": 18000,
            "amount_paid_cents": 18000 if n % 10 else 0,
            "currency": "usd",
            "memo": "",
            "created_at": datetime.now(UTC),
        }
        for n in range(500)
    ]
    invoice_ids = bulk_insert(session, Invoice, invoice_rows)
    bulk_insert(
        session,
        Payment,
        [
            {
                "invoice_id": invoice_id,
                "customer_id": customer.id,
                "amount_cents": 18000,
                "refunded_cents": 0,
                "currency": "usd",
                "channel": PaymentChannel.CARD,
                "status": PaymentStatus.SUCCEEDED,
                "card_brand": "visa",
                "card_last4": "4242",
                "note": "",
                "received_at": datetime.combine(row["due_date"], datetime.min.time(), UTC),
            }
            for invoice_id, row in zip(invoice_ids, invoice_rows, strict=True)
            if row["amount_paid_cents"]
        ],
    )
    bulk_insert(
        session,
        ServiceVisit,
        [
            {
                "service_location_id": pool.id,
                "customer_id": customer.id,
                "technician_name": "Sam",
                "completed_at": datetime(2023, 12, 1, 17, tzinfo=UTC) + timedelta(weeks=week),
                "notes_for_customer": "Clear.",
                "checklist": [],
                "chemicals_added": [],
                "ph": Decimal("7.4"),
                "free_chlorine_ppm": Decimal("3"),
                "created_at": datetime.now(UTC),
            }
            for week in range(156)
        ],
    )
    login = PortalLogin(customer_email_id=email.id, password_hash="x")
    session.add(login)
    session.flush()
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
    session.commit()
    return token


def timed(engine, label: str, repeat: int, call) -> None:
    samples = []
    for _ in range(repeat):
        with Session(engine) as session:
            customer = customer_auth.current_customer(session, token=TOKEN)
            began = time.perf_counter()
            call(session, customer)
            samples.append((time.perf_counter() - began) * 1000)
            session.rollback()
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{label:<34} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 30
    engine = build_engine(f"sqlite:///{os.environ['DATA_DIR']}/bench.db")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        TOKEN = build(session)
        counts = (len(session.exec(select(Invoice.id)).all()), len(session.exec(select(ServiceVisit.id)).all()))
    print(f"one customer with {counts[0]} invoices and {counts[1]} weekly visits; {repeat} runs each\n")
    span = portal_visits.Period(date(2023, 12, 1), date(2026, 12, 1))
    timed(engine, "invoice list (first page)", repeat, lambda s, c: portal_invoices.list_invoices(s, customer=c))
    timed(
        engine,
        "invoice list, filter: outstanding",
        repeat,
        lambda s, c: portal_invoices.list_invoices(s, customer=c, status="outstanding", sort="balance"),
    )
    timed(
        engine,
        "statement page (2024-2026)",
        repeat,
        lambda s, c: statements.statement_for(s, customer=c, start="2024-01-01", end="2026-12-31"),
    )
    timed(
        engine,
        "statement PDF (2025, one year)",
        repeat,
        lambda s, c: statements.statement_pdf(s, customer=c, start="2025-01-01", end="2025-12-31"),
    )
    timed(
        engine,
        "statement PDF (2024-2026)",
        repeat,
        lambda s, c: statements.statement_pdf(s, customer=c, start="2024-01-01", end="2026-12-31"),
    )
    timed(
        engine,
        "service history list (3 years)",
        repeat,
        lambda s, c: portal_visits.list_visits(s, customer=c, location_id=None, span=span),
    )
    timed(
        engine,
        "service history reading series",
        repeat,
        lambda s, c: portal_visits.reading_series(s, customer=c, location_id=None, span=span),
    )
