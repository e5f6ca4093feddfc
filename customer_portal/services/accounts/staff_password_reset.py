"""A staff member who forgot their password: a 60-minute, single-use link by email (the same design and the same
guarantees as a customer's: the same answer for an unknown email, at most three an hour), and the new password
set from it, which ends every session of the account."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.i18n import N_, _
from customer_portal.models import AuditActor, AuthToken, StaffUser, TokenPurpose, id_of
from customer_portal.services.accounts import auth_tokens, remembered_browsers, sessions
from customer_portal.services.accounts.password_policy import new_password_errors
from customer_portal.services.accounts.passwords import hash_password
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, EmailContent
from customer_portal.settings import settings

RESETS_PER_HOUR = 3


def request_password_reset(session: Session, *, email: str, now: datetime | None = None) -> None:
    """Email an active staff member a 60-minute, single-use link; say nothing either way (the page gives the same
    answer for an unknown email). At most 3 an hour per account, so the form cannot flood a mailbox."""
    now = now or utcnow()
    address = (email or "").strip().lower()
    user = session.exec(select(StaffUser).where(StaffUser.email == address)).first() if address else None
    if user is None or not user.is_active:
        return
    recent = session.exec(
        select(func.count()).where(
            AuthToken.staff_user_id == user.id,
            AuthToken.purpose == TokenPurpose.STAFF_PASSWORD_RESET,
            AuthToken.created_at > now - timedelta(hours=1),
        )
    ).one()
    if recent >= RESETS_PER_HOUR:
        return
    token = auth_tokens.issue_for_staff(session, staff_user_id=id_of(user), now=now)
    link = f"{settings.public_url}{routes.STAFF_RESET_PASSWORD}?token={token}"
    send_from_company(
        session,
        to=user.email,
        template="staff_password_reset",
        content=EmailContent(
            subject=_("Reset your office password"),
            heading=_("Choose a new password"),
            paragraphs=(
                _("Hi {name},").format(name=user.name or user.email),
                _(
                    "Someone (we hope you) asked to reset the password of your office login. The link works for 60 "
                    "minutes, once."
                ),
            ),
            button=Button(_("Choose a new password"), link),
            closing=(_("If you did not ask, ignore this email; your password stays as it is."),),
        ),
    )


def reset_password(session: Session, *, token: str, password: str, password_again: str, client_ip: str) -> None:
    """From a reset link: the new password, every session of the account ended (the person signs in again)."""
    now = utcnow()
    link = auth_tokens.check_staff(session, token=token, now=now)
    if link.problem is not None:
        raise ServiceError(_(RESET_LINK_PROBLEMS[link.problem]))
    user = session.exec(select(StaffUser).where(StaffUser.email == link.email)).one()
    if errors := new_password_errors(password, password_again, email=user.email, known_words=[user.name]):
        raise ValidationFailed(errors)
    if auth_tokens.redeem_staff(session, token=token, now=now) is None:  # used a moment ago
        raise ServiceError(_(RESET_LINK_PROBLEMS[auth_tokens.LinkProblem.USED]))
    user.password_hash, user.password_changed_at = hash_password(password), now
    session.add(user)
    sessions.end_sessions(session, sessions.of_staff(user.id), now=now)
    remembered_browsers.forget_all(session, staff_user_id=id_of(user))
    audit.record(
        session,
        action="staff.password_reset",
        actor=AuditActor.STAFF,
        staff_user_id=user.id,
        actor_label=user.email,
        entity_type="staff_user",
        entity_id=user.id,
        details={"ip": client_ip},
    )


RESET_LINK_PROBLEMS = {
    auth_tokens.LinkProblem.UNKNOWN: N_("This link is not valid. Ask for a new one below."),
    auth_tokens.LinkProblem.EXPIRED: N_("This link has expired (links work for 60 minutes). Ask for a new one below."),
    auth_tokens.LinkProblem.USED: N_("This link has already been used. Ask for a new one below if you need to."),
}
