"""The office team, run by its owners (Settings > Team): invite a staff member by email, change a role,
deactivate and reactivate; and the invited person joining by setting a password.

An invitation is the customer invite's design for staff: a single-use link that expires (72 hours), stored as a
hash, sent through the outbox; a newer one replaces it. Until they join, the member has no password and cannot
sign in. Deactivating ends every session at once and blocks signing in; the audit history stays. There is always
at least one active owner: the last one can be neither demoted nor deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.i18n import N_, _
from customer_portal.models import (
    AuditActor,
    AuthToken,
    SecuritySettings,
    SessionKind,
    StaffRole,
    StaffUser,
    TokenPurpose,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.accounts import auth_tokens, remembered_browsers, sessions, two_factor, two_factor_notices
from customer_portal.services.accounts.password_policy import new_password_errors
from customer_portal.services.accounts.passwords import BCRYPT_COST, hash_password
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import local_moment
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, EmailContent
from customer_portal.settings import settings

ROLE_LABELS = {StaffRole.OWNER: "Owner", StaffRole.OFFICE: "Office"}
LAST_OWNER = N_("The team needs at least one active owner: make someone else an owner first.")
INVITE_PROBLEMS = {
    auth_tokens.LinkProblem.UNKNOWN: N_("This invitation link is not valid. Ask the owner to send a new one."),
    auth_tokens.LinkProblem.EXPIRED: N_("This invitation has expired (it works for 72 hours). Ask for a new one."),
    auth_tokens.LinkProblem.USED: N_("This invitation has already been used. Sign in, or ask the owner for a new one."),
}


@dataclass(frozen=True)
class TeamMember:
    id: int
    name: str
    email: str
    role: str  # StaffRole's value
    status: str  # "active", "invited" or "deactivated"
    last_sign_in: str  # "Dec 7, 2026, 9:40 AM" or ""
    is_you: bool = False
    two_factor: bool = False


def _owner_only(staff: StaffIdentity) -> None:
    if not staff.is_owner:
        raise NotAuthorized(_("Only an owner can manage the team."))


def _status(user: StaffUser) -> str:
    if not user.is_active:
        return "deactivated"
    return "active" if user.password_hash else "invited"


def team(session: Session, *, staff: StaffIdentity) -> list[TeamMember]:
    _owner_only(staff)
    users = session.exec(
        select(StaffUser).order_by(col(StaffUser.is_active).desc(), col(StaffUser.name), id_column(StaffUser))
    )
    return [
        TeamMember(
            id_of(user),
            user.name or user.email,
            user.email,
            user.role.value,
            _status(user),
            local_moment(session, user.last_sign_in_at) if user.last_sign_in_at else "",
            user.id == staff.id,
            two_factor.is_on(user),
        )
        for user in users
    ]


def _member(session: Session, member_id: int) -> StaffUser:
    """The member, locked: two owners changing the team at once take turns (the last-owner rule needs it)."""
    user = session.exec(select(StaffUser).where(StaffUser.id == member_id).with_for_update()).first()
    if user is None:
        raise ServiceError(_("That team member does not exist."))
    return user


def _other_active_owners(session: Session, user: StaffUser) -> int:
    owners = session.exec(
        select(StaffUser)
        .where(StaffUser.role == StaffRole.OWNER, col(StaffUser.is_active), StaffUser.password_hash != "")
        .with_for_update()
    ).all()
    return sum(1 for owner in owners if owner.id != user.id)


def _audit(session: Session, staff: StaffIdentity, action: str, user: StaffUser, **details: object) -> None:
    audit.by_staff(session, staff, action, entity_type="staff_user", entity_id=user.id, email=user.email, **details)


def _send_invite(session: Session, user: StaffUser, staff: StaffIdentity) -> None:
    token = auth_tokens.issue_for_staff(session, staff_user_id=id_of(user), purpose=TokenPurpose.STAFF_INVITE)
    company = get_company(session).name or _("the office")
    send_from_company(
        session,
        to=user.email,
        template="staff_invite",
        content=EmailContent(
            subject=_("{name} invited you to {company}'s office").format(name=staff.name, company=company),
            heading=_("Join the office"),
            paragraphs=(
                _("Hi {name},").format(name=user.name or user.email),
                _(
                    "{name} invited you to {company}'s customer portal office as {role}. Choose a password to join; "
                    "the link works for 72 hours, once."
                ).format(name=staff.name, company=company, role=_(ROLE_LABELS[user.role]).lower()),
            ),
            button=Button(_("Choose a password and join"), f"{settings.public_url}{routes.STAFF_JOIN}?token={token}"),
        ),
    )


def invite(session: Session, *, staff: StaffIdentity, email: str, name: str, role: str) -> None:
    _owner_only(staff)
    errors: dict[str, str] = {}
    try:
        address = normalize_email(email)
    except InvalidEmail as error:
        errors["email"], address = str(error), ""
    if not name.strip():
        errors["name"] = _("Enter their name, as the team knows them.")
    elif len(name.strip()) > 200:
        errors["name"] = _("Use at most 200 characters.")
    if role not in {member.value for member in StaffRole}:
        errors["role"] = _("Choose owner or office.")
    existing = session.exec(select(StaffUser).where(StaffUser.email == address)).first() if address else None
    if existing is not None:
        errors["email"] = (
            _("They are on the team already.")
            if existing.is_active
            else _("They were deactivated: reactivate them below.")
        )
    if errors:
        raise ValidationFailed(errors)
    user = StaffUser(email=address, name=name.strip(), role=StaffRole(role), password_hash="")
    session.add(user)
    session.flush()
    _audit(session, staff, "staff.invited", user, role=role)
    _send_invite(session, user, staff)


def resend_invite(session: Session, *, staff: StaffIdentity, member_id: int) -> None:
    _owner_only(staff)
    user = _member(session, member_id)
    if _status(user) != "invited":
        raise ServiceError(_("Only someone who has not joined yet can be invited again."))
    _audit(session, staff, "staff.invite_resent", user)
    _send_invite(session, user, staff)


def change_role(session: Session, *, staff: StaffIdentity, member_id: int, role: str) -> None:
    _owner_only(staff)
    if role not in {member.value for member in StaffRole}:
        raise ServiceError(_("Choose owner or office."))
    user = _member(session, member_id)
    if user.role == StaffRole.OWNER and role != StaffRole.OWNER and not _other_active_owners(session, user):
        raise ServiceError(_(LAST_OWNER))
    before, user.role = user.role, StaffRole(role)
    session.add(user)
    _audit(session, staff, "staff.role_changed", user, role_before=before.value, role=role)


def deactivate(session: Session, *, staff: StaffIdentity, member_id: int) -> None:
    """They cannot sign in, and every session of theirs ends now (any open page of theirs stops at its next step)."""
    _owner_only(staff)
    user = _member(session, member_id)
    if user.id == staff.id:
        raise ServiceError(_("You cannot deactivate yourself; another owner can."))
    if not user.is_active:
        return
    if user.role == StaffRole.OWNER and not _other_active_owners(session, user):
        raise ServiceError(_(LAST_OWNER))
    now = utcnow()
    user.is_active = False
    session.add(user)
    sessions.end_sessions(session, sessions.of_staff(user.id), now=now)
    remembered_browsers.forget_all(session, staff_user_id=id_of(user))
    session.exec(  # an outstanding invite or reset link dies too
        update(AuthToken)
        .where(col(AuthToken.staff_user_id) == user.id, col(AuthToken.used_at).is_(None))
        .values(revoked_at=now)
    )
    _audit(session, staff, "staff.deactivated", user)


def reactivate(session: Session, *, staff: StaffIdentity, member_id: int) -> None:
    _owner_only(staff)
    user = _member(session, member_id)
    if user.is_active:
        return
    user.is_active = True
    session.add(user)
    _audit(session, staff, "staff.reactivated", user)
    if not user.password_hash:
        _send_invite(session, user, staff)


def check_invite(session: Session, *, token: str) -> auth_tokens.LinkCheck:
    return auth_tokens.check_staff(session, token=token, purpose=TokenPurpose.STAFF_INVITE)


def join(session: Session, *, token: str, password: str, password_again: str, client_ip: str) -> str | None:
    """From an invitation: set the password and sign in. Returns the new session's token, or None when two-factor
    is required (the person signs in next and sets it up on the way)."""
    now = utcnow()
    link = check_invite(session, token=token)
    if link.problem is not None:
        raise ServiceError(_(INVITE_PROBLEMS[link.problem]))
    user = session.exec(select(StaffUser).where(StaffUser.email == link.email)).one()
    if not user.is_active:
        raise ServiceError(_(INVITE_PROBLEMS[auth_tokens.LinkProblem.UNKNOWN]))
    if errors := new_password_errors(password, password_again, email=user.email, known_words=[user.name]):
        raise ValidationFailed(errors)
    if auth_tokens.redeem_staff(session, token=token, purpose=TokenPurpose.STAFF_INVITE, now=now) is None:
        raise ServiceError(_(INVITE_PROBLEMS[auth_tokens.LinkProblem.USED]))
    user.password_hash, user.password_changed_at, user.last_sign_in_at = (
        hash_password(password, cost=BCRYPT_COST),
        now,
        now,
    )
    session.add(user)
    audit.record(
        session,
        action="staff.joined",
        actor=AuditActor.STAFF,
        staff_user_id=user.id,
        actor_label=user.email,
        entity_type="staff_user",
        entity_id=user.id,
        details={"ip": client_ip},
    )
    if two_factor.why_required(session, user):
        return None  # the office asks for two-factor: they set it up as they sign in
    return sessions.start_session(
        session, kind=SessionKind.STAFF, staff_user_id=id_of(user), client_ip=client_ip, now=now
    )


def two_factor_required(session: Session, *, staff: StaffIdentity) -> bool:
    _owner_only(staff)
    return two_factor.required_for_all(session)


def require_two_factor(session: Session, *, staff: StaffIdentity, required: bool) -> None:
    """Two-factor for everyone on the team, or each one's choice (owners still need it while payments are on).
    Anyone signed in without it is signed out at their next step and sets it up when signing in again."""
    _owner_only(staff)
    if required and not two_factor.is_on(referenced(session, StaffUser, staff.id)):
        raise ServiceError(_("Turn on two-factor for yourself first, in My account: otherwise this signs you out too."))
    row = session.exec(select(SecuritySettings)).first() or SecuritySettings()
    if row.require_staff_two_factor == required:
        return
    row.require_staff_two_factor, row.updated_at, row.updated_by_staff_id = required, utcnow(), staff.id
    session.add(row)
    audit.by_staff(session, staff, "team.two_factor_required" if required else "team.two_factor_optional")


def _reset_two_factor(session: Session, user: StaffUser, *, how: str) -> None:
    two_factor.remove(session, user=user)
    sessions.end_sessions(session, sessions.of_staff(user.id), now=utcnow())
    two_factor_notices.turned_off(session, user=user, how=how)


def reset_two_factor(session: Session, *, staff: StaffIdentity, member_id: int) -> None:
    """For a member who lost their phone and their recovery codes: two-factor off, their sessions and remembered
    browsers ended. If it is required they set it up again when they next sign in."""
    _owner_only(staff)
    user = _member(session, member_id)
    if user.id == staff.id:
        raise ServiceError(_("Change your own two-factor in My account."))
    if not two_factor.is_on(user):
        raise ServiceError(_("Two-factor is not on for them."))
    _reset_two_factor(session, user, how=_("{name} (an owner) reset two-factor").format(name=staff.name))
    _audit(session, staff, "staff.two_factor_reset", user)


def reset_two_factor_from_the_server(session: Session, *, email: str) -> None:
    """`cli reset-two-factor`: for when no owner can (the only owner lost both phone and recovery codes); whoever
    runs it already holds the server."""
    user = session.exec(select(StaffUser).where(StaffUser.email == (email or "").strip().lower())).first()
    if user is None:
        raise ServiceError(_("No staff account has that email."))
    if not two_factor.is_on(user):
        raise ServiceError(_("Two-factor is not on for that account."))
    _reset_two_factor(session, user, how=_("Two-factor was reset from the server's command line"))
    audit.record(
        session,
        action="staff.two_factor_reset",
        actor=AuditActor.SYSTEM,
        actor_label="command line",
        entity_type="staff_user",
        entity_id=user.id,
        details={"email": user.email},
    )
