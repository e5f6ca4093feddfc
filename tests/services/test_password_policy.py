"""New passwords: refused when guessable by zxcvbn's frequency lists (passwords common in breaches, words, names,
with l33t, keyboard and date patterns, and the person's own name, email and company), and, where the operator
turns it on, when Have I Been Pwned has seen them, asked privately (five hex characters of the SHA-1 leave, with
padding) of a local fake range server; an unreachable service leaves the local check alone, and says so in the
log. The same rules where a customer creates a login or resets a password and where a staff account is made."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from customer_portal.models import CompanyProfile, CustomerEmail, PortalSettings, TokenPurpose
from customer_portal.services.accounts import auth_tokens, customer_auth, staff_auth
from customer_portal.services.accounts.password_policy import new_password_problem
from customer_portal.services.errors import ValidationFailed
from customer_portal.settings import settings
from tests.factories import make_customer
from tests.fakes.pwned_passwords_server import FakePwnedPasswords, sha1_hex

STRONG = "tide-pool-sunrise-9"


@pytest.fixture
def pwned(monkeypatch):
    fake = FakePwnedPasswords(breached={"Bluewater-Dolphin-1987": 3, STRONG + "x": 1}).start()
    monkeypatch.setattr(settings, "pwned_passwords_check", True)
    monkeypatch.setattr(settings, "pwned_passwords_url", fake.url)
    monkeypatch.setattr(settings, "pwned_passwords_timeout_seconds", 0.5)
    yield fake
    fake.stop()


@pytest.mark.parametrize(
    "password",
    [
        "password1234",  # in the breached-password list
        "Password123!",  # the same with the usual decorations
        "p@ssw0rd2024",  # l33t
        "qwertyuiop[]",  # a keyboard walk
        "1234567890ab",
        "iloveyou1234",
        "summertime12",
        "michaeljordan",  # a name
        "0123456789",
    ],
)
def test_guessable_passwords_are_refused_with_advice(password):
    problem = new_password_problem(password)
    assert problem is not None and problem.startswith("This password is too easy to guess.")


def test_the_persons_own_words_count_as_known():
    assert new_password_problem("graceTanaka22") is None  # a stranger would need many guesses
    assert new_password_problem("graceTanaka22", email="grace@example.com", known_words=["Grace Tanaka"]) is not None
    assert new_password_problem("Bluewater2026", known_words=["Bluewater Pool Care"]) is not None


@pytest.mark.parametrize("password", [STRONG, "correct horse battery staple", "swim-lessons-42", "7vQ!x2#Lp9zR"])
def test_unguessable_passwords_pass(password):
    assert new_password_problem(password) is None


def test_off_by_default_nothing_leaves_the_server(monkeypatch):
    fake = FakePwnedPasswords(breached={STRONG: 10}).start()
    try:
        monkeypatch.setattr(settings, "pwned_passwords_url", fake.url)
        assert settings.pwned_passwords_check is False
        assert new_password_problem(STRONG) is None
        assert fake.requests == []
    finally:
        fake.stop()


def test_a_password_pwned_has_seen_is_refused_and_only_five_characters_are_sent(pwned):
    problem = new_password_problem("Bluewater-Dolphin-1987")
    assert problem == "This password has appeared in data breaches (3 times), so attackers try it. Choose another."
    (asked,) = pwned.requests
    assert asked == {"path": f"/range/{sha1_hex('Bluewater-Dolphin-1987')[:5]}", "padding": "true"}
    assert new_password_problem(STRONG + "x").endswith("(once), so attackers try it. Choose another.")
    assert new_password_problem(STRONG) is None  # its range came back (padded) without it
    assert len(pwned.requests) == 3


@pytest.mark.parametrize("trouble", ["slow", "garbage", "down"])
def test_an_unreachable_service_leaves_the_local_check_and_is_logged(pwned, trouble, monkeypatch, caplog):
    if trouble == "slow":
        pwned.delay_seconds = 2
    elif trouble == "garbage":
        pwned.garbage = True
    else:
        monkeypatch.setattr(settings, "pwned_passwords_url", "http://127.0.0.1:9")  # nothing listens there
    with caplog.at_level(logging.WARNING):
        assert new_password_problem("Bluewater-Dolphin-1987") is None  # unknown to the local lists
        assert new_password_problem("password1234") is not None  # the local lists still apply
    assert "Pwned Passwords could not be reached" in caplog.text


def test_creating_a_login_applies_the_rules_with_the_customers_name(session, pwned):
    session.add_all([PortalSettings(enabled=True, slug="bluewater"), CompanyProfile(name="Bluewater Pool Care")])
    customer = make_customer(session, name="Grace Tanaka")
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).one()
    token = auth_tokens.issue(session, purpose=TokenPurpose.INVITE, customer_email_id=email.id)
    session.commit()
    for password in ("GraceTanaka2026", "Bluewater-Dolphin-1987"):
        with pytest.raises(ValidationFailed) as refused:
            customer_auth.create_login(
                session, token=token, password=password, password_again=password, client_ip="a", bcrypt_cost=4
            )
        assert "password" in refused.value.field_errors
        session.rollback()
    created = customer_auth.create_login(
        session, token=token, password=STRONG, password_again=STRONG, client_ip="a", bcrypt_cost=4
    )
    assert created.token


def test_a_staff_account_gets_the_same_rules(session, pwned):
    with pytest.raises(ValidationFailed) as refused:
        staff_auth.create_staff_user(
            session, email="dana@example.com", password="Bluewater-Dolphin-1987", bcrypt_cost=4
        )
    assert "data breaches" in refused.value.field_errors["password"]
    with pytest.raises(ValidationFailed):
        staff_auth.create_staff_user(session, email="dana@example.com", password="DanaWhitaker1", name="Dana Whitaker")
    assert staff_auth.create_staff_user(session, email="dana@example.com", password=STRONG, bcrypt_cost=4).email
