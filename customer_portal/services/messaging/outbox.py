"""The outbox: every email is a row before anything is sent; delivery claims rows in batches.

A claimed batch has one key, which is also the provider's idempotency key. If the process dies after the
provider accepted a batch and before we recorded it, the claim expires and the same rows go again with
the same key, so the provider does not send them twice. Several workers may deliver at once: each
claims different rows (SKIP LOCKED on PostgreSQL; SQLite's write lock serialises claims).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal.adapters.email import (
    Attachment,
    EmailSender,
    OutgoingEmail,
    PermanentSendError,
    RetryableSendError,
    emails_leave_the_server,
)
from customer_portal.domain.clock import utcnow
from customer_portal.domain.portal import text_to_html
from customer_portal.domain.transitions import OUTBOX
from customer_portal.models import OutboxAttachment, OutboxEmail, OutboxStatus, id_column, id_of
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.settings import settings

MAX_ATTEMPTS = 8
CLAIM_SECONDS = 300  # a batch not recorded within this time is assumed lost with its worker
MAX_BACKOFF_SECONDS = 600


def enqueue(
    session: Session,
    *,
    to: str,
    template: str,
    subject: str,
    text: str,
    html: str = "",
    reply_to: str = "",
    sender_name: str = "",
    customer_email_id: int | None = None,
    run_id: str = "",
    unsubscribe_url: str = "",
    attachments: tuple[Attachment, ...] = (),
) -> OutboxEmail:
    row = OutboxEmail(
        to_address=to,
        template=template,
        subject=subject[:300],
        text_body=text,
        html_body=html or text_to_html(text),
        reply_to=reply_to,
        sender_name=sender_name,
        customer_email_id=customer_email_id,
        run_id=run_id,
        unsubscribe_url=unsubscribe_url,
        has_attachments=bool(attachments),
        status=OutboxStatus.PENDING,
    )
    session.add(row)
    session.flush()
    for item in attachments:
        session.add(
            OutboxAttachment(
                outbox_email_id=id_of(row),
                filename=item.filename,
                content_type=item.content_type,
                content=item.content,
            )
        )
    return row


def queued_keys(session: Session, keys: list[str]) -> set[str]:
    """Those of `keys` some queued message already carries."""
    if not keys:
        return set()
    found = session.exec(select(OutboxEmail.dedupe_key).where(col(OutboxEmail.dedupe_key).in_(keys))).all()
    return {key for key in found if key is not None}


def enqueue_once(session: Session, *, dedupe_key: str, **message: Any) -> OutboxEmail | None:
    """`enqueue`, unless a message with this key was ever queued: then nothing, and None.

    The key is unique in the table, so two workers (or a job retried after a crash) that both get here queue
    one email between them: the second insert fails inside its savepoint, and the transaction goes on. (Callers
    skip the keys `queued_keys` finds first, so the usual case renders nothing to throw away.)
    """
    try:
        with session.begin_nested():
            row = enqueue(session, **message)
            row.dedupe_key = dedupe_key
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return row


@dataclass(frozen=True)
class Claim:
    batch_key: str
    ids: list[int]
    messages: list[OutgoingEmail]


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, 2**attempts))


def claim_batch(session: Session, *, limit: int, now: datetime) -> Claim | None:
    """Claim the next batch: first a batch whose claim ran out (resume with its key), else pending rows."""
    skip_locked = session.get_bind().dialect.name == "postgresql"
    next_attempt_at = col(OutboxEmail.next_attempt_at)
    stale_key = session.exec(
        select(OutboxEmail.batch_key)
        .where(OutboxEmail.status == OutboxStatus.SENDING, next_attempt_at <= now)
        .order_by(next_attempt_at, id_column(OutboxEmail))
        .limit(1)
        .with_for_update(skip_locked=skip_locked)
    ).first()
    if stale_key:
        rows = session.exec(
            select(OutboxEmail)
            .where(OutboxEmail.batch_key == stale_key, OutboxEmail.status == OutboxStatus.SENDING)
            .order_by(id_column(OutboxEmail))
            .with_for_update(skip_locked=skip_locked)
        ).all()
        key = stale_key
    else:
        rows = _alone_or_without_attachments(
            session.exec(
                select(OutboxEmail)
                .where(
                    OutboxEmail.status == OutboxStatus.PENDING,
                    next_attempt_at.is_(None) | (next_attempt_at <= now),
                )
                .order_by(id_column(OutboxEmail))
                .limit(limit)
                .with_for_update(skip_locked=skip_locked)
            ).all()
        )
        key = f"outbox-{uuid.uuid4().hex}"
    if not rows:
        return None
    for row in rows:
        row.status = OUTBOX.apply(row.status, "claim")
        row.batch_key, row.attempts, row.next_attempt_at = key, row.attempts + 1, now + timedelta(seconds=CLAIM_SECONDS)
        session.add(row)
    return Claim(key, [id_of(row) for row in rows], [_outgoing(session, row) for row in rows])


def _alone_or_without_attachments(rows: Sequence[OutboxEmail]) -> list[OutboxEmail]:
    """A message with attachments goes alone (the provider's batch call drops them); others go together, up to
    the next one with attachments. The rows are locked either way; those left out stay pending for the next claim."""
    if rows and rows[0].has_attachments:
        return [rows[0]]
    batch: list[OutboxEmail] = []
    for row in rows:
        if row.has_attachments:
            break
        batch.append(row)
    return batch


def _outgoing(session: Session, row: OutboxEmail) -> OutgoingEmail:
    attachments = (
        session.exec(
            select(OutboxAttachment)
            .where(OutboxAttachment.outbox_email_id == row.id)
            .order_by(id_column(OutboxAttachment))
        ).all()
        if row.has_attachments
        else []
    )
    return OutgoingEmail(
        row.to_address,
        row.subject,
        row.text_body,
        row.html_body,
        row.sender_name,
        row.reply_to,
        row.unsubscribe_url,
        tuple(Attachment(item.filename, item.content_type, item.content) for item in attachments),
    )


def _claimed(session: Session, batch_key: str) -> list[OutboxEmail]:
    return list(
        session.exec(
            select(OutboxEmail)
            .where(OutboxEmail.batch_key == batch_key, OutboxEmail.status == OutboxStatus.SENDING)
            .order_by(id_column(OutboxEmail))
        )
    )


def record_sent(session: Session, *, batch_key: str, provider: str, provider_ids: list[str], now: datetime) -> None:
    for row, provider_id in zip(_claimed(session, batch_key), provider_ids, strict=True):
        row.status = OUTBOX.apply(row.status, "deliver")
        row.provider, row.provider_message_id, row.sent_at = provider, provider_id, now
        row.next_attempt_at, row.last_error = None, ""
        session.add(row)


def record_retry(session: Session, *, batch_key: str, error: str, retry_after: float | None, now: datetime) -> None:
    """The same batch goes again later with the same key; after MAX_ATTEMPTS it is given up."""
    for row in _claimed(session, batch_key):
        row.last_error = error[:1000]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = OUTBOX.apply(row.status, "give_up")
            row.next_attempt_at = None
        else:
            wait = max(_backoff(row.attempts), timedelta(seconds=retry_after or 0))
            row.next_attempt_at = now + wait
        session.add(row)


def record_refused(session: Session, *, batch_key: str, error: str, now: datetime) -> None:
    """A refused single message fails; a refused batch is split so that one bad address fails alone."""
    rows = _claimed(session, batch_key)
    for row in rows:
        if len(rows) == 1:
            row.status, row.next_attempt_at = OUTBOX.apply(row.status, "give_up"), None
            row.last_error = error[:1000]
        else:
            row.batch_key = f"{batch_key}-{row.id}"[:64]
            row.next_attempt_at = now  # due now, as a batch of one
        session.add(row)


@dataclass
class DeliveryReport:
    requests: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def deliver_pending(
    *,
    sender: EmailSender,
    transaction: Callable[[], AbstractContextManager[Session]],
    clock: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    max_requests: int | None = None,
) -> DeliveryReport:
    """Send everything due, paced to the provider's rate limit. Safe to run in several workers at once."""
    report = DeliveryReport()
    last_request = 0.0
    while max_requests is None or report.requests < max_requests:
        with transaction() as session:
            claim = claim_batch(session, limit=sender.max_batch, now=clock())
        if claim is None:
            break
        pause = sender.min_interval_seconds - (time.monotonic() - last_request)
        if pause > 0:
            sleep(pause)
        last_request = time.monotonic()
        report.requests += 1
        try:
            provider_ids = sender.send_batch(claim.messages, idempotency_key=claim.batch_key)
        except RetryableSendError as error:
            with transaction() as session:
                record_retry(
                    session, batch_key=claim.batch_key, error=str(error), retry_after=error.retry_after, now=clock()
                )
            report.retried += len(claim.ids)
            report.errors.append(str(error))
            continue
        except PermanentSendError as error:
            with transaction() as session:
                record_refused(session, batch_key=claim.batch_key, error=str(error), now=clock())
            report.failed += len(claim.ids) if len(claim.ids) == 1 else 0
            report.errors.append(str(error))
            continue
        with transaction() as session:
            record_sent(
                session, batch_key=claim.batch_key, provider=sender.name, provider_ids=provider_ids, now=clock()
            )
        report.sent += len(claim.ids)
    return report


@dataclass(frozen=True)
class RunProgress:
    total: int = 0
    sent: int = 0  # with no email provider: kept in the outbox ("sent" there, emailed nowhere)
    failed: int = 0
    kept_in_outbox: bool = False

    @property
    def remaining(self) -> int:
        return self.total - self.sent - self.failed


def run_progress(session: Session, *, run_id: str) -> RunProgress:
    counts = dict(
        session.exec(
            select(OutboxEmail.status, func.count()).where(OutboxEmail.run_id == run_id).group_by(OutboxEmail.status)
        ).all()
    )
    return RunProgress(
        total=sum(counts.values()),
        sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0),
        kept_in_outbox=not emails_leave_the_server(settings),
    )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    created: str
    recipient: str
    subject: str
    template: str
    status: str
    provider: str
    error: str


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def list_messages(session: Session, *, page: int = 1, page_size: int = 50) -> OutboxPage:
    """Every email the app has written, newest first (the local outbox when no provider is configured)."""
    total = session.exec(select(func.count()).select_from(OutboxEmail)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    zone, formats = ZoneInfo(company_time_zone(session)), company_formats(session)
    rows = session.exec(
        select(OutboxEmail).order_by(id_column(OutboxEmail).desc()).offset((page - 1) * page_size).limit(page_size)
    )
    return OutboxPage(
        rows=[
            OutboxRow(
                id_of(row),
                formats.moment(row.created_at.astimezone(zone)),
                row.to_address,
                row.subject,
                row.template,
                row.status.value,
                row.provider,
                row.last_error,
            )
            for row in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )


def message_text(session: Session, *, message_id: int) -> tuple[str, str]:
    """(subject, text) of one message, links included, for the staff outbox page."""
    row = session.get(OutboxEmail, message_id)
    return (row.subject, row.text_body) if row else ("", "")
