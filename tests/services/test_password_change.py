"""Changing one's own password while signed in, customer and staff: the current password is required and its
wrong guesses are throttled (and counted, though the change is refused); the new one follows the password rules;
a change ends every other session and outstanding link but keeps this device, is audited and emailed; "sign out
of other devices" ends the rest."""

from __future__ import annotations

import pytest
from sqlmodel import select

from customer_portal.models import (
    AuditLogEntry,
    AuthToken,
    OutboxEmail,
    PortalLogin,
    SessionKind,
    SignInThrottle,
    TokenPurpose,
)
from customer_portal.services.accounts import auth_tokens, customer_auth, sessions, staff_auth, view_as_customer
from customer_portal.services.accounts.password_change import (
    NOT_CURRENT,
    TOO_MANY_TRIES,
    NewPassword,
    change_customer_password,
    change_staff_password,
    sign_out_customer_elsewhere,
    sign_out_staff_elsewhere,
)
from customer_portal.services.accounts.passwords import hash_password, verify_password
from customer_portal.services.errors import ServiceError
from tests.factories import STAFF_PASSWORD, make_portal_customer, make_staff

OLD, NEW = "tide-pool-sunrise-9", "kelp-forest-dive-58"


@pytest.fixture
def customer(session):
    """A customer signed in on two devices, with the old password and a reset link outstanding."""
    _, identity, token = make_portal_customer(session, name="Ana Alpha")
    login = session.get(PortalLogin, identity.login_id)
    login.password_hash = hash_password(OLD, cost=4)
    session.add(login)
    other = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=identity.login_id)
    auth_tokens.issue(session, purpose=TokenPurpose.PASSWORD_RESET, customer_email_id=identity.email_id)
    session.commit()
    return identity, token, other


def _change(session, identity, token, current=OLD, new=NEW, again=None):
    result = change_customer_password(
        session,
        customer=identity,
        session_token=token,
        client_ip="198.51.100.7",
        form=NewPassword(current, new, new if again is None else again),
        bcrypt_cost=4,
    )
    session.commit()
    return result


def test_a_customer_changes_their_password_and_only_this_device_stays_signed_in(session, customer):
    identity, token, other = customer
    assert _change(session, identity, token).done
    assert verify_password(NEW, session.get(PortalLogin, identity.login_id).password_hash)
    assert customer_auth.current_customer(session, token=token) is not None
    assert customer_auth.current_customer(session, token=other) is None
    assert session.exec(select(AuthToken.revoked_at)).one() is not None  # the reset link died with the old password
    (notice,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "password_changed")).all()
    assert notice.to_address == identity.email and "/bluewater/forgot-password" in notice.text_body
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "portal.password_changed")).one()
    assert entry.details == {"ip": "198.51.100.7", "other_sessions_ended": 1}


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        ("wrong-guess-1", NEW, None, "current_password", NOT_CURRENT),
        (OLD, "short", None, "password", "Use at least 8 characters."),
        (OLD, "AnaAlpha2026", None, "password", "This password is too easy to guess."),
        (OLD, NEW, NEW + "x", "password_again", "The two passwords are different."),
        (OLD, OLD, None, "password", "That is your current password; choose a new one."),
    ],
)
def test_refused_changes_say_why_and_change_nothing(session, customer, current, new, again, field, message):
    identity, token, other = customer
    result = _change(session, identity, token, current, new, again)
    assert not result.done and result.field_errors[field].startswith(message)
    assert verify_password(OLD, session.get(PortalLogin, identity.login_id).password_hash)
    assert customer_auth.current_customer(session, token=other) is not None


def test_guessing_the_current_password_is_throttled_and_every_guess_counts(session, customer):
    identity, token, _ = customer
    answers = [_change(session, identity, token, current=f"guess-number-{n}").field_errors for n in range(6)]
    assert answers[:5] == [{"current_password": NOT_CURRENT}] * 5
    assert answers[5] == {"current_password": TOO_MANY_TRIES}
    failures = session.exec(select(SignInThrottle.failures).where(SignInThrottle.key == f"account:{identity.email}"))
    assert failures.one() == 5  # committed although each change was refused
    assert _change(session, identity, token).field_errors == {"current_password": TOO_MANY_TRIES}  # even the right one


def test_signing_out_elsewhere_keeps_this_device(session, customer):
    identity, token, other = customer
    assert sign_out_customer_elsewhere(session, customer=identity, session_token=token) == 1
    session.commit()
    assert customer_auth.current_customer(session, token=token) is not None
    assert customer_auth.current_customer(session, token=other) is None
    assert sign_out_customer_elsewhere(session, customer=identity, session_token=token) == 0


def test_the_offices_view_as_customer_cannot_change_anything(session, customer):
    identity, _, _ = customer
    staff = make_staff(session)
    viewing, _ = view_as_customer.start_view(session, staff=staff, customer_email_id=identity.email_id)
    session.commit()
    read_only = customer_auth.current_customer(session, token=viewing)
    with pytest.raises(ServiceError, match="read-only"):
        change_customer_password(
            session, customer=read_only, session_token=viewing, client_ip="x", form=NewPassword(OLD, NEW, NEW)
        )
    with pytest.raises(ServiceError, match="read-only"):
        sign_out_customer_elsewhere(session, customer=read_only, session_token=viewing)


def test_a_staff_member_changes_their_password(session):
    staff = make_staff(session, email="dana@pools.example")
    here = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a").token
    there = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="b").token
    session.commit()
    refused = change_staff_password(
        session, staff=staff, session_token=here, client_ip="a", form=NewPassword("nope-nope-nope", NEW, NEW)
    )
    assert refused.field_errors == {"current_password": NOT_CURRENT}
    changed = change_staff_password(
        session,
        staff=staff,
        session_token=here,
        client_ip="a",
        form=NewPassword(STAFF_PASSWORD, NEW, NEW),
        bcrypt_cost=4,
    )
    session.commit()
    assert changed.done
    assert staff_auth.current_staff(session, token=here) is not None
    assert staff_auth.current_staff(session, token=there) is None
    assert staff_auth.sign_in(session, email=staff.email, password=NEW, client_ip="c").token
    session.commit()
    assert sign_out_staff_elsewhere(session, staff=staff, session_token=here) == 1
    assert session.exec(select(OutboxEmail.to_address).where(OutboxEmail.template == "password_changed")).all() == [
        "dana@pools.example"
    ]
