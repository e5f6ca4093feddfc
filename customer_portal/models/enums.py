"""Enumerations stored in columns. Status enums with transitions live in domain.transitions."""

from enum import StrEnum

from customer_portal.domain.cards import MethodKind
from customer_portal.domain.notifications import NotificationKind
from customer_portal.domain.transitions import (
    OPEN_ATTEMPT_STATUSES,
    AttemptStatus,
    CustomerStatus,
    HoldStatus,
    InvoiceStatus,
    OutboxStatus,
    PaymentStatus,
    QuoteStatus,
    RequestStatus,
)

__all__ = [
    "OPEN_ATTEMPT_STATUSES",
    "AttemptSource",
    "AttemptStatus",
    "AuditActor",
    "CustomerStatus",
    "HoldStatus",
    "InvoiceStatus",
    "MethodKind",
    "NotificationKind",
    "OutboxStatus",
    "PaymentChannel",
    "PaymentStatus",
    "QuoteStatus",
    "RequestKind",
    "RequestStatus",
    "SessionKind",
    "StaffRole",
    "TokenPurpose",
]


class StaffRole(StrEnum):
    OWNER = "owner"
    OFFICE = "office"


class PaymentChannel(StrEnum):
    CARD = "card"
    BANK = "bank"
    CASH = "cash"
    CHECK = "check"


class AttemptSource(StrEnum):
    PAY_NOW = "pay_now"
    AUTOPAY = "autopay"


class TokenPurpose(StrEnum):
    INVITE = "invite"
    PASSWORD_RESET = "password_reset"
    STAFF_PASSWORD_RESET = "staff_password_reset"  # 20 characters: the column's length
    STAFF_INVITE = "staff_invite"
    EMAIL_CHANGE = "email_change"  # a customer moving their login to a new address, confirmed from that address
    SECOND_FACTOR = "second_factor"  # a staff sign-in whose password was right, waiting for its code


class SessionKind(StrEnum):
    STAFF = "staff"
    CUSTOMER = "customer"


class AuditActor(StrEnum):
    STAFF = "staff"
    CUSTOMER = "customer"
    SYSTEM = "system"


class RequestKind(StrEnum):
    """What a customer's service request is about."""

    WATER = "water"  # green or cloudy water
    EQUIPMENT = "equipment"
    LEAK = "leak"
    REPAIR = "repair"
    OTHER = "other"
