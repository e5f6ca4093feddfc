"""What an operator watches in the records themselves (GET /api/metrics): email waiting or given up on, and card
payments whose outcome is not settled yet. Counted in the database, so every worker reports the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from customer_portal.domain.transitions import OPEN_ATTEMPT_STATUSES, OutboxStatus
from customer_portal.models import OutboxEmail, PaymentAttempt


@dataclass(frozen=True)
class RecordCounts:
    emails: dict[OutboxStatus, int]  # every status, 0 where none
    open_payment_attempts: int


def record_counts(session: Session) -> RecordCounts:
    by_status = dict(session.exec(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all())
    open_attempts = session.exec(
        select(func.count()).select_from(PaymentAttempt).where(col(PaymentAttempt.status).in_(OPEN_ATTEMPT_STATUSES))
    ).one()
    return RecordCounts(
        emails={status: by_status.get(status, 0) for status in OutboxStatus}, open_payment_attempts=open_attempts
    )
