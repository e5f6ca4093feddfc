"""Staff accounts: create, sign in, resolve a session, sign out, and the role checks every handler uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.models import AuditActor, SessionKind, StaffRole, StaffUser, id_of
from customer_portal.services.accounts import sessions, throttle
from customer_portal.services.accounts.password_policy import new_password_problem
from customer_portal.services.accounts.passwords import BCRYPT_COST, hash_password
from customer_portal.services.company import audit
from customer_portal.services.errors import NotAuthorized, ValidationFailed

# The same words whether the email is unknown, the password wrong or the account disabled.
SIGN_IN_REFUSED = "That email and password do not match an account."


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    email: str
    name: str
    role: StaffRole

    @property
    def is_owner(self) -> bool:
        return self.role == StaffRole.OWNER


@dataclass(frozen=True)
class SignInResult:
    token: str | None = None
    identity: StaffIdentity | None = None
    error: str | None = None
    pause_seconds: float = 0.0  # wait this long in all, then try again (see throttle)


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
        raise ValidationFailed({"email": "A staff account with this email already exists."})
    user = StaffUser(
        email=address, name=name.strip(), role=role, password_hash=hash_password(password, cost=bcrypt_cost)
    )
    session.add(user)
    session.flush()
    audit.record(session, action="staff.created", actor=AuditActor.SYSTEM, entity_type="staff_user", entity_id=user.id)
    return _identity(user)


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    client_ip: str,
    waited_seconds: float = 0.0,
    now: datetime | None = None,
) -> SignInResult:
    """Check a password (slow: bcrypt), apply throttling and start a session on success. When the throttle
    asks for a pause longer than `waited_seconds`, nothing is checked and the answer says how long."""
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
        return SignInResult(error=check.refusal or SIGN_IN_REFUSED)

    user = usable
    user.last_sign_in_at = now
    session.add(user)
    token = sessions.start_session(
        session, kind=SessionKind.STAFF, staff_user_id=id_of(user), client_ip=client_ip, now=now
    )
    audit.record(
        session,
        action="staff.signed_in",
        actor=AuditActor.STAFF,
        staff_user_id=user.id,
        actor_label=user.email,
        details={"ip": client_ip},
    )
    return SignInResult(token=token, identity=_identity(user))


def current_staff(session: Session, *, token: str, now: datetime | None = None) -> StaffIdentity | None:
    """The staff member a session token belongs to, or None when it is missing, expired or revoked."""
    row = sessions.find_live_session(session, token=token, kind=SessionKind.STAFF, now=now)
    if row is None or row.staff_user_id is None or row.viewing_customer_email_id is not None:
        return None  # a "view as customer" session opens the portal read-only, never the office
    user = session.get(StaffUser, row.staff_user_id)
    if user is None or not user.is_active:
        return None
    return _identity(user)


def require_staff(session: Session, *, token: str, owner_only: bool = False) -> StaffIdentity:
    """The guard every protected staff handler calls first."""
    identity = current_staff(session, token=token)
    if identity is None:
        raise NotAuthorized()
    if owner_only and not identity.is_owner:
        raise NotAuthorized("Only the account owner can do this.")
    return identity


def sign_out(session: Session, *, token: str) -> None:
    sessions.revoke_session(session, token=token)
