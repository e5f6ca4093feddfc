"""The customer's own details on the portal's Account page: their phone number, and moving their login to a new
email address.

A new login address takes effect only when confirmed from that address (a 24-hour, single-use link), with the
current password asked first and a notice to the old address at both steps, so a borrowed session cannot quietly
take the account. The address keeps its row: its Send Invoices setting, its email history and the login stay
with it. An address that is on file for anyone already is refused with words that say nothing of whose it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from customer_portal import i18n, routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.i18n import N_, _
from customer_portal.models import AuditActor, Customer, CustomerEmail, PortalLogin, TokenPurpose, referenced
from customer_portal.services.accounts import auth_tokens, customer_auth, throttle
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.accounts.password_change import NOT_CURRENT, TOO_MANY_TRIES
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, EmailContent
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url

ADDRESS_UNAVAILABLE = N_(
    "That address cannot be used for your login. If it is yours, contact us and we will sort it out."
)
_PHONE = re.compile(r"^\+?[\d\s().-]{7,25}$")


@dataclass(frozen=True)
class Profile:
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class EmailChangeAnswer:
    sent_to: str = ""  # the new address the confirmation went to
    field_errors: dict[str, str] = field(default_factory=dict)


def profile(session: Session, *, customer: CustomerIdentity) -> Profile:
    return Profile(referenced(session, Customer, customer.customer_id).phone, customer.email)


def choose_language(session: Session, *, token: str, language: str) -> str:
    """The language the signed-in customer chose on the portal, kept on their login for every device and for the
    emails they get. Nothing is kept for a visitor who is not signed in, or for the office's read-only view."""
    chosen = i18n.supported(language)
    customer = customer_auth.current_customer(session, token=token)
    if customer is not None and not customer.read_only:
        login = referenced(session, PortalLogin, customer.login_id)
        login.language = chosen
        session.add(login)
    return chosen


def save_phone(session: Session, *, customer: CustomerIdentity, phone: str) -> Profile:
    require_writable(customer)
    typed = phone.strip()
    digits = re.sub(r"\D", "", typed)
    if typed and (not _PHONE.match(typed) or not 7 <= len(digits) <= 15):
        raise ValidationFailed({"phone": _("Enter a phone number like (602) 555-0143, or leave it empty.")})
    row = referenced(session, Customer, customer.customer_id)
    before, row.phone, row.updated_at = row.phone, typed, utcnow()
    session.add(row)
    audit.record(
        session,
        action="portal.phone_changed",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"before": before, "after": typed},
    )
    return Profile(typed, customer.email)


def _masked(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}•••@{domain}"


def _on_file(session: Session, address: str) -> bool:
    """Whether any customer has this address (deliberately not only this customer: an address belongs to one
    login). Its caller's answer says nothing of whose it is."""
    return session.exec(select(CustomerEmail.id).where(CustomerEmail.address == address)).first() is not None


def request_email_change(
    session: Session, *, customer: CustomerIdentity, new_address: str, current_password: str, client_ip: str
) -> EmailChangeAnswer:
    """Send the confirmation link to the new address (and a word to the old one). Wrong passwords are returned,
    not raised, so the throttle's count of them is kept."""
    require_writable(customer)
    try:
        address = normalize_email(new_address)
    except InvalidEmail as error:
        return EmailChangeAnswer(field_errors={"new_email": str(error)})
    if address == customer.email:
        return EmailChangeAnswer(field_errors={"new_email": _("That is your login email already.")})
    login = referenced(session, PortalLogin, customer.login_id)
    check = throttle.checked_password(
        session,
        account=customer.email,
        client=client_ip,
        password=current_password,
        password_hash=login.password_hash,
        waited_seconds=0,
        now=utcnow(),
    )
    if check.refusal or check.pause_seconds:
        return EmailChangeAnswer(field_errors={"email_password": _(TOO_MANY_TRIES)})
    if not check.passed:
        return EmailChangeAnswer(field_errors={"email_password": _(NOT_CURRENT)})
    if _on_file(session, address):
        return EmailChangeAnswer(field_errors={"new_email": _(ADDRESS_UNAVAILABLE)})
    token = auth_tokens.issue(
        session, purpose=TokenPurpose.EMAIL_CHANGE, customer_email_id=customer.email_id, new_address=address
    )
    slug = get_portal_settings(session).slug or ""
    confirm = f"{portal_page_url(routes.PORTAL_CONFIRM_EMAIL, slug)}?token={token}"
    send_from_company(
        session,
        to=address,
        template="email_change_confirm",
        content=EmailContent(
            subject=_("Confirm your new login email"),
            heading=_("Is this your new login email?"),
            paragraphs=(
                _("{name}, you asked to sign in to the customer portal with this address from now on.").format(
                    name=customer.customer_name
                ),
                _("Confirm it within 24 hours; until then your login stays as it was."),
            ),
            button=Button(_("Confirm this address"), confirm),
        ),
    )
    send_from_company(
        session,
        to=customer.email,
        template="email_change_requested",
        content=EmailContent(
            subject=_("Your login email is about to change"),
            heading=_("A new login email was asked for"),
            paragraphs=(
                _(
                    "Someone signed in as you asked to move your customer portal login to {address}. It changes only "
                    "when confirmed from that address."
                ).format(address=_masked(address)),
                _("If this was not you, change your password now (Account, in the portal) and contact us."),
            ),
        ),
    )
    audit.record(
        session,
        action="portal.email_change_requested",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"new": address, "ip": client_ip},
    )
    return EmailChangeAnswer(sent_to=address)


CONFIRM_PROBLEMS = {
    auth_tokens.LinkProblem.UNKNOWN: N_("This confirmation link is not valid."),
    auth_tokens.LinkProblem.EXPIRED: N_("This confirmation link has expired (links work for 24 hours). Ask again."),
    auth_tokens.LinkProblem.USED: N_("This confirmation link has already been used."),
}


@dataclass(frozen=True)
class PendingChange:
    new_address: str = ""
    problem: str = ""


def pending_change(session: Session, *, token: str) -> PendingChange:
    """What a confirmation link would do, without doing it."""
    link = auth_tokens.check(session, token=token, purpose=TokenPurpose.EMAIL_CHANGE)
    if link.problem is not None or not link.new_address:
        return PendingChange(problem=_(CONFIRM_PROBLEMS[link.problem or auth_tokens.LinkProblem.UNKNOWN]))
    return PendingChange(new_address=link.new_address)


def confirm_email_change(session: Session, *, token: str) -> str:
    """From the new address: move the login there, once. Returns the new address."""
    now = utcnow()
    link = auth_tokens.check(session, token=token, purpose=TokenPurpose.EMAIL_CHANGE, now=now)
    if link.problem is not None or not link.new_address or link.customer_email_id is None:
        raise ServiceError(_(CONFIRM_PROBLEMS[link.problem or auth_tokens.LinkProblem.UNKNOWN]))
    email = session.exec(
        select(CustomerEmail).where(CustomerEmail.id == link.customer_email_id).with_for_update()
    ).one()
    if auth_tokens.redeem(session, token=token, purpose=TokenPurpose.EMAIL_CHANGE, now=now) is None:
        raise ServiceError(_(CONFIRM_PROBLEMS[auth_tokens.LinkProblem.USED]))
    old, email.address = email.address, link.new_address
    try:
        with session.begin_nested():  # taken meanwhile (the office added it to a customer): the unique key says so
            session.add(email)
    except IntegrityError:
        raise ServiceError(_(ADDRESS_UNAVAILABLE)) from None
    auth_tokens.revoke_all(session, customer_email_id=link.customer_email_id, now=now)  # links sent to the old one
    audit.record(
        session,
        action="portal.email_changed",
        actor=AuditActor.CUSTOMER,
        actor_label=link.new_address,
        entity_type="customer",
        entity_id=email.customer_id,
        details={"before": old, "after": link.new_address},
    )
    send_from_company(
        session,
        to=old,
        template="email_changed",
        content=EmailContent(
            subject=_("Your login email changed"),
            heading=_("Your login email changed"),
            paragraphs=(
                _(
                    "You now sign in to the customer portal with {address}; this address no longer signs in. If you "
                    "did not do this, contact us right away."
                ).format(address=_masked(link.new_address)),
            ),
        ),
    )
    return link.new_address
