"""The email a staff member gets whenever their second factor changes or a recovery code is spent, so a
change they did not make does not go unnoticed (ASVS V6: notify on authenticator changes)."""

from __future__ import annotations

from sqlmodel import Session

from customer_portal.i18n import N_, _
from customer_portal.models import StaffUser, id_of
from customer_portal.services.accounts import two_factor
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import EmailContent

_NOT_YOU = N_("If this was not you, tell an owner at once: they can reset your two-factor and your password.")


def _tell(session: Session, user: StaffUser, *, subject: str, what: str) -> None:
    send_from_company(
        session,
        to=user.email,
        template="two_factor_changed",
        content=EmailContent(
            subject=subject,
            heading=subject,
            paragraphs=(_("Hi {name},").format(name=user.name or user.email), what, _(_NOT_YOU)),
        ),
    )


def turned_on(session: Session, *, user: StaffUser) -> None:
    _tell(
        session,
        user,
        subject=_("Two-factor is on for your office login"),
        what=_("Signing in now takes your password and a code from your authenticator app (or a recovery code)."),
    )


def turned_off(session: Session, *, user: StaffUser, how: str) -> None:
    """`how`: who did it, as the email's first words ("You turned two-factor off", "Dana (an owner) reset it")."""
    _tell(
        session,
        user,
        subject=_("Two-factor is off for your office login"),
        what=_(
            "{how}: your authenticator app and recovery codes no longer work for your login, and every browser that "
            "was remembered must sign in again."
        ).format(how=how),
    )


def recovery_code_used(session: Session, *, user: StaffUser) -> None:
    left = two_factor.recovery_codes_left(session, staff_user_id=id_of(user))
    _tell(
        session,
        user,
        subject=_("A recovery code was used to sign in"),
        what=_(
            "Someone signed in to your office login with one of your recovery codes; {count} are left. Make new ones "
            "in My account if you are running low."
        ).format(count=left),
    )


def new_recovery_codes(session: Session, *, user: StaffUser) -> None:
    _tell(
        session,
        user,
        subject=_("New recovery codes for your office login"),
        what=_("New recovery codes were made for your login; the old ones no longer work."),
    )
