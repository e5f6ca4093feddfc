"""The office team: owners invite staff by email (a single-use, expiring link; the invited person cannot sign in
until they join), change roles and deactivate (every session ends at once, signing in is refused, the history
stays); the last active owner can be neither demoted nor deactivated; office staff manage nothing of the team."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.models import AuditLogEntry, OutboxEmail, StaffRole, StaffUser, TokenPurpose
from customer_portal.services.accounts import auth_tokens, staff_auth, team
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from tests.factories import STAFF_PASSWORD, make_staff

JOIN_PASSWORD = "kelp-forest-dive-58"


@pytest.fixture
def owner(session):
    return make_staff(session, email="dana@pools.example")


def _invite(session, owner, email="chris@pools.example", name="Chris Ortega", role="office"):
    team.invite(session, staff=owner, email=email, name=name, role=role)
    session.commit()
    body = session.exec(
        select(OutboxEmail.text_body)
        .where(OutboxEmail.template == "staff_invite", OutboxEmail.to_address == email)
        .order_by(OutboxEmail.id.desc())
    ).first()
    return re.search(r"token=([\w-]+)", body).group(1)


def _join(session, token, password=JOIN_PASSWORD):
    signed_in = team.join(session, token=token, password=password, password_again=password, client_ip="a")
    session.commit()
    return signed_in


def _member(session, email) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.email == email)).one()


def test_an_invited_office_manager_joins_and_signs_in(session, owner):
    token = _invite(session, owner)
    email = session.exec(select(OutboxEmail).where(OutboxEmail.template == "staff_invite")).one()
    assert f"{routes.STAFF_JOIN}?token=" in email.text_body and "as office" in email.text_body
    chris = _member(session, "chris@pools.example")
    assert (chris.role, chris.password_hash) == (StaffRole.OFFICE, "")
    assert staff_auth.sign_in(session, email=chris.email, password="", client_ip="x").token is None
    (row,) = [m for m in team.team(session, staff=owner) if m.email == chris.email]
    assert (row.status, row.last_sign_in) == ("invited", "")

    signed_in = _join(session, token)
    identity = staff_auth.current_staff(session, token=signed_in)
    assert (identity.email, identity.role, identity.is_owner) == (chris.email, StaffRole.OFFICE, False)
    assert staff_auth.sign_in(session, email=chris.email, password=JOIN_PASSWORD, client_ip="b").token
    (row,) = [m for m in team.team(session, staff=owner) if m.email == chris.email]
    assert row.status == "active" and row.last_sign_in
    with pytest.raises(ServiceError, match="already been used"):
        _join(session, token)


def test_an_invitation_lasts_72_hours_and_a_newer_one_replaces_it(session, owner):
    old = _invite(session, owner)
    chris = _member(session, "chris@pools.example")
    team.resend_invite(session, staff=owner, member_id=chris.id)
    session.commit()
    with pytest.raises(ServiceError, match="already been used"):
        _join(session, old)
    late = auth_tokens.issue_for_staff(
        session, staff_user_id=chris.id, purpose=TokenPurpose.STAFF_INVITE, now=utcnow() - timedelta(hours=73)
    )
    session.commit()
    with pytest.raises(ServiceError, match="expired"):
        _join(session, late)


@pytest.mark.parametrize(
    ("email", "name", "role", "field"),
    [
        ("not-an-email", "Chris", "office", "email"),
        ("dana@pools.example", "Dana Again", "office", "email"),  # on the team already
        ("chris@pools.example", "  ", "office", "name"),
        ("chris@pools.example", "Chris", "boss", "role"),
    ],
)
def test_a_bad_invitation_says_what_is_wrong(session, owner, email, name, role, field):
    with pytest.raises(ValidationFailed) as refused:
        team.invite(session, staff=owner, email=email, name=name, role=role)
    assert field in refused.value.field_errors


def test_a_weak_password_is_refused_and_the_invitation_still_works(session, owner):
    token = _invite(session, owner)
    with pytest.raises(ValidationFailed) as refused:
        _join(session, token, password="ChrisOrtega2026")
    assert "too easy to guess" in refused.value.field_errors["password"]
    session.rollback()
    assert team.check_invite(session, token=token).problem is None


def test_deactivating_ends_every_session_and_sign_in_but_keeps_the_history(session, owner):
    signed_in = _join(session, _invite(session, owner))
    chris = _member(session, "chris@pools.example")
    team.deactivate(session, staff=owner, member_id=chris.id)
    session.commit()
    assert staff_auth.current_staff(session, token=signed_in) is None
    assert staff_auth.sign_in(session, email=chris.email, password=JOIN_PASSWORD, client_ip="c").token is None
    actions = set(session.exec(select(AuditLogEntry.action).where(AuditLogEntry.entity_id == chris.id)))
    assert {"staff.invited", "staff.joined", "staff.deactivated"} <= actions
    team.reactivate(session, staff=owner, member_id=chris.id)
    session.commit()
    assert staff_auth.sign_in(session, email=chris.email, password=JOIN_PASSWORD, client_ip="c").token


def test_the_last_active_owner_stays_an_owner(session, owner):
    with pytest.raises(ServiceError, match="at least one active owner"):
        team.change_role(session, staff=owner, member_id=owner.id, role="office")
    with pytest.raises(ServiceError, match="cannot deactivate yourself"):
        team.deactivate(session, staff=owner, member_id=owner.id)
    _join(session, _invite(session, owner, email="sam@pools.example", name="Sam Lee", role="owner"))
    sam = _member(session, "sam@pools.example")
    sam_identity = StaffIdentity(sam.id, sam.email, sam.name, sam.role)
    team.change_role(session, staff=owner, member_id=owner.id, role="office")  # Sam is an owner too now
    session.commit()
    with pytest.raises(ServiceError, match="at least one active owner"):
        team.change_role(session, staff=sam_identity, member_id=sam.id, role="office")
    assert _member(session, "sam@pools.example").role == StaffRole.OWNER


def test_an_invited_owner_who_has_not_joined_does_not_count(session, owner):
    _invite(session, owner, email="sam@pools.example", name="Sam Lee", role="owner")
    with pytest.raises(ServiceError, match="at least one active owner"):
        team.change_role(session, staff=owner, member_id=owner.id, role="office")


def test_office_staff_manage_nothing_of_the_team(session, owner):
    office = make_staff(session, email="olive@pools.example", role=StaffRole.OFFICE)
    for attempt in (
        lambda: team.team(session, staff=office),
        lambda: team.invite(session, staff=office, email="x@pools.example", name="X", role="owner"),
        lambda: team.change_role(session, staff=office, member_id=office.id, role="owner"),
        lambda: team.deactivate(session, staff=office, member_id=owner.id),
        lambda: team.reactivate(session, staff=office, member_id=owner.id),
    ):
        with pytest.raises(NotAuthorized):
            attempt()
    assert staff_auth.sign_in(session, email=owner.email, password=STAFF_PASSWORD, client_ip="d").token
