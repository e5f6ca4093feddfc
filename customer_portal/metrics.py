"""GET /api/metrics in Prometheus's text format, for an operator's monitoring, readable only from
METRICS_ALLOWED_FROM (this machine, unless set) or with `Authorization: Bearer METRICS_TOKEN`.

- `portal_event_handler_seconds{area}`: how long event handlers took, from their arguments arriving to their
  answer (argument checks, authorization, services, Stripe calls), by area: office, portal, public. Reflex's own
  work around a handler (loading the browser's state, computing the update) is not in it;
  benchmarks/event_latency.py measures what a customer waits for in all.
- `portal_job_last_run_timestamp_seconds{job}`: when the email and payments loops last finished a round, in any
  worker (alert on `time() - portal_job_last_run_timestamp_seconds > 300`).
- `portal_emails{status}` and `portal_open_payment_attempts`: counted in the database at each scrape;
  `portal_database_up` is 0 when it did not answer.

Under `cli serve` the workers share their figures through files in PROMETHEUS_MULTIPROC_DIR (server.py sets it
before anything imports prometheus_client), so every scrape sees the sum over all workers, whichever answers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from customer_portal.db import session_scope
from customer_portal.domain.network import is_trusted
from customer_portal.services.company import monitoring
from customer_portal.settings import settings

# Registered per scrape below, not in prometheus_client's global registry.
HANDLER_SECONDS = Histogram(
    "portal_event_handler_seconds",
    "Event handler time, from arguments to answer",
    ["area"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=None,
)
JOB_LAST_RUN = Gauge(
    "portal_job_last_run_timestamp_seconds",
    "When a background loop last finished a round (Unix time)",
    ["job"],
    multiprocess_mode="max",
    registry=None,
)


def observe_handler(area: str, seconds: float) -> None:
    HANDLER_SECONDS.labels(area=area).observe(seconds)


def job_finished(job: str) -> None:
    JOB_LAST_RUN.labels(job=job).set(time.time())


class _Records(Collector):
    def collect(self) -> Iterator[Metric]:
        try:
            with session_scope() as session:
                counts = monitoring.record_counts(session)
        except (OperationalError, InterfaceError):  # the outage is logged once by session_scope; say it here too
            yield GaugeMetricFamily("portal_database_up", "Whether the database answered this scrape", value=0)
            return
        yield GaugeMetricFamily("portal_database_up", "Whether the database answered this scrape", value=1)
        emails = GaugeMetricFamily("portal_emails", "Outgoing emails by status", labels=["status"])
        for status, count in counts.emails.items():
            emails.add_metric([status.value], count)
        yield emails
        yield GaugeMetricFamily(
            "portal_open_payment_attempts",
            "Card payments started whose outcome is not settled yet",
            value=counts.open_payment_attempts,
        )


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client leaves it untyped
    else:
        registry.register(HANDLER_SECONDS)
        registry.register(JOB_LAST_RUN)
    registry.register(_Records())
    return generate_latest(registry)


def _allowed(request: Request) -> bool:
    if settings.metrics_token:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(sent.encode(), settings.metrics_token.encode()):
            return True
    # The browser's address: behind a trusted proxy, the one it forwarded (api/proxy.py).
    return is_trusted(request.client.host if request.client else "", settings.metrics_networks)


async def metrics(request: Request) -> Response:
    if not _allowed(request):
        return PlainTextResponse("Not allowed from here.", status_code=403)
    return Response(await run_in_threadpool(exposition), media_type=CONTENT_TYPE_LATEST)
