"""Changing one's own password while signed in (a customer or a staff member), and signing out every other device.

The current password is required, and checked through the sign-in throttle (a stolen session must not become a
way to guess it); wrong answers are returned, not raised, so the failure each one counts is committed. A change
ends every other session of the account and every outstanding link, keeps the device that made it signed in, and
emails the account's address, so a change the owner did not make does not go unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.i18n import N_, _
from customer_portal.models import AuditActor, PortalLogin, StaffUser, referenced
from customer_portal.services.accounts import auth_tokens, remembered_browsers, sessions, throttle
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.accounts.password_policy import new_password_errors
from customer_portal.services.accounts.passwords import BCRYPT_COST, hash_password
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import EmailContent
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url

TOO_MANY_TRIES = N_("Too many wrong passwords for now. Wait a few minutes and try again.")
NOT_CURRENT = N_("That is not your current password.")


@dataclass(frozen=True)
class PasswordChange:
    done: bool = False
    field_errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NewPassword:
    current: str
    password: str
    again: str


def current_password_problem(
    session: Session, *, account: str, client_ip: str, stored_hash: str, password: str, now: datetime
) -> str:
    """ "" when `password` is the account's, else why not; a signed-in person confirming it is throttled like a
    sign-in (a stolen session must not become a way to guess the password)."""
    check = throttle.checked_password(
        session,
        account=account,
        client=client_ip,
        password=password,
        password_hash=stored_hash,
        waited_seconds=0,
        now=now,
    )
    if check.refusal or check.pause_seconds:
        return _(TOO_MANY_TRIES)
    return "" if check.passed else _(NOT_CURRENT)


def _refusal(
    session: Session,
    *,
    account: str,
    client_ip: str,
    stored_hash: str,
    form: NewPassword,
    known: list[str],
    now: datetime,
) -> dict[str, str]:
    """Why the change cannot be made ({} when it can). The new password is judged first (nothing to count);
    then the current one, through the throttle."""
    if errors := new_password_errors(form.password, form.again, email=account, known_words=known):
        return errors
    if problem := current_password_problem(
        session, account=account, client_ip=client_ip, stored_hash=stored_hash, password=form.current, now=now
    ):
        return {"current_password": problem}
    if form.password == form.current:
        return {"password": _("That is your current password; choose a new one.")}
    return {}


def _tell(session: Session, *, to: str, sign_in_help: str) -> None:
    company = get_company(session)
    send_from_company(
        session,
        to=to,
        template="password_changed",
        content=EmailContent(
            subject=_("Your {company} password was changed").format(company=company.name or _("portal")),
            heading=_("Your password was changed"),
            paragraphs=(
                _("The password of your login was just changed, and every other device was signed out."),
                sign_in_help,
            ),
        ),
    )


def change_customer_password(
    session: Session,
    *,
    customer: CustomerIdentity,
    session_token: str,
    client_ip: str,
    form: NewPassword,
    bcrypt_cost: int = BCRYPT_COST,
) -> PasswordChange:
    require_writable(customer)
    now = utcnow()
    login = referenced(session, PortalLogin, customer.login_id)
    known = [customer.customer_name, get_company(session).name]
    errors = _refusal(
        session,
        account=customer.email,
        client_ip=client_ip,
        stored_hash=login.password_hash,
        form=form,
        known=known,
        now=now,
    )
    if errors:
        return PasswordChange(field_errors=errors)
    login.password_hash, login.password_changed_at = hash_password(form.password, cost=bcrypt_cost), now
    session.add(login)
    ended = sessions.end_sessions(session, sessions.of_login(customer.login_id), keep_token=session_token, now=now)
    auth_tokens.revoke_all(session, customer_email_id=customer.email_id, now=now)
    audit.record(
        session,
        action="portal.password_changed",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"ip": client_ip, "other_sessions_ended": ended},
    )
    reset = portal_page_url(routes.PORTAL_FORGOT_PASSWORD, get_portal_settings(session).slug)
    _tell(
        session,
        to=customer.email,
        sign_in_help=(
            _("If you did not change it, choose a new one now at {link} and tell us.").format(link=reset)
            if reset
            else _("If you did not change it, call us.")
        ),
    )
    return PasswordChange(done=True)


def change_staff_password(
    session: Session,
    *,
    staff: StaffIdentity,
    session_token: str,
    client_ip: str,
    form: NewPassword,
    bcrypt_cost: int = BCRYPT_COST,
) -> PasswordChange:
    now = utcnow()
    user = referenced(session, StaffUser, staff.id)
    errors = _refusal(
        session,
        account=user.email,
        client_ip=client_ip,
        stored_hash=user.password_hash,
        form=form,
        known=[user.name],
        now=now,
    )
    if errors:
        return PasswordChange(field_errors=errors)
    user.password_hash, user.password_changed_at = hash_password(form.password, cost=bcrypt_cost), now
    session.add(user)
    ended = sessions.end_sessions(session, sessions.of_staff(staff.id), keep_token=session_token, now=now)
    remembered_browsers.forget_all(session, staff_user_id=staff.id)
    audit.record(
        session,
        action="staff.password_changed",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="staff_user",
        entity_id=staff.id,
        details={"ip": client_ip, "other_sessions_ended": ended},
    )
    _tell(
        session,
        to=user.email,
        sign_in_help=_("If you did not change it, ask the account owner to lock your account, and change it again."),
    )
    return PasswordChange(done=True)


def sign_out_customer_elsewhere(session: Session, *, customer: CustomerIdentity, session_token: str) -> int:
    """End every session of this login but the one asking; how many ended."""
    require_writable(customer)
    ended = sessions.end_sessions(session, sessions.of_login(customer.login_id), keep_token=session_token, now=utcnow())
    audit.record(
        session,
        action="portal.signed_out_elsewhere",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"sessions_ended": ended},
    )
    return ended


def sign_out_staff_elsewhere(session: Session, *, staff: StaffIdentity, session_token: str) -> int:
    ended = sessions.end_sessions(session, sessions.of_staff(staff.id), keep_token=session_token, now=utcnow())
    remembered_browsers.forget_all(session, staff_user_id=staff.id)  # everywhere: a remembered browser too
    audit.record(
        session,
        action="staff.signed_out_elsewhere",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"sessions_ended": ended},
    )
    return ended
