"""A staff member who forgot their password: the same answer for any email, at most three links an hour, each
link 60 minutes and single use (a newer one replaces it), the new password follows the rules, and setting it ends
every session of the account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.models import AuditLogEntry, OutboxEmail, StaffUser, TokenPurpose
from customer_portal.services.accounts import auth_tokens, staff_auth, staff_password_reset
from customer_portal.services.accounts.passwords import verify_password
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import STAFF_PASSWORD, make_portal_customer, make_staff

NEW = "kelp-forest-dive-58"


@pytest.fixture
def dana(session):
    staff = make_staff(session, email="dana@pools.example")
    signed_in = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a").token
    session.commit()
    return staff, signed_in


def _ask(session, email: str) -> None:
    staff_password_reset.request_password_reset(session, email=email)
    session.commit()


def _link_tokens(session) -> list[str]:
    mails = session.exec(
        select(OutboxEmail.text_body).where(OutboxEmail.template == "staff_password_reset").order_by(OutboxEmail.id)
    )
    return [re.search(r"token=([\w-]+)", body).group(1) for body in mails]


def _reset(session, token, password=NEW, again=None):
    staff_password_reset.reset_password(
        session, token=token, password=password, password_again=password if again is None else again, client_ip="b"
    )
    session.commit()


def test_a_link_by_email_sets_a_new_password_and_ends_every_session(session, dana):
    staff, signed_in = dana
    _ask(session, "  DANA@pools.example ")
    (token,) = _link_tokens(session)
    (email,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "staff_password_reset")).all()
    assert email.to_address == staff.email and f"{routes.STAFF_RESET_PASSWORD}?token=" in email.text_body
    assert auth_tokens.check_staff(session, token=token).email == staff.email
    _reset(session, token)
    assert verify_password(NEW, session.get(StaffUser, staff.id).password_hash)
    assert staff_auth.current_staff(session, token=signed_in) is None  # signed out everywhere
    assert staff_auth.sign_in(session, email=staff.email, password=NEW, client_ip="c").token
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "staff.password_reset")).one()
    with pytest.raises(ServiceError, match="already been used"):
        _reset(session, token, password="coral-reef-swim-31")


def test_unknown_inactive_or_customer_emails_get_nothing_and_the_same_answer(session, dana):
    staff, _ = dana
    _, customer, _ = make_portal_customer(session, name="Ana Alpha")
    user = session.get(StaffUser, staff.id)
    user.is_active = False
    session.add(user)
    session.commit()
    for address in ("nobody@pools.example", staff.email, customer.email, ""):
        _ask(session, address)  # returns the same nothing
    assert _link_tokens(session) == []


def test_at_most_three_links_an_hour_and_a_newer_one_replaces_the_older(session, dana):
    staff, _ = dana
    for _ in range(5):
        _ask(session, staff.email)
    tokens = _link_tokens(session)
    assert len(tokens) == 3
    with pytest.raises(ServiceError, match="already been used"):
        _reset(session, tokens[0])
    _reset(session, tokens[-1])


def test_a_link_lasts_sixty_minutes(session, dana):
    staff, _ = dana
    token = auth_tokens.issue_for_staff(session, staff_user_id=staff.id, now=utcnow() - timedelta(minutes=61))
    session.commit()
    with pytest.raises(ServiceError, match="expired"):
        _reset(session, token)
    with pytest.raises(ServiceError, match="not valid"):
        _reset(session, "made-up")


def test_a_customers_link_is_not_a_staff_link(session, dana):
    _, customer, _ = make_portal_customer(session, name="Ana Alpha")
    token = auth_tokens.issue(session, purpose=TokenPurpose.PASSWORD_RESET, customer_email_id=customer.email_id)
    session.commit()
    with pytest.raises(ServiceError, match="not valid"):
        _reset(session, token)


@pytest.mark.parametrize(
    ("password", "again", "field"),
    [("short", None, "password"), ("TestStaff2026", None, "password"), (NEW, NEW + "x", "password_again")],
)
def test_a_refused_password_says_why_and_the_link_still_works(session, dana, password, again, field):
    staff, _ = dana
    _ask(session, staff.email)
    (token,) = _link_tokens(session)
    with pytest.raises(ValidationFailed) as refused:
        _reset(session, token, password, again)
    assert field in refused.value.field_errors
    session.rollback()
    assert auth_tokens.check_staff(session, token=token).problem is None
