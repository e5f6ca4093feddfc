"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from customer_portal.models.audit import AuditLogEntry
from customer_portal.models.auth import AuthToken, PortalLogin, SignInThrottle, UserSession
from customer_portal.models.billing import (
    CheckoutPayment,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAttempt,
    ProcessedProviderEvent,
    SavedPaymentMethod,
)
from customer_portal.models.company import CompanyProfile, PaymentSettings, PortalSettings, PortalSlugRedirect
from customer_portal.models.customers import Customer, CustomerEmail, ServiceLocation
from customer_portal.models.enums import (
    OPEN_ATTEMPT_STATUSES,
    AttemptSource,
    AttemptStatus,
    AuditActor,
    CustomerStatus,
    HoldStatus,
    InvoiceStatus,
    MethodKind,
    NotificationKind,
    OutboxStatus,
    PaymentChannel,
    PaymentStatus,
    QuoteStatus,
    RequestKind,
    RequestStatus,
    SessionKind,
    StaffRole,
    TokenPurpose,
)
from customer_portal.models.notifications import EmailOptOut, NotificationTemplate, TemplateWording
from customer_portal.models.outbox import OutboxAttachment, OutboxEmail
from customer_portal.models.quotes import Quote, QuoteLine
from customer_portal.models.requests import ServiceRequest, ServiceRequestPhoto, ServiceRequestReply
from customer_portal.models.staff import RecoveryCode, SecuritySettings, StaffUser, TrustedBrowser
from customer_portal.models.types import id_column, id_of, referenced
from customer_portal.models.visits import ServiceHold, ServiceVisit, VisitPhoto

__all__ = [
    "OPEN_ATTEMPT_STATUSES",
    "AttemptSource",
    "AttemptStatus",
    "AuditActor",
    "AuditLogEntry",
    "AuthToken",
    "CheckoutPayment",
    "CompanyProfile",
    "Customer",
    "CustomerEmail",
    "CustomerStatus",
    "EmailOptOut",
    "HoldStatus",
    "Invoice",
    "InvoiceLine",
    "InvoiceStatus",
    "MethodKind",
    "NotificationKind",
    "NotificationTemplate",
    "OutboxAttachment",
    "OutboxEmail",
    "OutboxStatus",
    "Payment",
    "PaymentAttempt",
    "PaymentChannel",
    "PaymentSettings",
    "PaymentStatus",
    "PortalLogin",
    "PortalSettings",
    "PortalSlugRedirect",
    "ProcessedProviderEvent",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "RecoveryCode",
    "RequestKind",
    "RequestStatus",
    "SavedPaymentMethod",
    "SecuritySettings",
    "ServiceHold",
    "ServiceLocation",
    "ServiceRequest",
    "ServiceRequestPhoto",
    "ServiceRequestReply",
    "ServiceVisit",
    "SessionKind",
    "SignInThrottle",
    "StaffRole",
    "StaffUser",
    "TemplateWording",
    "TokenPurpose",
    "TrustedBrowser",
    "UserSession",
    "VisitPhoto",
    "id_column",
    "id_of",
    "referenced",
]
