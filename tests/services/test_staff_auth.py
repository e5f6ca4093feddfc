from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import utcnow
from customer_portal.models import AuditLogEntry, SessionKind, StaffUser, UserSession
from customer_portal.services.accounts import sessions, staff_auth
from customer_portal.services.errors import NotAuthorized, ValidationFailed
from tests.factories import STAFF_PASSWORD, make_staff


def test_sign_in_starts_a_session_that_stores_only_the_token_hash(session):
    staff = make_staff(session, email="owner@pools.example")
    result = staff_auth.sign_in(
        session, email=" Owner@Pools.example ", password=STAFF_PASSWORD, client_ip="198.51.100.7"
    )
    session.commit()
    assert result.error is None and result.identity == staff
    stored = session.exec(select(UserSession)).one()
    assert result.token and stored.token_hash != result.token and len(stored.token_hash) == 64
    assert stored.kind == SessionKind.STAFF and stored.client_ip == "198.51.100.7"
    assert staff_auth.current_staff(session, token=result.token) == staff
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "staff.signed_in")).one()


def test_wrong_password_and_unknown_email_get_the_same_answer(session):
    make_staff(session, email="owner@pools.example")
    wrong = staff_auth.sign_in(session, email="owner@pools.example", password="not-the-password", client_ip="a")
    unknown = staff_auth.sign_in(session, email="nobody@pools.example", password=STAFF_PASSWORD, client_ip="b")
    assert wrong.error == unknown.error == staff_auth.SIGN_IN_REFUSED
    assert wrong.token is None and unknown.token is None


def test_a_disabled_account_cannot_sign_in(session):
    staff = make_staff(session)
    user = session.get(StaffUser, staff.id)
    user.is_active = False
    session.commit()
    result = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a")
    assert result.error == staff_auth.SIGN_IN_REFUSED


def _signed_in_token(session, staff, *, at):
    token = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a", now=at).token
    session.commit()
    return token


def test_sessions_expire_when_idle_and_absolutely(session):
    staff = make_staff(session)
    now = utcnow()
    idle = _signed_in_token(session, staff, at=now - timedelta(hours=13))
    too_old = _signed_in_token(session, staff, at=now - timedelta(days=15))
    fresh = _signed_in_token(session, staff, at=now - timedelta(minutes=5))
    assert staff_auth.current_staff(session, token=idle, now=now) is None
    assert staff_auth.current_staff(session, token=too_old, now=now) is None
    assert staff_auth.current_staff(session, token=fresh, now=now) == staff


def test_activity_keeps_a_session_alive_until_the_absolute_limit(session):
    staff = make_staff(session)
    start = utcnow()
    token = _signed_in_token(session, staff, at=start)
    moment = start
    while moment < start + timedelta(days=13):
        moment += timedelta(hours=11)
        assert staff_auth.current_staff(session, token=token, now=moment) == staff
    assert staff_auth.current_staff(session, token=token, now=start + timedelta(days=14, minutes=1)) is None


def test_sign_out_revokes_the_session(session):
    staff = make_staff(session)
    token = _signed_in_token(session, staff, at=utcnow())
    staff_auth.sign_out(session, token=token)
    assert staff_auth.current_staff(session, token=token) is None
    with pytest.raises(NotAuthorized):
        staff_auth.require_staff(session, token=token)


def test_a_customer_session_is_not_a_staff_session(session):
    staff = make_staff(session)
    row_token = sessions.start_session(session, kind=SessionKind.STAFF, staff_user_id=staff.id)
    assert staff_auth.current_staff(session, token=row_token) == staff
    assert sessions.find_live_session(session, token=row_token, kind=SessionKind.CUSTOMER) is None


def test_owner_only_operations_refuse_office_staff(session):
    from customer_portal.models import StaffRole

    office = make_staff(session, role=StaffRole.OFFICE)
    token = _signed_in_token(session, office, at=utcnow())
    assert staff_auth.require_staff(session, token=token) == office
    with pytest.raises(NotAuthorized, match="owner"):
        staff_auth.require_staff(session, token=token, owner_only=True)


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [("not-an-email", "tide-pool-sunrise-9", "email"), ("a@pools.example", "password1", "password")],
)
def test_create_staff_user_validates_fields(session, email, password, field):
    with pytest.raises(ValidationFailed) as error:
        staff_auth.create_staff_user(session, email=email, password=password, bcrypt_cost=4)
    assert set(error.value.field_errors) == {field}


def test_staff_emails_are_unique_whatever_the_case(session):
    make_staff(session, email="owner@pools.example")
    with pytest.raises(ValidationFailed, match="highlighted") as error:
        staff_auth.create_staff_user(session, email="OWNER@pools.example", password=STAFF_PASSWORD, bcrypt_cost=4)
    assert "already exists" in error.value.field_errors["email"]
