"""Customer accounts: create a login from an invite, sign in and out, forgotten passwords.

The username is the email on the customer's profile. Each email has its own login. Answers never reveal
whether an email has an account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import and_, bindparam, func, true
from sqlmodel import Session, col, select

from customer_portal import i18n, routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.portal import Tab, portal_sections
from customer_portal.i18n import ENGLISH, N_, _, speaking
from customer_portal.models import (
    AuditActor,
    AuthToken,
    Customer,
    CustomerEmail,
    CustomerStatus,
    PaymentSettings,
    PortalLogin,
    PortalSettings,
    SessionKind,
    TokenPurpose,
    UserSession,
    id_of,
    referenced,
)
from customer_portal.services.accounts import auth_tokens, sessions, throttle
from customer_portal.services.accounts.password_policy import new_password_errors
from customer_portal.services.accounts.passwords import BCRYPT_COST, hash_password
from customer_portal.services.accounts.tokens import token_hash
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.customers.customer_language import language_of_email
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox
from customer_portal.services.messaging.email_layout import Button, EmailContent, render
from customer_portal.services.payments import payment_settings
from customer_portal.services.portal.portal_settings import portal_page_url

SIGN_IN_REFUSED = N_("That email and password do not match a portal login.")
RESETS_PER_HOUR = 3


@dataclass(frozen=True)
class CustomerIdentity:
    login_id: int  # 0 while a staff member views the portal as this customer
    customer_id: int
    customer_name: str
    email_id: int
    email: str
    send_invoices: bool
    read_only: bool = False  # "view as customer": everything visible, nothing can be changed
    sections: tuple[Tab, ...] = ()  # what this email sees of the portal (domain.portal.portal_sections)
    language: str = ENGLISH  # what the login reads (English for the office's view)


@dataclass(frozen=True)
class CustomerSignIn:
    token: str | None = None
    error: str | None = None
    pause_seconds: float = 0.0  # wait this long in all, then try again (see throttle)
    language: str = ENGLISH  # the login's language: this browser reads the portal in it from now on


def _portal(session: Session) -> PortalSettings | None:
    row = session.exec(select(PortalSettings)).first()
    return row if row is not None and row.enabled and row.slug else None


# The check every portal event makes, in one statement: the session; its login, or for a staff member's "view as
# customer" session the email it shows; that email's customer; the portal's switches (no row while it is off); and
# the stored Stripe keys.
_SESSION_SUBJECT: sa.Select[*tuple[Any, ...]] = (
    sa.select(  # more columns than sqlmodel's select types
        col(UserSession.id),
        col(UserSession.kind),
        col(UserSession.last_seen_at),
        col(UserSession.expires_at),
        col(UserSession.revoked_at),
        col(UserSession.viewing_customer_email_id),
        col(PortalLogin.id).label("login_id"),
        col(PortalLogin.is_active).label("login_active"),
        col(PortalLogin.language).label("login_language"),
        col(CustomerEmail.id).label("email_id"),
        col(CustomerEmail.address),
        col(CustomerEmail.send_invoices),
        col(Customer.id).label("customer_id"),
        col(Customer.name),
        col(Customer.status),
        col(PortalSettings.include_invoices),
        col(PortalSettings.include_payments),
        col(PortalSettings.include_payment_methods),
        col(PortalSettings.include_quotes),
        col(PortalSettings.include_service_history),
        col(PortalSettings.include_service_requests),
        col(PortalSettings.include_contact_us),
        col(PaymentSettings.secret_key_encrypted),
        col(PaymentSettings.publishable_key),
        col(PaymentSettings.webhook_secret_encrypted),
    )
    .select_from(UserSession)
    .outerjoin(PortalLogin, col(PortalLogin.id) == UserSession.portal_login_id)
    .join(
        CustomerEmail,
        col(CustomerEmail.id) == func.coalesce(PortalLogin.customer_email_id, UserSession.viewing_customer_email_id),
    )
    .join(Customer, col(Customer.id) == CustomerEmail.customer_id)
    .join(PortalSettings, and_(col(PortalSettings.enabled), col(PortalSettings.slug).is_not(None)))
    .outerjoin(PaymentSettings, true())  # whether card payments are set up decides Payment Methods
    .where(col(UserSession.token_hash) == bindparam("token_hash"))
)


def current_customer(session: Session, *, token: str, now: datetime | None = None) -> CustomerIdentity | None:
    """The customer behind a portal session, while the session, the login, the customer and the portal are all
    live; or, for a staff member's "view as customer" session, that customer's read-only identity. The identity
    carries the sections this email may see, as of this check."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(_SESSION_SUBJECT, {"token_hash": token_hash(token)}).first()
    if row is None or not sessions.is_live(row, now=now):
        return None
    if row.kind == SessionKind.CUSTOMER:
        if not row.login_active or row.status != CustomerStatus.ACTIVE:
            return None
    elif row.viewing_customer_email_id is None:  # an office session that is not viewing anyone
        return None
    sessions.touch(session, row, now=now)
    read_only = row.kind == SessionKind.STAFF
    payments_ready = payment_settings.activated(payment_settings.keys_from(row))
    shown = portal_sections(row, send_invoices=row.send_invoices, payments_ready=payments_ready)
    return CustomerIdentity(
        0 if read_only else row.login_id,
        row.customer_id,
        row.name,
        row.email_id,
        row.address,
        row.send_invoices,
        read_only=read_only,
        sections=shown,
        language=ENGLISH if read_only else i18n.supported(row.login_language),
    )


def require_writable(customer: CustomerIdentity) -> None:
    """Every portal action that changes something calls this: the staff view is read-only."""
    if customer.read_only:
        raise ServiceError(_("This is a read-only view of the portal; nothing can be changed here."))


def _new_password_errors(session: Session, password: str, again: str, link: auth_tokens.LinkCheck) -> dict[str, str]:
    """The customer's name and the company's are words an attacker who knows them would try first."""
    email = session.get(CustomerEmail, link.customer_email_id) if link.customer_email_id else None
    customer = session.get(Customer, email.customer_id) if email else None
    known = [customer.name if customer else "", get_company(session).name]
    return new_password_errors(password, again, email=link.email, known_words=known)


def _set_password(
    session: Session, *, email: CustomerEmail, password: str, bcrypt_cost: int, now: datetime
) -> PortalLogin:
    """Set the password, end every other session of this login and every outstanding link."""
    login = session.exec(select(PortalLogin).where(PortalLogin.customer_email_id == email.id)).first()
    if login is None:
        login = PortalLogin(customer_email_id=id_of(email), password_hash="")
    login.password_hash, login.password_changed_at, login.is_active = (
        hash_password(password, cost=bcrypt_cost),
        now,
        True,
    )
    session.add(login)
    session.flush()
    sessions.end_sessions(session, sessions.of_login(login.id), now=now)
    auth_tokens.revoke_all(session, customer_email_id=id_of(email), now=now)
    return login


def _complete_link(
    session: Session,
    *,
    purpose: TokenPurpose,
    token: str,
    password: str,
    password_again: str,
    client_ip: str,
    language: str,
    bcrypt_cost: int,
) -> CustomerSignIn:
    now = utcnow()
    if _portal(session) is None:
        raise ServiceError(_("The customer portal is not available right now."))
    link = auth_tokens.check(session, token=token, purpose=purpose, now=now)
    if link.problem is not None:
        raise ServiceError(_link_message(link.problem))
    if errors := _new_password_errors(session, password, password_again, link):
        raise ValidationFailed(errors)
    email_id = auth_tokens.redeem(session, token=token, purpose=purpose, now=now)
    if email_id is None:  # somebody used it a moment ago
        raise ServiceError(_link_message(auth_tokens.LinkProblem.USED))
    email = referenced(session, CustomerEmail, email_id)
    login = _set_password(session, email=email, password=password, bcrypt_cost=bcrypt_cost, now=now)
    login.last_sign_in_at = now
    _settle_language(login, language)
    audit.record(
        session,
        action="portal.login_created" if purpose == TokenPurpose.INVITE else "portal.password_reset",
        actor=AuditActor.CUSTOMER,
        actor_label=email.address,
        entity_type="customer",
        entity_id=email.customer_id,
        details={"ip": client_ip},
    )
    token_value = sessions.start_session(
        session, kind=SessionKind.CUSTOMER, portal_login_id=login.id, client_ip=client_ip, now=now
    )
    return CustomerSignIn(token=token_value, language=login.language)


def _settle_language(login: PortalLogin, reading: str) -> None:
    """A login that never chose keeps the language its first page was read in (the browser's, or the one the
    invite was written in); a choice made on the portal stays."""
    if not login.language:
        login.language = i18n.supported(reading)


def _link_message(problem: auth_tokens.LinkProblem) -> str:
    return {
        auth_tokens.LinkProblem.EXPIRED: _("This link has expired."),
        auth_tokens.LinkProblem.USED: _("This link has already been used."),
        auth_tokens.LinkProblem.UNKNOWN: _("This link is not valid."),
    }[problem]


def create_login(
    session: Session,
    *,
    token: str,
    password: str,
    password_again: str,
    client_ip: str,
    language: str = ENGLISH,
    bcrypt_cost: int = BCRYPT_COST,
) -> CustomerSignIn:
    """From the invite: set the first password and sign in. The link dies with it."""
    return _complete_link(
        session,
        purpose=TokenPurpose.INVITE,
        token=token,
        password=password,
        password_again=password_again,
        client_ip=client_ip,
        language=language,
        bcrypt_cost=bcrypt_cost,
    )


def reset_password(
    session: Session,
    *,
    token: str,
    password: str,
    password_again: str,
    client_ip: str,
    language: str = ENGLISH,
    bcrypt_cost: int = BCRYPT_COST,
) -> CustomerSignIn:
    """From a reset email: a new password ends every other session, then signs this browser in."""
    return _complete_link(
        session,
        purpose=TokenPurpose.PASSWORD_RESET,
        token=token,
        password=password,
        password_again=password_again,
        client_ip=client_ip,
        language=language,
        bcrypt_cost=bcrypt_cost,
    )


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    client_ip: str,
    language: str = ENGLISH,
    waited_seconds: float = 0.0,
    now: datetime | None = None,
) -> CustomerSignIn:
    now = now or utcnow()
    if _portal(session) is None:
        return CustomerSignIn(error=_("The customer portal is not available right now."))
    address = (email or "").strip().lower()
    found = session.exec(
        select(PortalLogin, Customer)
        .join(CustomerEmail, col(CustomerEmail.id) == PortalLogin.customer_email_id)
        .join(Customer, col(Customer.id) == CustomerEmail.customer_id)
        .where(CustomerEmail.address == address)
    ).first()
    login, customer = found if found else (None, None)
    usable = login if login and login.is_active and customer and customer.status == CustomerStatus.ACTIVE else None
    check = throttle.checked_password(
        session,
        account=f"customer:{address}",
        client=client_ip,
        password=password,
        password_hash=usable.password_hash if usable else None,
        waited_seconds=waited_seconds,
        now=now,
    )
    if check.pause_seconds:
        return CustomerSignIn(pause_seconds=check.pause_seconds)
    if not check.passed or usable is None:  # (a check passes only against a stored hash)
        return CustomerSignIn(error=check.refusal or _(SIGN_IN_REFUSED))
    login = usable
    login.last_sign_in_at = now
    _settle_language(login, language)
    session.add(login)
    token = sessions.start_session(
        session, kind=SessionKind.CUSTOMER, portal_login_id=login.id, client_ip=client_ip, now=now
    )
    return CustomerSignIn(token=token, language=login.language)


def sign_out(session: Session, *, token: str) -> None:
    sessions.revoke_session(session, token=token)


def request_password_reset(session: Session, *, email: str, now: datetime | None = None) -> None:
    """Send a reset link if the email has a login; say nothing either way. At most 3 per address per hour."""
    now = now or utcnow()
    portal = _portal(session)
    address = (email or "").strip().lower()
    found = session.exec(
        select(CustomerEmail, Customer)
        .join(PortalLogin, col(PortalLogin.customer_email_id) == CustomerEmail.id)
        .join(Customer, col(Customer.id) == CustomerEmail.customer_id)
        .where(CustomerEmail.address == address, PortalLogin.is_active)
    ).first()
    if portal is None or portal.slug is None or found is None or found[1].status != CustomerStatus.ACTIVE:
        return
    email_row, customer = found
    recent = session.exec(
        select(func.count()).where(
            AuthToken.customer_email_id == email_row.id,
            AuthToken.purpose == TokenPurpose.PASSWORD_RESET,
            AuthToken.created_at > now - timedelta(hours=1),
        )
    ).one()
    if recent >= RESETS_PER_HOUR:
        return
    token = auth_tokens.issue(session, purpose=TokenPurpose.PASSWORD_RESET, customer_email_id=id_of(email_row), now=now)
    with speaking(language_of_email(session, email_row.id)):
        _send_reset_link(session, portal, email_row, customer, token)


def _send_reset_link(
    session: Session, portal: PortalSettings, email_row: CustomerEmail, customer: Customer, token: str
) -> None:
    company = get_company(session)
    name = company.name or _("Your pool company")
    link = f"{portal_page_url(routes.PORTAL_RESET_PASSWORD, portal.slug or '')}?token={token}"
    message = render(
        EmailContent(
            subject=_("Reset your {company} portal password").format(company=name),
            heading=_("Choose a new password"),
            paragraphs=(
                _("Hi {name},").format(name=customer.name),
                _(
                    "Someone (we hope you) asked to reset the password of your {company} customer portal login. "
                    "The link works for 60 minutes, once."
                ).format(company=name),
            ),
            button=Button(_("Choose a new password"), link),
            closing=(_("If you did not ask, ignore this email; your password stays as it is."),),
        ),
        company=replace(company, name=name),
    )
    outbox.enqueue(
        session,
        to=email_row.address,
        template="password_reset",
        subject=message.subject,
        text=message.text,
        html=message.html,
        sender_name=portal.invite_sender_name or name,
        reply_to=portal.invite_reply_to,
        customer_email_id=email_row.id,
    )
