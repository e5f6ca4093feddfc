"""A staff member's own two-factor, from My account: set it up, make new recovery codes, turn it off (not while it
is required). Each change is audited and emailed to them; what it takes follows ASVS V6: a code from the app to
make new recovery codes, the password to turn it off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from customer_portal.domain.clock import utcnow
from customer_portal.i18n import _
from customer_portal.models import StaffUser, referenced
from customer_portal.services.accounts import sessions, two_factor, two_factor_notices
from customer_portal.services.accounts.password_change import current_password_problem
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.errors import ServiceError, ValidationFailed


@dataclass(frozen=True)
class TwoFactorStatus:
    on: bool
    required: str  # why it cannot be turned off, or ""
    recovery_codes_left: int


def status(session: Session, *, staff: StaffIdentity) -> TwoFactorStatus:
    user = referenced(session, StaffUser, staff.id)
    return TwoFactorStatus(
        on=two_factor.is_on(user),
        required=two_factor.why_required(session, user),
        recovery_codes_left=two_factor.recovery_codes_left(session, staff_user_id=staff.id),
    )


def begin_setup(session: Session, *, staff: StaffIdentity) -> two_factor.SetupPrompt:
    user = referenced(session, StaffUser, staff.id)
    return two_factor.begin_setup(session, user=user, issuer=get_company(session).name)


def confirm_setup(session: Session, *, staff: StaffIdentity, code: str, session_token: str) -> list[str]:
    """Two-factor on; the recovery codes, shown once. The code just proved the phone, so the session asking counts
    as signed in with two-factor (it stays open when two-factor becomes required)."""
    now = utcnow()
    user = referenced(session, StaffUser, staff.id)
    codes = two_factor.confirm_setup(session, user=user, code=code, now=now)
    sessions.record_second_factor(session, token=session_token, now=now)
    audit.by_staff(session, staff, "staff.two_factor_on", entity_type="staff_user", entity_id=staff.id)
    two_factor_notices.turned_on(session, user=user)
    return codes


def new_recovery_codes(session: Session, *, staff: StaffIdentity, code: str, client_ip: str) -> list[str]:
    """Ten new codes in place of the old, for a code from the app (proof the phone is still theirs)."""
    now = utcnow()
    user = referenced(session, StaffUser, staff.id)
    if not two_factor.is_on(user):
        raise ServiceError(_("Two-factor is off for your login."))
    wanted = _("Enter the 6-digit code your authenticator app shows now.")
    if not two_factor.is_app_code(code):
        raise ValidationFailed({"code": wanted})
    check = two_factor.verify(session, user=user, code=code, client=client_ip, waited_seconds=0, now=now)
    if not check.passed:
        raise ValidationFailed({"code": check.refusal or wanted})
    codes = two_factor.new_recovery_codes(session, user=user, now=now)
    audit.by_staff(session, staff, "staff.recovery_codes_renewed", entity_type="staff_user", entity_id=staff.id)
    two_factor_notices.new_recovery_codes(session, user=user)
    return codes


def turn_off(session: Session, *, staff: StaffIdentity, password: str, client_ip: str) -> None:
    user = referenced(session, StaffUser, staff.id)
    if why := two_factor.why_required(session, user):
        raise ServiceError(_("{why} It cannot be turned off.").format(why=why))
    problem = current_password_problem(
        session,
        account=user.email,
        client_ip=client_ip,
        stored_hash=user.password_hash,
        password=password,
        now=utcnow(),
    )
    if problem:
        raise ValidationFailed({"current_password": problem})
    two_factor.remove(session, user=user)
    audit.by_staff(session, staff, "staff.two_factor_off", entity_type="staff_user", entity_id=staff.id)
    two_factor_notices.turned_off(session, user=user, how=_("You turned two-factor off"))
