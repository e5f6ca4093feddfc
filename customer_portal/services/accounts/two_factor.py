"""Two-factor sign-in for office staff, after NIST SP 800-63B (AAL2) and OWASP ASVS V6.

- An authenticator app: TOTP (RFC 6238 with SHA-1, 6 digits and 30-second steps: what every app supports). The
  secret is 160 random bits, sealed with SECRET_KEY. A code counts one step either side of now (phone clocks
  drift) and only once: the step it matched must be later than the last one accepted, checked and recorded in one
  UPDATE, so a code seen over a shoulder or used twice at the same moment signs in at most once.
- Ten recovery codes for a lost phone: 80 random bits each, shown once, stored as salted SHA-256, each good once.
- Every check is throttled as passwords are (throttle.py, keyed on the account's second factor rather than its
  email), and after 100 wrong codes in a row (800-63B 5.2.2) authenticator codes stop working until a recovery
  code or an owner's reset.
- Required for all staff when an owner says so (Settings > Team), and for owners while card payments are
  activated: an owner can change where money goes and refund it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import qrcode  # type: ignore[import-untyped]
import qrcode.image.svg  # type: ignore[import-untyped]
from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from customer_portal.i18n import N_, _
from customer_portal.models import RecoveryCode, SecuritySettings, StaffRole, StaffUser, id_of
from customer_portal.services.accounts import remembered_browsers, throttle
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.payments import payment_settings
from customer_portal.services.secrets_box import open_sealed, seal

RECOVERY_CODE_COUNT = 10
MOST_WRONG_CODES = 100
_DIGITS = re.compile(r"^\d{6}$")

WRONG_CODE = N_("That code did not work. Enter the 6-digit code your authenticator app shows now, or a recovery code.")
TOO_MANY_WRONG = N_(
    "Too many wrong codes: sign in with one of your recovery codes, or ask an owner to reset your two-factor."
)
REQUIRED_FOR_ALL = N_("Your office asks everyone on the team to use two-factor.")
REQUIRED_FOR_OWNERS = N_("Owners use two-factor while card payments are activated.")


@dataclass(frozen=True)
class SetupPrompt:
    """What the page shows to add the account to an authenticator app."""

    secret: str  # to type in by hand, in groups of four
    qr_code: str  # an SVG data: URI of the otpauth:// address


@dataclass(frozen=True)
class CodeCheck:
    passed: bool = False
    refusal: str | None = None  # shown instead of WRONG_CODE
    pause_seconds: float = 0.0  # as for passwords: wait this long in all, then ask again
    used_recovery_code: bool = False


def is_on(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None


def required_for_all(session: Session) -> bool:
    row = session.exec(select(SecuritySettings)).first()
    return row is not None and row.require_staff_two_factor


def why_required(session: Session, user: StaffUser) -> str:
    """Why this staff member must use two-factor, or "" when it is their choice."""
    if required_for_all(session):
        return _(REQUIRED_FOR_ALL)
    if user.role == StaffRole.OWNER and payment_settings.activated(payment_settings.stripe_keys(session)):
        return _(REQUIRED_FOR_OWNERS)
    return ""


def _qr_code(address: str) -> str:
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg: bytes = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def begin_setup(session: Session, *, user: StaffUser, issuer: str) -> SetupPrompt:
    """A new secret, kept sealed until a code from the app confirms it (a setup started again replaces it)."""
    if is_on(user):
        raise ServiceError(_("Two-factor is already on for this account."))
    secret = pyotp.random_base32(32)
    user.totp_pending_secret_sealed = seal(secret)
    session.add(user)
    address = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer or "Customer portal")
    return SetupPrompt(secret=" ".join(re.findall(".{1,4}", secret)), qr_code=_qr_code(address))


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _typed(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()[:40]


def is_app_code(code: str) -> bool:
    """Six digits, as an authenticator app shows them (anything else is taken for a recovery code)."""
    return bool(_DIGITS.match(_typed(code)))


def confirm_setup(session: Session, *, user: StaffUser, code: str, now: datetime) -> list[str]:
    """Turn two-factor on with the code the app shows for the pending secret; the new recovery codes."""
    secret = open_sealed(user.totp_pending_secret_sealed or "")
    if not secret:
        raise ServiceError(_("That setup is no longer open. Start again."))
    step = _matching_step(secret, _typed(code), now) if is_app_code(code) else None
    if step is None:
        raise ValidationFailed({"code": _("That code does not match. Enter the 6-digit code the app shows now.")})
    user.totp_secret_sealed, user.totp_pending_secret_sealed = user.totp_pending_secret_sealed, None
    user.totp_enabled_at, user.totp_last_step, user.second_factor_failures = now, step, 0
    session.add(user)
    return new_recovery_codes(session, user=user, now=now)


def _recovery_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def new_recovery_codes(session: Session, *, user: StaffUser, now: datetime) -> list[str]:
    """Ten fresh codes, replacing any left; the only time anyone sees them."""
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.staff_user_id) == user.id))
    codes = [base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        salt = secrets.token_hex(8)
        session.add(
            RecoveryCode(staff_user_id=id_of(user), salt=salt, code_hash=_recovery_hash(salt, code), created_at=now)
        )
    return ["-".join(re.findall(".{4}", code)) for code in codes]


def recovery_codes_left(session: Session, *, staff_user_id: int) -> int:
    return session.exec(
        select(func.count()).where(RecoveryCode.staff_user_id == staff_user_id, col(RecoveryCode.used_at).is_(None))
    ).one()


def _use_recovery_code(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    unused = session.exec(
        select(RecoveryCode).where(RecoveryCode.staff_user_id == user.id, col(RecoveryCode.used_at).is_(None))
    ).all()
    for row in unused:
        if hmac.compare_digest(row.code_hash, _recovery_hash(row.salt, code)):
            used = session.exec(
                update(RecoveryCode)
                .where(col(RecoveryCode.id) == row.id, col(RecoveryCode.used_at).is_(None))
                .values(used_at=now)
            )
            return used.rowcount == 1  # not when another sign-in used it a moment ago
    return False


def _use_app_code(session: Session, user: StaffUser, code: str, now: datetime) -> bool:
    secret = open_sealed(user.totp_secret_sealed or "")  # None after SECRET_KEY changed: recovery codes still work
    step = _matching_step(secret, code, now) if secret else None
    if step is None:
        return False
    later = session.exec(
        update(StaffUser)
        .where(
            col(StaffUser.id) == user.id,
            or_(col(StaffUser.totp_last_step).is_(None), col(StaffUser.totp_last_step) < step),
        )
        .values(totp_last_step=step)
    )
    return later.rowcount == 1


def verify(
    session: Session, *, user: StaffUser, code: str, client: str, waited_seconds: float, now: datetime
) -> CodeCheck:
    """Check a code from the app or a recovery code, under the throttle; a right one is used up."""
    account = f"second-factor:{user.id}"
    verdict = throttle.before_attempt(session, account=account, client=client, now=now)
    if verdict.refusal is not None:
        return CodeCheck(refusal=verdict.refusal)
    if verdict.pause_seconds > waited_seconds:
        return CodeCheck(pause_seconds=verdict.pause_seconds)
    typed, from_app = _typed(code), is_app_code(code)
    if from_app and user.second_factor_failures >= MOST_WRONG_CODES:
        return CodeCheck(refusal=_(TOO_MANY_WRONG))
    passed = _use_app_code(session, user, typed, now) if from_app else _use_recovery_code(session, user, typed, now)
    throttle.record_outcome(session, account=account, client=client, succeeded=passed, now=now)
    counted = update(StaffUser).where(col(StaffUser.id) == user.id)
    if passed:
        session.exec(counted.values(second_factor_failures=0))
    else:
        session.exec(counted.values(second_factor_failures=col(StaffUser.second_factor_failures) + 1))
    return CodeCheck(passed=passed, used_recovery_code=passed and not from_app)


def remove(session: Session, *, user: StaffUser) -> None:
    """Two-factor off: the secret, the recovery codes and every remembered browser go."""
    user.totp_secret_sealed = user.totp_pending_secret_sealed = None
    user.totp_enabled_at, user.totp_last_step, user.second_factor_failures = None, None, 0
    session.add(user)
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.staff_user_id) == user.id))
    remembered_browsers.forget_all(session, staff_user_id=id_of(user))
