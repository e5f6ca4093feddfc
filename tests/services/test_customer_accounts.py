"""Invite links, creating a login, signing in, and forgotten passwords."""

import threading
from datetime import timedelta
from functools import partial

import pytest
from sqlmodel import select

from customer_portal.db import session_scope
from customer_portal.domain.clock import utcnow
from customer_portal.models import (
    AuthToken,
    CustomerEmail,
    OutboxEmail,
    PortalLogin,
    PortalSettings,
    TokenPurpose,
    UserSession,
)
from customer_portal.services.accounts import auth_tokens, customer_auth
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import make_customer

PASSWORD = "tide-pool-sunrise-9"


@pytest.fixture
def email(session):
    session.add(PortalSettings(enabled=True, slug="bluewater"))
    customer = make_customer(session, name="Grace Tanaka")
    return session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).one()


def _invite(session, email, **options) -> str:
    token = auth_tokens.issue(session, purpose=TokenPurpose.INVITE, customer_email_id=email.id, **options)
    session.commit()
    return token


create = partial(customer_auth.create_login, password=PASSWORD, password_again=PASSWORD, client_ip="a", bcrypt_cost=4)


def test_an_invite_link_creates_the_login_and_signs_in(session, email):
    token = _invite(session, email)
    assert auth_tokens.check(session, token=token, purpose=TokenPurpose.INVITE).email == email.address
    result = create(session, token=token)
    session.commit()
    identity = customer_auth.current_customer(session, token=result.token)
    assert (identity.email, identity.customer_name, identity.send_invoices) == (email.address, "Grace Tanaka", True)
    stored = session.exec(select(AuthToken)).one()
    assert stored.token_hash != token and stored.used_at is not None


def test_the_link_is_single_use(session, email):
    token = _invite(session, email)
    create(session, token=token)
    session.commit()
    with pytest.raises(ServiceError, match="already been used"):
        create(session, token=token)


def test_the_link_expires_after_72_hours(session, email):
    token = _invite(session, email, now=utcnow() - timedelta(hours=72, minutes=1))
    with pytest.raises(ServiceError, match="expired"):
        create(session, token=token)


def test_a_newer_invite_revokes_the_older_one(session, email):
    older = _invite(session, email)
    newer = _invite(session, email)
    with pytest.raises(ServiceError, match="already been used"):
        create(session, token=older)
    assert create(session, token=newer).token


def test_a_made_up_link_is_not_valid(session, email):
    with pytest.raises(ServiceError, match="not valid"):
        create(session, token="made-up")


@pytest.mark.parametrize(
    ("password", "again", "field"),
    [
        ("short", "short", "password"),
        ("password123", "password123", "password"),
        (PASSWORD, PASSWORD + "x", "password_again"),
    ],
)
def test_password_rules_are_explained_and_the_link_survives(session, email, password, again, field):
    token = _invite(session, email)
    with pytest.raises(ValidationFailed) as error:
        customer_auth.create_login(
            session, token=token, password=password, password_again=again, client_ip="a", bcrypt_cost=4
        )
    assert field in error.value.field_errors
    session.rollback()
    assert auth_tokens.check(session, token=token, purpose=TokenPurpose.INVITE).problem is None


def test_two_concurrent_redemptions_exactly_one_wins(session, db, email):
    token = _invite(session, email)
    outcomes = []
    barrier = threading.Barrier(2)

    def redeem():
        barrier.wait()
        with session_scope(db) as own:
            outcomes.append(auth_tokens.redeem(own, token=token, purpose=TokenPurpose.INVITE))

    workers = [threading.Thread(target=redeem) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes, key=str) == [None, email.id] or sorted(outcomes, key=lambda x: x is None) == [
        email.id,
        None,
    ]


def _with_login(session, email) -> None:
    create(session, token=_invite(session, email))
    session.commit()


def test_sign_in_and_the_same_answer_for_unknown_emails(session, email):
    _with_login(session, email)
    good = customer_auth.sign_in(session, email=email.address.upper(), password=PASSWORD, client_ip="b")
    wrong = customer_auth.sign_in(session, email=email.address, password="nope-nope-nope", client_ip="b")
    unknown = customer_auth.sign_in(session, email="nobody@example.com", password=PASSWORD, client_ip="b")
    assert good.token and wrong.error == unknown.error == customer_auth.SIGN_IN_REFUSED


def test_sign_in_is_throttled_for_the_guessing_client(session, email):
    _with_login(session, email)
    for _ in range(5):
        customer_auth.sign_in(session, email=email.address, password="wrong-guess-1", client_ip="c")
    locked = customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="c")
    assert "Too many failed attempts" in locked.error
    assert customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="d").token


def test_no_sign_in_while_the_portal_is_off(session, email):
    _with_login(session, email)
    portal = session.exec(select(PortalSettings)).one()
    token = customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="b").token
    portal.enabled = False
    session.add(portal)
    session.commit()
    assert (
        "not available" in customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="b").error
    )
    assert customer_auth.current_customer(session, token=token) is None


def test_forgot_password_sends_a_link_and_says_the_same_for_unknown_emails(session, email):
    _with_login(session, email)
    assert customer_auth.request_password_reset(session, email=email.address) is None
    assert customer_auth.request_password_reset(session, email="nobody@example.com") is None
    session.commit()
    sent = session.exec(select(OutboxEmail).where(OutboxEmail.template == "password_reset")).all()
    assert [row.to_address for row in sent] == [email.address]
    assert "/bluewater/reset-password?token=" in sent[0].text_body


def test_at_most_three_reset_emails_per_address_per_hour(session, email):
    _with_login(session, email)
    for _ in range(5):
        customer_auth.request_password_reset(session, email=email.address)
    session.commit()
    assert len(session.exec(select(OutboxEmail).where(OutboxEmail.template == "password_reset")).all()) == 3


def test_a_reset_ends_every_other_session_and_expires_in_60_minutes(session, email):
    _with_login(session, email)
    elsewhere = customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="b").token
    stale = auth_tokens.issue(
        session, purpose=TokenPurpose.PASSWORD_RESET, customer_email_id=email.id, now=utcnow() - timedelta(minutes=61)
    )
    with pytest.raises(ServiceError, match="expired"):
        customer_auth.reset_password(
            session,
            token=stale,
            password="new-sea-breeze-4",
            password_again="new-sea-breeze-4",
            client_ip="z",
            bcrypt_cost=4,
        )
    fresh = auth_tokens.issue(session, purpose=TokenPurpose.PASSWORD_RESET, customer_email_id=email.id)
    session.commit()
    result = customer_auth.reset_password(
        session,
        token=fresh,
        password="new-sea-breeze-4",
        password_again="new-sea-breeze-4",
        client_ip="z",
        bcrypt_cost=4,
    )
    session.commit()
    assert customer_auth.current_customer(session, token=elsewhere) is None
    assert customer_auth.current_customer(session, token=result.token) is not None
    assert customer_auth.sign_in(session, email=email.address, password=PASSWORD, client_ip="q").error
    live = session.exec(select(UserSession).where(UserSession.revoked_at.is_(None))).all()
    assert len(live) == 1
    login = session.exec(select(PortalLogin)).one()
    assert login.password_changed_at is not None
