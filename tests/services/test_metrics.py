"""GET /api/metrics: Prometheus's text format with the figures an operator watches, only for those allowed."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from customer_portal import metrics
from customer_portal.api.app import build_api
from customer_portal.domain.transitions import AttemptStatus
from customer_portal.models import PaymentAttempt
from customer_portal.models.enums import AttemptSource
from customer_portal.services.messaging import outbox
from customer_portal.settings import settings
from tests.factories import make_customer, make_open_invoice, make_staff


def _value(text: str, sample: str) -> float:
    found = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.M)
    assert found, f"{sample} not in:\n{text}"
    return float(found.group(1))


@pytest.fixture
def figures(session):
    for address in ("a@example.com", "b@example.com"):
        outbox.enqueue(session, to=address, template="test", subject="Hello", text="Hi")
    customer = make_customer(session)
    invoice_id = make_open_invoice(session, staff=make_staff(session), customer_id=customer.id)
    session.add(
        PaymentAttempt(
            invoice_id=invoice_id,
            customer_id=customer.id,
            source=AttemptSource.PAY_NOW,
            status=AttemptStatus.STARTED,
            idempotency_key="metrics-test-attempt",
            amount_cents=12000,
            processor_customer_id="cus_metrics",
            processor_payment_method_id="pm_metrics",
        )
    )
    session.commit()


def test_the_figures_come_from_the_records_and_this_workers_handlers(db, figures):
    metrics.observe_handler("portal", 0.02)
    metrics.job_finished("email")
    with TestClient(build_api(), client=("127.0.0.1", 40000)) as client:
        answer = client.get("/api/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=")
    text = answer.text
    assert _value(text, 'portal_emails{status="pending"}') == 2
    assert _value(text, 'portal_emails{status="failed"}') == 0
    assert _value(text, "portal_open_payment_attempts") == 1
    assert _value(text, "portal_database_up") == 1
    assert _value(text, 'portal_event_handler_seconds_count{area="portal"}') >= 1
    assert _value(text, 'portal_event_handler_seconds_bucket{area="portal",le="0.025"}') >= 1
    assert _value(text, 'portal_job_last_run_timestamp_seconds{job="email"}') > 1.7e9


def test_only_allowed_addresses_or_the_token_may_read_them(db, monkeypatch):
    with TestClient(build_api(), client=("203.0.113.9", 40000)) as client:
        assert client.get("/api/metrics").status_code == 403
        monkeypatch.setattr(settings, "metrics_token", "a-long-metrics-token-0123456789")
        assert client.get("/api/metrics", headers={"authorization": "Bearer wrong"}).status_code == 403
        allowed = client.get("/api/metrics", headers={"authorization": "Bearer a-long-metrics-token-0123456789"})
        assert allowed.status_code == 200 and "portal_emails" in allowed.text
