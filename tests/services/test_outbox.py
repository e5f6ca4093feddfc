"""Email delivery through the outbox: batches, idempotency, pacing, retries, crash resume, several workers."""

import threading
from datetime import timedelta
from functools import partial

import pytest
from sqlmodel import select

from customer_portal.adapters.email import LocalOutboxSender, ResendSender, SmtpSender
from customer_portal.db import session_scope
from customer_portal.domain.clock import utcnow
from customer_portal.models import OutboxEmail, OutboxStatus
from customer_portal.services.messaging import outbox
from tests.fakes.resend_server import FakeResend


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def fake_resend():
    fake = FakeResend().start()
    yield fake
    fake.stop()


@pytest.fixture
def resend_sender(fake_resend):
    return ResendSender(
        api_key="re_test_key", default_from="Bluewater <portal@bluewater.example>", api_url=fake_resend.url
    )


def _enqueue(session, count: int, *, run_id: str = "", bad: set[int] = frozenset()) -> list[int]:
    ids = [
        outbox.enqueue(
            session,
            to=f"not-an-address-{n}" if n in bad else f"customer{n}@example.com",
            template="portal_invite",
            subject=f"Hello {n}",
            text=f"Body {n} https://portal.example/x",
            run_id=run_id,
        ).id
        for n in range(count)
    ]
    session.commit()
    return ids


def _deliver(db, sender, **options):
    return outbox.deliver_pending(
        sender=sender, transaction=partial(session_scope, db), sleep=lambda _: None, **options
    )


def _statuses(session) -> dict[str, int]:
    session.expire_all()
    rows = session.exec(select(OutboxEmail)).all()
    session.commit()  # end the read: on SQLite every transaction holds the write lock (BEGIN IMMEDIATE)
    return {status.value: sum(row.status == status for row in rows) for status in OutboxStatus}


def test_batches_of_at_most_100_each_with_its_idempotency_key(session, db, fake_resend, resend_sender):
    _enqueue(session, 250, run_id="run-1")
    report = _deliver(db, resend_sender)
    assert (report.requests, report.sent) == (3, 250)
    assert [len(r["payload"]) for r in fake_resend.requests] == [100, 100, 50]
    keys = [r["idempotency_key"] for r in fake_resend.requests]
    assert len(set(keys)) == 3 and all(keys)
    assert _statuses(session)["sent"] == 250
    progress = outbox.run_progress(session, run_id="run-1")
    assert (progress.total, progress.sent, progress.failed) == (250, 250, 0)
    message = fake_resend.inbox("customer7@example.com")[0]
    assert message.subject == "Hello 7" and '<a href="https://portal.example/x">' in message.html


def test_pacing_keeps_within_two_requests_per_second(session, db, fake_resend, resend_sender):
    fake_resend.requests_per_second = 2  # the fake answers 429 to anything faster
    _enqueue(session, 301)
    report = outbox.deliver_pending(sender=resend_sender, transaction=partial(session_scope, db))
    assert report.sent == 301 and report.retried == 0
    gaps = [b["at"] - a["at"] for a, b in zip(fake_resend.requests, fake_resend.requests[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.49


def test_a_429_is_retried_later_with_the_same_key_and_delivers_once(session, db, fake_resend, resend_sender):
    _enqueue(session, 3)
    fake_resend.fail_next(429, retry_after=7)
    clock = Clock()
    first = _deliver(db, resend_sender, clock=clock)
    assert (first.sent, first.retried) == (0, 3)
    row = session.exec(select(OutboxEmail)).first()
    session.commit()
    assert row.status == OutboxStatus.SENDING and row.next_attempt_at >= clock.now + timedelta(seconds=7)
    assert _deliver(db, resend_sender, clock=clock).requests == 0  # not before the provider said
    clock.advance(8)
    assert _deliver(db, resend_sender, clock=clock).sent == 3
    assert fake_resend.requests[0]["idempotency_key"] == fake_resend.requests[1]["idempotency_key"]
    assert len(fake_resend.delivered) == 3


def test_server_errors_back_off_and_give_up_after_the_last_attempt(session, db, fake_resend, resend_sender):
    _enqueue(session, 2)
    fake_resend.fail_next(500, times=outbox.MAX_ATTEMPTS)
    clock = Clock()
    for _ in range(outbox.MAX_ATTEMPTS):
        _deliver(db, resend_sender, clock=clock)
        clock.advance(outbox.MAX_BACKOFF_SECONDS + 1)
    assert _statuses(session)["failed"] == 2
    failed = session.exec(select(OutboxEmail)).first()
    assert failed.attempts == outbox.MAX_ATTEMPTS and "Resend 500" in failed.last_error
    assert fake_resend.delivered == []


def test_resume_after_a_crash_in_the_middle_of_a_batch_sends_nobody_two(session, db, fake_resend, resend_sender):
    _enqueue(session, 150)
    clock = Clock()
    with session_scope(db) as claiming:
        claim = outbox.claim_batch(claiming, limit=100, now=clock())
    resend_sender.send_batch(claim.messages, idempotency_key=claim.batch_key)  # accepted by the provider...
    # ...and the worker died before recording it. Another worker delivers what is pending now,
    _deliver(db, resend_sender, clock=clock)
    assert _statuses(session) == {"pending": 0, "sending": 100, "sent": 50, "failed": 0}
    # and once the dead worker's claim runs out, its batch goes again with the same key.
    clock.advance(outbox.CLAIM_SECONDS + 1)
    _deliver(db, resend_sender, clock=clock)
    assert _statuses(session)["sent"] == 150
    assert len(fake_resend.delivered) == 150
    assert len({message.to for message in fake_resend.delivered}) == 150


def test_a_refused_batch_is_split_so_only_the_bad_address_fails(session, db, fake_resend, resend_sender):
    _enqueue(session, 5, bad={2})
    _deliver(db, resend_sender)
    assert _statuses(session) == {"pending": 0, "sending": 0, "sent": 4, "failed": 1}
    failed = session.exec(select(OutboxEmail).where(OutboxEmail.status == OutboxStatus.FAILED)).one()
    assert failed.to_address == "not-an-address-2" and "Resend 422" in failed.last_error


def test_two_workers_at_once_send_each_message_once(session, db, fake_resend, resend_sender):
    _enqueue(session, 400)
    reports = []
    workers = [threading.Thread(target=lambda: reports.append(_deliver(db, resend_sender))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(report.sent for report in reports) == 400
    assert len(fake_resend.delivered) == 400 and len({m.to for m in fake_resend.delivered}) == 400


def test_without_a_provider_messages_stay_readable_in_the_local_outbox(session, db):
    _enqueue(session, 2)
    report = _deliver(db, LocalOutboxSender())
    assert report.sent == 2
    row = session.exec(select(OutboxEmail)).first()
    assert row.provider == "local" and row.status == OutboxStatus.SENT and row.text_body.startswith("Body")


def test_smtp_delivery(session, db, smtp_server):
    _enqueue(session, 2)
    sender = SmtpSender(
        host="127.0.0.1", port=smtp_server.port, user="", password="", default_from="Pools <p@x.example>"
    )
    assert _deliver(db, sender).sent == 2
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "customer0@example.com",
        "customer1@example.com",
    ]
    assert smtp_server.messages[0]["From"] == "Pools <p@x.example>"


def test_smtp_down_is_retried(session, db):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    _enqueue(session, 1)
    sender = SmtpSender(host="127.0.0.1", port=closed_port, user="", password="", default_from="p@x.example")
    report = _deliver(db, sender)
    assert report.retried == 1 and "SMTP unavailable" in report.errors[0]


def test_progress_says_when_messages_only_reach_the_outbox(session, monkeypatch):
    """With no provider the invite bar said "sent" and "on their way" while nothing left the server."""
    from customer_portal.settings import settings

    monkeypatch.setattr(settings, "resend_api_key", "")
    monkeypatch.setattr(settings, "smtp_host", "")
    assert outbox.run_progress(session, run_id="none").kept_in_outbox
    monkeypatch.setattr(settings, "smtp_host", "smtp.example.com")
    assert not outbox.run_progress(session, run_id="none").kept_in_outbox
