"""How fast is the staff customer list with thousands of customers?

    .venv/bin/python benchmarks/customer_list.py [--customers 5000] [--database-url URL] [--repeat 20] [--loaded]

Loads `seed-demo --customers N` into a fresh database (a temporary SQLite file unless --database-url
names an empty one; --loaded reuses one an earlier run loaded) and analyses it, as PostgreSQL's autovacuum
would after a load that size, then times the list service for the queries the office actually makes and prints
the median, 95th percentile and worst time of each. It asserts nothing: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="portal-bench-"))

from sqlmodel import Session, SQLModel

import customer_portal.models  # noqa: F401
from customer_portal.db import build_engine
from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers
from customer_portal.services.demo import demo_data

QUERIES = {
    "first page, by name": CustomerQuery(),
    "last page, by name": CustomerQuery(page=10_000),
    "sorted by email (desc)": CustomerQuery(sort="email", descending=True),
    "sorted by address": CustomerQuery(sort="address"),
    "search 'camelback'": CustomerQuery(search="camelback"),
    "search by phone digits": CustomerQuery(search="5551234"),
    "search an email": CustomerQuery(search="customer04321@example.com"),
    "portal: not invited": CustomerQuery(portal="not_invited"),
    "all statuses, page 50": CustomerQuery(status="all", page=50),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--loaded", action="store_true", help="the database already holds the demo")
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{os.environ['DATA_DIR']}/bench.db"
    engine = build_engine(url)
    SQLModel.metadata.create_all(engine)
    if not args.loaded:
        started = time.perf_counter()
        with Session(engine) as session:
            summary = demo_data.seed_demo(session, customers=args.customers, photo_customers=0, bcrypt_cost=4)
            session.commit()
        print(f"loaded {summary.customers} customers, {summary.visits} visits in {time.perf_counter() - started:.1f} s")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE")
    print(f"database: {engine.dialect.name}; {args.repeat} runs per query\n")
    print(f"{'query':<28} {'rows':>5} {'total':>6} {'median ms':>10} {'p95 ms':>7} {'worst ms':>9}")
    for label, query in QUERIES.items():
        timings = []
        for _ in range(args.repeat):
            with Session(engine) as session:
                began = time.perf_counter()
                page = list_customers(session, query=query)
                timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        p95 = timings[math.ceil(0.95 * len(timings)) - 1]
        print(
            f"{label:<28} {len(page.rows):>5} {page.total:>6} {statistics.median(timings):>10.1f} {p95:>7.1f}"
            f" {timings[-1]:>9.1f}"
        )


if __name__ == "__main__":
    main()
