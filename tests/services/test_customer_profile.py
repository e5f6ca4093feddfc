"""The customer's own details: their phone, and moving their login to a new address, which needs the current
password, is confirmed from the new address (24 hours, once; the old address hears of both steps), keeps the
address's row (Send Invoices, history, the login), and is refused, without saying whose, for an address on file."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import utcnow
from customer_portal.models import AuthToken, Customer, CustomerEmail, OutboxEmail, PortalLogin, TokenPurpose
from customer_portal.services.accounts import auth_tokens, customer_auth, customer_profile, view_as_customer
from customer_portal.services.accounts.customer_profile import ADDRESS_UNAVAILABLE
from customer_portal.services.accounts.password_change import NOT_CURRENT
from customer_portal.services.accounts.passwords import hash_password
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import make_customer, make_portal_customer, make_staff

PASSWORD = "tide-pool-sunrise-9"
NEW_ADDRESS = "ana.new@example.com"


@pytest.fixture
def ana(session):
    _, identity, _ = make_portal_customer(session, name="Ana Alpha")
    login = session.get(PortalLogin, identity.login_id)
    login.password_hash = hash_password(PASSWORD, cost=4)
    email = session.get(CustomerEmail, identity.email_id)
    email.send_invoices = False  # a setting the move must keep
    session.add_all([login, email])
    session.commit()
    return identity


def _ask(session, customer, address=NEW_ADDRESS, password=PASSWORD):
    answer = customer_profile.request_email_change(
        session, customer=customer, new_address=address, current_password=password, client_ip="198.51.100.7"
    )
    session.commit()
    return answer


def _confirmation_token(session) -> str:
    body = session.exec(
        select(OutboxEmail.text_body).where(OutboxEmail.template == "email_change_confirm").order_by(OutboxEmail.id)
    ).all()[-1]
    return re.search(r"token=([\w-]+)", body).group(1)


def test_a_login_moves_to_a_new_address_once_confirmed_from_it(session, ana):
    old = ana.email
    assert _ask(session, ana).sent_to == NEW_ADDRESS
    to_new = session.exec(select(OutboxEmail).where(OutboxEmail.template == "email_change_confirm")).one()
    to_old = session.exec(select(OutboxEmail).where(OutboxEmail.template == "email_change_requested")).one()
    assert (to_new.to_address, to_old.to_address) == (NEW_ADDRESS, old)
    assert "a•••@example.com" in to_old.text_body and NEW_ADDRESS not in to_old.text_body
    assert "/bluewater/confirm-email?token=" in to_new.text_body
    assert session.get(CustomerEmail, ana.email_id).address == old  # nothing moves before the confirmation

    token = _confirmation_token(session)
    assert customer_profile.pending_change(session, token=token).new_address == NEW_ADDRESS
    assert customer_profile.confirm_email_change(session, token=token) == NEW_ADDRESS
    session.commit()
    email = session.get(CustomerEmail, ana.email_id)
    assert (email.address, email.send_invoices) == (NEW_ADDRESS, False)  # the same row: settings and history kept
    assert customer_auth.sign_in(session, email=NEW_ADDRESS, password=PASSWORD, client_ip="a").token
    assert customer_auth.sign_in(session, email=old, password=PASSWORD, client_ip="a").token is None
    (notice,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "email_changed")).all()
    assert notice.to_address == old
    with pytest.raises(ServiceError, match="already been used"):
        customer_profile.confirm_email_change(session, token=token)


def test_an_address_on_file_for_anyone_is_refused_without_saying_whose(session, ana):
    other = make_customer(session, name="Bo Beta")
    bos = session.exec(select(CustomerEmail.address).where(CustomerEmail.customer_id == other.id)).one()
    assert _ask(session, ana, address=bos).field_errors == {"new_email": ADDRESS_UNAVAILABLE}
    assert "Bo" not in ADDRESS_UNAVAILABLE
    assert session.exec(select(AuthToken).where(AuthToken.purpose == TokenPurpose.EMAIL_CHANGE)).all() == []


def test_an_address_taken_before_the_confirmation_is_refused_then(session, ana):
    _ask(session, ana)
    token = _confirmation_token(session)
    bo = make_customer(session, name="Bo Beta")
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == bo.id)).one()
    email.address = NEW_ADDRESS  # the office gave the address to another customer meanwhile
    session.add(email)
    session.commit()
    with pytest.raises(ServiceError, match="cannot be used for your login"):
        customer_profile.confirm_email_change(session, token=token)
    session.rollback()
    assert session.get(CustomerEmail, ana.email_id).address == ana.email


@pytest.mark.parametrize(
    ("address", "password", "field", "message"),
    [
        ("not an email", PASSWORD, "new_email", "Enter an email address"),
        ("SAME", PASSWORD, "new_email", "That is your login email already."),
        (NEW_ADDRESS, "not-the-password", "email_password", NOT_CURRENT),
    ],
)
def test_a_refused_request_says_why(session, ana, address, password, field, message):
    answer = _ask(session, ana, address=ana.email if address == "SAME" else address, password=password)
    assert answer.field_errors[field].startswith(message) and not answer.sent_to


def test_a_confirmation_lasts_24_hours(session, ana):
    late = auth_tokens.issue(
        session,
        purpose=TokenPurpose.EMAIL_CHANGE,
        customer_email_id=ana.email_id,
        new_address=NEW_ADDRESS,
        now=utcnow() - timedelta(hours=25),
    )
    session.commit()
    assert "expired" in customer_profile.pending_change(session, token=late).problem
    with pytest.raises(ServiceError, match="expired"):
        customer_profile.confirm_email_change(session, token=late)


def test_the_phone_is_saved_or_refused_with_an_example(session, ana):
    assert customer_profile.save_phone(session, customer=ana, phone=" (602) 555-0143 ").phone == "(602) 555-0143"
    session.commit()
    assert session.get(Customer, ana.customer_id).phone == "(602) 555-0143"
    for bad in ("call me", "12", "+1 602 555 0143 9999 9999"):
        with pytest.raises(ValidationFailed) as refused:
            customer_profile.save_phone(session, customer=ana, phone=bad)
        assert refused.value.field_errors["phone"].startswith("Enter a phone number like")
    assert customer_profile.save_phone(session, customer=ana, phone="").phone == ""


def test_the_offices_view_as_customer_changes_nothing(session, ana):
    staff = make_staff(session)
    viewing, _ = view_as_customer.start_view(session, staff=staff, customer_email_id=ana.email_id)
    session.commit()
    read_only = customer_auth.current_customer(session, token=viewing)
    with pytest.raises(ServiceError, match="read-only"):
        customer_profile.save_phone(session, customer=read_only, phone="602 555 0143")
    with pytest.raises(ServiceError, match="read-only"):
        _ask(session, read_only)
