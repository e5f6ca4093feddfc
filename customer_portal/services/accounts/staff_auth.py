"""Staff accounts: create, sign in (with the second factor, two_factor.py), resolve a session, sign out, and the
role checks every handler uses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.i18n import N_, _
from customer_portal.models import AuditActor, SessionKind, StaffRole, StaffUser, TokenPurpose, id_of
from customer_portal.services.accounts import (
    auth_tokens,
    remembered_browsers,
    sessions,
    throttle,
    two_factor,
    two_factor_notices,
)
from customer_portal.services.accounts.password_policy import new_password_problem
from customer_portal.services.accounts.passwords import BCRYPT_COST, hash_password
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed

# The same words whether the email is unknown, the password wrong or the account disabled.
SIGN_IN_REFUSED = N_("That email and password do not match an account.")
CHALLENGE_ENDED = N_("That sign-in has ended (it waits 10 minutes for the code). Enter your email and password again.")


@dataclass(frozen=True)
class SignInResult:
    token: str | None = None
    identity: StaffIdentity | None = None
    error: str | None = None
    pause_seconds: float = 0.0  # wait this long in all, then try again (see throttle)
    # The password was right and a second factor comes next: this single-use challenge stands for the password
    # until then (10 minutes). `must_set_up`: two-factor is required and not set up yet, so setting it up is the step.
    challenge: str | None = None
    must_set_up: bool = False
    recovery_codes: tuple[str, ...] = ()  # set up during this sign-in: shown once


def _identity(user: StaffUser) -> StaffIdentity:
    return StaffIdentity(id=id_of(user), email=user.email, name=user.name or user.email, role=user.role)


def create_staff_user(
    session: Session,
    *,
    email: str,
    password: str,
    name: str = "",
    role: StaffRole = StaffRole.OWNER,
    bcrypt_cost: int = BCRYPT_COST,
) -> StaffIdentity:
    try:
        address = normalize_email(email)
    except InvalidEmail as error:
        raise ValidationFailed({"email": str(error)}) from error
    if problem := new_password_problem(password, email=address, known_words=[name]):
        raise ValidationFailed({"password": problem})
    if session.exec(select(StaffUser).where(StaffUser.email == address)).first():
        raise ValidationFailed({"email": _("A staff account with this email already exists.")})
    user = StaffUser(
        email=address, name=name.strip(), role=role, password_hash=hash_password(password, cost=bcrypt_cost)
    )
    session.add(user)
    session.flush()
    audit.record(session, action="staff.created", actor=AuditActor.SYSTEM, entity_type="staff_user", entity_id=user.id)
    return _identity(user)


def _signed_in(
    session: Session, user: StaffUser, *, client_ip: str, now: datetime, second_factor: str = "", remember: bool = False
) -> SignInResult:
    """Start the session; `second_factor` says which one was passed ("" for none)."""
    user.last_sign_in_at = now
    session.add(user)
    token = sessions.start_session(
        session,
        kind=SessionKind.STAFF,
        staff_user_id=id_of(user),
        client_ip=client_ip,
        now=now,
        second_factor=bool(second_factor),
        remember_browser=remember,
    )
    details = {"ip": client_ip} | ({"second_factor": second_factor} if second_factor else {})
    audit.record(
        session,
        action="staff.signed_in",
        actor=AuditActor.STAFF,
        staff_user_id=user.id,
        actor_label=user.email,
        details=details,
    )
    return SignInResult(token=token, identity=_identity(user))


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    client_ip: str,
    remembered_browser: str = "",
    waited_seconds: float = 0.0,
    now: datetime | None = None,
) -> SignInResult:
    """Check a password (slow: bcrypt), apply throttling and start a session on success, or ask for the second
    factor when the account has one or needs one (a browser it remembers skips the code). When the throttle asks
    for a pause longer than `waited_seconds`, nothing is checked and the answer says how long."""
    now = now or utcnow()
    address = (email or "").strip().lower()
    user = session.exec(select(StaffUser).where(StaffUser.email == address)).first() if address else None
    usable = user if user is not None and user.is_active else None
    check = throttle.checked_password(
        session,
        account=address,
        client=client_ip,
        password=password,
        password_hash=usable.password_hash if usable else None,
        waited_seconds=waited_seconds,
        now=now,
    )
    if check.pause_seconds:
        return SignInResult(pause_seconds=check.pause_seconds)
    if not check.passed or usable is None:  # (a check passes only against a stored hash)
        return SignInResult(error=check.refusal or _(SIGN_IN_REFUSED))

    user = usable
    if two_factor.is_on(user):
        if remembered_browsers.is_remembered(session, staff_user_id=id_of(user), token=remembered_browser, now=now):
            return _signed_in(session, user, client_ip=client_ip, now=now, second_factor="remembered browser")
    elif not two_factor.why_required(session, user):
        return _signed_in(session, user, client_ip=client_ip, now=now)
    challenge = auth_tokens.issue_for_staff(
        session, staff_user_id=id_of(user), purpose=TokenPurpose.SECOND_FACTOR, now=now
    )
    return SignInResult(challenge=challenge, must_set_up=not two_factor.is_on(user))


def _challenged(session: Session, challenge: str, now: datetime) -> StaffUser:
    """The staff member whose password a live challenge stands for."""
    link = auth_tokens.check_staff(session, token=challenge, purpose=TokenPurpose.SECOND_FACTOR, now=now)
    user = session.get(StaffUser, link.staff_user_id) if link.problem is None and link.staff_user_id else None
    if user is None or not user.is_active:
        raise ServiceError(_(CHALLENGE_ENDED))
    return user


def _use_challenge(session: Session, challenge: str, now: datetime) -> None:
    if auth_tokens.redeem_staff(session, token=challenge, purpose=TokenPurpose.SECOND_FACTOR, now=now) is None:
        raise ServiceError(_(CHALLENGE_ENDED))  # another tab finished this sign-in a moment ago


def finish_sign_in(
    session: Session,
    *,
    challenge: str,
    code: str,
    remember: bool,
    client_ip: str,
    waited_seconds: float = 0.0,
    now: datetime | None = None,
) -> SignInResult:
    """The second step: a code from the authenticator app or a recovery code. ServiceError when the challenge
    has ended (the password must be entered again)."""
    now = now or utcnow()
    user = _challenged(session, challenge, now)
    check = two_factor.verify(session, user=user, code=code, client=client_ip, waited_seconds=waited_seconds, now=now)
    if check.pause_seconds:
        return SignInResult(pause_seconds=check.pause_seconds)
    if not check.passed:
        return SignInResult(error=check.refusal or _(two_factor.WRONG_CODE))
    _use_challenge(session, challenge, now)
    if check.used_recovery_code:
        two_factor_notices.recovery_code_used(session, user=user)
    how = "recovery code" if check.used_recovery_code else "authenticator app"
    return _signed_in(session, user, client_ip=client_ip, now=now, second_factor=how, remember=remember)


def begin_setup_at_sign_in(session: Session, *, challenge: str) -> two_factor.SetupPrompt:
    """Two-factor is required and not set up: a secret for the app, held until a code confirms it."""
    user = _challenged(session, challenge, utcnow())
    return two_factor.begin_setup(session, user=user, issuer=get_company(session).name)


def finish_setup_at_sign_in(
    session: Session, *, challenge: str, code: str, client_ip: str, now: datetime | None = None
) -> SignInResult:
    """A right code from the new app turns two-factor on and signs in; the recovery codes come back once."""
    now = now or utcnow()
    user = _challenged(session, challenge, now)
    codes = two_factor.confirm_setup(session, user=user, code=code, now=now)
    _use_challenge(session, challenge, now)
    audit.by_staff(session, _identity(user), "staff.two_factor_on", entity_type="staff_user", entity_id=user.id)
    two_factor_notices.turned_on(session, user=user)
    result = _signed_in(session, user, client_ip=client_ip, now=now, second_factor="authenticator app")
    return replace(result, recovery_codes=tuple(codes))


def current_staff(session: Session, *, token: str, now: datetime | None = None) -> StaffIdentity | None:
    """The staff member a session token belongs to, or None when it is missing, expired or revoked, or when it
    signed in without a second factor that is now required (an owner just made it so, or activated payments)."""
    row = sessions.find_live_session(session, token=token, kind=SessionKind.STAFF, now=now)
    if row is None or row.staff_user_id is None or row.viewing_customer_email_id is not None:
        return None  # a "view as customer" session opens the portal read-only, never the office
    user = session.get(StaffUser, row.staff_user_id)
    if user is None or not user.is_active:
        return None
    if row.second_factor_at is None and two_factor.why_required(session, user):
        return None
    return _identity(user)


def require_staff(session: Session, *, token: str, owner_only: bool = False) -> StaffIdentity:
    """The guard every protected staff handler calls first."""
    identity = current_staff(session, token=token)
    if identity is None:
        raise NotAuthorized()
    if owner_only and not identity.is_owner:
        raise NotAuthorized(_("Only the account owner can do this."))
    return identity


def sign_out(session: Session, *, token: str) -> None:
    sessions.revoke_session(session, token=token)
