"""Status machines. A status changes only by asking its machine, which refuses illegal moves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

S = TypeVar("S", bound=StrEnum)


class IllegalTransition(ValueError):
    """Raised when an action is not allowed from the current status; the message is user-facing."""


@dataclass(frozen=True)
class StatusMachine(Generic[S]):
    noun: str
    # action -> (statuses it may start from, status it leads to)
    actions: Mapping[str, tuple[frozenset[S], S]]

    def apply(self, current: S, action: str) -> S:
        sources, target = self.actions[action]
        if current not in sources:
            verb, adjective = action.replace("_", " "), current.value.replace("_", " ")
            article = "an" if adjective[0] in "aeiou" else "a"
            raise IllegalTransition(f"Cannot {verb} {article} {adjective} {self.noun}.")
        return target

    def allows(self, current: S, action: str) -> bool:
        return current in self.actions[action][0]


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    APPROVED = "approved"
    REJECTED = "rejected"
    INFO_REQUESTED = "info_requested"
    EXPIRED = "expired"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class AttemptStatus(StrEnum):
    """One try at charging a card for one invoice. STARTED is committed before Stripe is called, so an
    attempt left STARTED means "we may or may not have charged": the reconciler asks Stripe."""

    STARTED = "started"
    REQUIRES_ACTION = "requires_action"  # the bank wants the customer to confirm (3-D Secure)
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


OPEN_ATTEMPT_STATUSES = (AttemptStatus.STARTED, AttemptStatus.REQUIRES_ACTION, AttemptStatus.PROCESSING)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class HoldStatus(StrEnum):
    """A customer's request to pause service for a while, and the office's answer."""

    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class RequestStatus(StrEnum):
    """A customer's service request (green water, a leak...), as the office moves it along."""

    NEW = "new"
    SCHEDULED = "scheduled"
    QUOTED = "quoted"
    CLOSED = "closed"


def _from(*statuses: S) -> frozenset[S]:
    return frozenset(statuses)


CUSTOMER = StatusMachine[CustomerStatus](
    "customer",
    {
        "archive": (_from(CustomerStatus.ACTIVE), CustomerStatus.ARCHIVED),
        "restore": (_from(CustomerStatus.ARCHIVED), CustomerStatus.ACTIVE),
    },
)

INVOICE = StatusMachine[InvoiceStatus](
    "invoice",
    {
        "edit": (_from(InvoiceStatus.DRAFT), InvoiceStatus.DRAFT),
        "issue": (_from(InvoiceStatus.DRAFT), InvoiceStatus.OPEN),
        "mark_paid": (_from(InvoiceStatus.OPEN), InvoiceStatus.PAID),
        "reopen": (_from(InvoiceStatus.PAID), InvoiceStatus.OPEN),  # after a refund
        "void": (_from(InvoiceStatus.DRAFT, InvoiceStatus.OPEN), InvoiceStatus.VOID),
    },
)

QUOTE = StatusMachine[QuoteStatus](
    "quote",
    {
        "edit": (_from(QuoteStatus.DRAFT, QuoteStatus.INFO_REQUESTED), QuoteStatus.DRAFT),
        "send": (_from(QuoteStatus.DRAFT, QuoteStatus.INFO_REQUESTED), QuoteStatus.SENT),
        "approve": (_from(QuoteStatus.SENT), QuoteStatus.APPROVED),
        "reject": (_from(QuoteStatus.SENT), QuoteStatus.REJECTED),
        "request_info": (_from(QuoteStatus.SENT), QuoteStatus.INFO_REQUESTED),
        "expire": (_from(QuoteStatus.SENT, QuoteStatus.INFO_REQUESTED), QuoteStatus.EXPIRED),
    },
)

PAYMENT = StatusMachine[PaymentStatus](
    "payment",
    {
        "start_processing": (_from(PaymentStatus.PENDING), PaymentStatus.PROCESSING),
        "succeed": (_from(PaymentStatus.PENDING, PaymentStatus.PROCESSING), PaymentStatus.SUCCEEDED),
        "fail": (_from(PaymentStatus.PENDING, PaymentStatus.PROCESSING), PaymentStatus.FAILED),
        "refund": (_from(PaymentStatus.SUCCEEDED), PaymentStatus.REFUNDED),
    },
)

_OPEN_ATTEMPT = frozenset(OPEN_ATTEMPT_STATUSES)

ATTEMPT = StatusMachine[AttemptStatus](
    "payment attempt",
    {
        "require_action": (_from(AttemptStatus.STARTED), AttemptStatus.REQUIRES_ACTION),
        "process": (_from(AttemptStatus.STARTED, AttemptStatus.REQUIRES_ACTION), AttemptStatus.PROCESSING),
        "succeed": (_OPEN_ATTEMPT, AttemptStatus.SUCCEEDED),
        "fail": (_OPEN_ATTEMPT, AttemptStatus.FAILED),
        "cancel": (_from(AttemptStatus.STARTED, AttemptStatus.REQUIRES_ACTION), AttemptStatus.CANCELED),
        # Stripe is the truth about money: a charge that succeeded after we gave up is still recorded.
        "settle_late": (_from(AttemptStatus.FAILED, AttemptStatus.CANCELED), AttemptStatus.SUCCEEDED),
    },
)

HOLD = StatusMachine[HoldStatus](
    "pause",
    {
        "approve": (_from(HoldStatus.REQUESTED), HoldStatus.APPROVED),
        "decline": (_from(HoldStatus.REQUESTED), HoldStatus.DECLINED),
        "cancel": (_from(HoldStatus.REQUESTED, HoldStatus.APPROVED), HoldStatus.CANCELLED),
    },
)

REQUEST = StatusMachine[RequestStatus](
    "service request",
    {
        # A quoted job is scheduled once approved; a scheduled one may be moved to another day.
        "schedule": (
            _from(RequestStatus.NEW, RequestStatus.SCHEDULED, RequestStatus.QUOTED),
            RequestStatus.SCHEDULED,
        ),
        "quote": (_from(RequestStatus.NEW, RequestStatus.SCHEDULED), RequestStatus.QUOTED),
        "close": (_from(RequestStatus.NEW, RequestStatus.SCHEDULED, RequestStatus.QUOTED), RequestStatus.CLOSED),
    },
)

OUTBOX = StatusMachine[OutboxStatus](
    "email",
    {
        "claim": (_from(OutboxStatus.PENDING, OutboxStatus.SENDING), OutboxStatus.SENDING),
        "deliver": (_from(OutboxStatus.SENDING), OutboxStatus.SENT),
        "give_up": (_from(OutboxStatus.PENDING, OutboxStatus.SENDING), OutboxStatus.FAILED),
        "retry": (_from(OutboxStatus.SENDING, OutboxStatus.FAILED), OutboxStatus.PENDING),
    },
)
