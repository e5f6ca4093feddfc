"""Settings > Payments: the Stripe keys (from the environment, or entered here and stored encrypted), a
connection test, and whether Stripe is activated — which decides if customers see payment features."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session, select

from customer_portal.adapters.payments import PaymentProviderError, StripeGateway
from customer_portal.domain.clock import utcnow
from customer_portal.domain.money import InvalidAmount, parse_cents
from customer_portal.i18n import N_, _
from customer_portal.models import AuditActor, PaymentSettings, StaffUser, referenced
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.billing.line_items import format_price_input
from customer_portal.services.company import audit
from customer_portal.services.company.company import local_moment
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.secrets_box import mask, open_sealed, seal
from customer_portal.settings import settings


@dataclass(frozen=True)
class StripeKeys:
    secret: str
    publishable: str
    webhook: str
    source: str  # "environment", "settings" or "none"
    unreadable: bool = False  # stored keys sealed under a different SECRET_KEY


@dataclass(frozen=True)
class PaymentSettingsView:
    source: str = "none"
    secret_key: str = ""  # masked
    publishable_key: str = ""
    webhook_secret: str = ""  # masked
    account_name: str = ""
    tested_at: str = ""
    activated: bool = False
    unreadable: bool = False
    webhook_url: str = ""  # what to paste into Stripe's dashboard as the endpoint
    autopay_days_after_due: int = 0
    partial_payments: bool = False
    partial_minimum: str = "0.00"  # as the office types it


@dataclass(frozen=True)
class PartialPayments:
    """Whether Pay Now may take part of one invoice, and the smallest part."""

    allowed: bool = False
    minimum_cents: int = 0


MAX_AUTOPAY_DELAY_DAYS = 30


def _row(session: Session) -> PaymentSettings:
    row = session.exec(select(PaymentSettings)).first()
    if row is None:
        row = PaymentSettings()
        session.add(row)
        session.flush()
    return row


class StoredKeys(Protocol):
    """The key columns of a PaymentSettings row (or of a row that selected them; None where it had none)."""

    @property
    def secret_key_encrypted(self) -> str | None: ...
    @property
    def publishable_key(self) -> str | None: ...
    @property
    def webhook_secret_encrypted(self) -> str | None: ...


def keys_from(row: StoredKeys | None) -> StripeKeys:
    """The keys in force: the environment's, else those stored in `row`."""
    if settings.stripe_secret_key:
        return StripeKeys(
            settings.stripe_secret_key, settings.stripe_publishable_key, settings.stripe_webhook_secret, "environment"
        )
    if row is None or not row.secret_key_encrypted:
        return StripeKeys("", "", "", "none")
    secret, webhook = open_sealed(row.secret_key_encrypted), open_sealed(row.webhook_secret_encrypted or "")
    if secret is None or webhook is None:
        return StripeKeys("", "", "", "settings", unreadable=True)
    return StripeKeys(secret, row.publishable_key or "", webhook, "settings")


def stripe_keys(session: Session) -> StripeKeys:
    return keys_from(session.exec(select(PaymentSettings)).first())


def activated(keys: StripeKeys) -> bool:
    """Payment Methods, AutoPay and Pay Now exist for customers only while this is true."""
    return bool(keys.secret and keys.publishable)


def gateway(session: Session) -> StripeGateway | None:
    keys = stripe_keys(session)
    if not keys.secret:
        return None
    return StripeGateway(
        secret_key=keys.secret, api_base=settings.stripe_api_base, timeout_seconds=settings.stripe_timeout_seconds
    )


def require_gateway(session: Session) -> StripeGateway:
    """For customer actions that need Stripe: refuses with a plain message while it is not set up."""
    stripe_gateway = gateway(session)
    if stripe_gateway is None:
        raise ServiceError(_("Card payments are not available right now."))
    return stripe_gateway


def payment_settings_view(session: Session) -> PaymentSettingsView:
    keys = stripe_keys(session)
    row = session.exec(select(PaymentSettings)).first()
    return PaymentSettingsView(
        source=keys.source,
        secret_key=mask(keys.secret),
        publishable_key=keys.publishable,
        webhook_secret=mask(keys.webhook),
        account_name=row.account_name if row else "",
        tested_at=local_moment(session, row.tested_at) if row and row.tested_at else "",
        activated=activated(keys),
        unreadable=keys.unreadable,
        webhook_url=f"{settings.public_url}/stripe/webhook",
        autopay_days_after_due=row.autopay_days_after_due if row else 0,
        partial_payments=row.partial_payments if row else False,
        partial_minimum=format_price_input(row.partial_minimum_cents if row else 0),
    )


def partial_payments(session: Session) -> PartialPayments:
    row = session.exec(select(PaymentSettings)).first()
    return PartialPayments(row.partial_payments, row.partial_minimum_cents) if row else PartialPayments()


def save_partial_payments(
    session: Session, *, staff: StaffIdentity, allowed: bool, minimum: str
) -> PaymentSettingsView:
    """Owner only: let customers pay part of one invoice, never less than `minimum` (a whole balance below it is
    paid whole)."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the payment settings."))
    try:
        minimum_cents = parse_cents(minimum or "0")
    except InvalidAmount as error:
        raise ValidationFailed({"partial_minimum": str(error)}) from error
    row = _row(session)
    row.partial_payments, row.partial_minimum_cents = allowed, minimum_cents
    row.updated_at, row.updated_by_staff_id = utcnow(), staff.id
    session.add(row)
    audit.record(
        session,
        action="settings.partial_payments_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"allowed": allowed, "minimum_cents": minimum_cents},
    )
    return payment_settings_view(session)


def save_autopay_timing(session: Session, *, staff: StaffIdentity, days_after_due: str) -> PaymentSettingsView:
    """Owner only: AutoPay charges on the due date plus this many days."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the payment settings."))
    text = days_after_due.strip() or "0"
    if not text.isdigit() or int(text) > MAX_AUTOPAY_DELAY_DAYS:
        raise ValidationFailed(
            {"autopay_days_after_due": f"Enter a whole number of days from 0 to {MAX_AUTOPAY_DELAY_DAYS}."}
        )
    row = _row(session)
    row.autopay_days_after_due, row.updated_at, row.updated_by_staff_id = int(text), utcnow(), staff.id
    session.add(row)
    audit.record(
        session,
        action="settings.autopay_timing_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"days_after_due": int(text)},
    )
    return payment_settings_view(session)


# Owners need two-factor while payments are activated (two_factor.why_required); the one activating has it first.
NEEDS_TWO_FACTOR = N_(
    "Payments need two-factor on the owners' logins: turn it on for yours in My account first, then save the keys."
)


def _mode(key: str) -> str:
    return "live" if "_live_" in key else "test"


def save_keys(
    session: Session, *, staff: StaffIdentity, secret_key: str, publishable_key: str, webhook_secret: str
) -> PaymentSettingsView:
    """Owner only. A blank field keeps what is stored; keys in the environment cannot be changed here."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the payment settings."))
    if settings.stripe_secret_key:
        raise ServiceError(_("The Stripe keys are set in the server's environment; change them there."))
    if referenced(session, StaffUser, staff.id).totp_enabled_at is None:  # two_factor.is_on, which imports this
        raise ServiceError(_(NEEDS_TWO_FACTOR))
    row = _row(session)
    secret = secret_key.strip() or (open_sealed(row.secret_key_encrypted) or "")
    publishable = publishable_key.strip() or row.publishable_key
    webhook = webhook_secret.strip() or (open_sealed(row.webhook_secret_encrypted) or "")
    errors: dict[str, str] = {}
    if not secret.startswith(("sk_test_", "sk_live_", "rk_test_", "rk_live_")):
        errors["secret_key"] = _("Paste the secret key from Stripe: it starts with sk_live_ or sk_test_.")
    if not publishable.startswith(("pk_test_", "pk_live_")):
        errors["publishable_key"] = _("Paste the publishable key: it starts with pk_live_ or pk_test_.")
    if webhook and not webhook.startswith("whsec_"):
        errors["webhook_secret"] = _("The webhook signing secret starts with whsec_.")
    if not errors and _mode(secret) != _mode(publishable):
        errors["publishable_key"] = _("One key is a test key and the other a live key; use a matching pair.")
    if errors:
        raise ValidationFailed(errors)
    changed = secret != (open_sealed(row.secret_key_encrypted) or "")
    row.secret_key_encrypted, row.publishable_key, row.webhook_secret_encrypted = (
        seal(secret),
        publishable,
        seal(webhook),
    )
    if changed:
        row.account_name, row.tested_at = "", None
    row.updated_at, row.updated_by_staff_id = utcnow(), staff.id
    session.add(row)
    audit.record(
        session,
        action="settings.payments_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"mode": _mode(secret), "secret_key": mask(secret)},  # never the key itself
    )
    return payment_settings_view(session)


def check_connection(session: Session, *, staff: StaffIdentity) -> str:
    """Ask Stripe whose keys these are; returns the account's name or raises ServiceError with Stripe's reason."""
    stripe_gateway = gateway(session)
    if stripe_gateway is None:
        raise ServiceError(_("Enter the Stripe keys first."))
    try:
        account = stripe_gateway.account()
    except PaymentProviderError as error:
        raise ServiceError(str(error)) from error
    row = _row(session)
    row.account_name, row.tested_at = account.name, utcnow()
    session.add(row)
    audit.record(
        session,
        action="settings.payments_tested",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"account": account.id},
    )
    return account.name
