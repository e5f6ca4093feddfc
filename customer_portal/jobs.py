"""Background work that runs inside the app on a schedule, and on demand with `cli run-jobs`.

Every job is safe to run in several workers at once: the work it picks up is claimed in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from customer_portal import metrics
from customer_portal.adapters.email import sender_from_settings
from customer_portal.db import session_scope
from customer_portal.outages import outage_of
from customer_portal.services.messaging import outbox, scheduled_notices
from customer_portal.services.payments import autopay, payment_methods, reconciler
from customer_portal.settings import settings

log = logging.getLogger(__name__)
EMAIL_INTERVAL_SECONDS = 2.0
PAYMENTS_INTERVAL_SECONDS = 60.0  # AutoPay charges by the day; the reconciler waits minutes anyway
NOTICES_INTERVAL_SECONDS = 600.0  # reminders go by the day: a round every ten minutes is on time
_wake_email = asyncio.Event()
# When each loop of this worker last went round (monotonic seconds), for /api/ready.
_heartbeats: dict[str, float] = {}
STALLED_AFTER = {"email": 60.0, "payments": 3 * PAYMENTS_INTERVAL_SECONDS}  # seconds without a round


def beat(loop: str) -> None:
    _heartbeats[loop] = time.monotonic()


def heartbeat_ages(now: float) -> dict[str, float | None]:
    """Seconds since each loop last went round; None for one that has not yet."""
    return {loop: (now - _heartbeats[loop]) if loop in _heartbeats else None for loop in STALLED_AFTER}


def deliver_email() -> outbox.DeliveryReport:
    return outbox.deliver_pending(sender=sender_from_settings(settings), transaction=session_scope)


def wake_email_delivery() -> None:
    """Called after enqueueing, so a waiting message goes now rather than at the next tick."""
    _wake_email.set()


def _failed(job: str, error: Exception) -> None:
    """A round that raised: an outage is logged once (outages.py), anything else with its traceback."""
    if outage_of(error) is None:
        log.exception("%s failed", job)


async def email_delivery_loop() -> None:
    while True:
        beat("email")
        try:
            report = await asyncio.to_thread(deliver_email)
            if report.errors:
                log.warning("email delivery: %s sent, %s to retry: %s", report.sent, report.retried, report.errors[-1])
            metrics.job_finished("email")
        except Exception as error:  # a bad tick must not stop delivery for good
            _failed("email delivery", error)
        _wake_email.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(_wake_email.wait(), timeout=EMAIL_INTERVAL_SECONDS)


def charge_autopay() -> autopay.AutopayReport:
    return autopay.run_autopay(session_scope)


def reconcile_payments() -> reconciler.ReconcileReport:
    return reconciler.reconcile(session_scope)


def drop_payment_methods_used_once() -> payment_methods.DropReport:
    return payment_methods.drop_used_once(session_scope)


def send_due_notices() -> scheduled_notices.NoticesReport:
    return scheduled_notices.send_due_notices(session_scope)


async def payments_loop() -> None:
    """AutoPay and the reconciler every minute, reminders and notices every ten. All claim their work in the
    database, so running this in every app worker (and `cli run-jobs` besides) charges and emails once."""
    notices_due_at = 0.0
    while True:
        beat("payments")
        finished = True
        jobs: list[Callable[[], Any]] = [reconcile_payments, charge_autopay, drop_payment_methods_used_once]
        if time.monotonic() >= notices_due_at:
            jobs.append(send_due_notices)
            notices_due_at = time.monotonic() + NOTICES_INTERVAL_SECONDS
        for job in jobs:
            try:
                report = await asyncio.to_thread(job)
                if report.errors:
                    log.warning("%s: %s", job.__name__, report.errors[-1])
            except Exception as error:  # Stripe or the database unavailable: try again next minute
                finished = False
                _failed(job.__name__, error)
        if finished:
            metrics.job_finished("payments")
        wake_email_delivery()  # receipts and failure notices go out now
        await asyncio.sleep(PAYMENTS_INTERVAL_SECONDS)


def run_all_once() -> dict[str, object]:
    """What `python -m customer_portal.cli run-jobs` does: settle, charge, remind, then send what they queued."""
    return {
        "reconciler": reconcile_payments(),
        "autopay": charge_autopay(),
        "methods used once": drop_payment_methods_used_once(),
        "notices": send_due_notices(),
        "email": deliver_email(),
    }
