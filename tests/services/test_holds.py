"""Pausing service: a customer asks for days on one of their own pools (not past, not backwards, not overlapping
another pause), the office approves or declines and the customer is told; approved days show as paused to the
customer and on the office's schedule; a pause can be withdrawn until it is over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.schedule import ServiceSchedule
from customer_portal.models import CompanyProfile, HoldStatus, OutboxEmail, ServiceHold, ServiceLocation
from customer_portal.services.company import dashboard
from customer_portal.services.customers import pool_schedules
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import portal_schedule
from customer_portal.services.portal.portal_schedule import HoldRequest
from customer_portal.services.visits import holds
from tests.factories import make_portal_customer, make_staff


@pytest.fixture
def world(session):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session)
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    _, bo, _ = make_portal_customer(session, name="Bo Beta")
    today = holds.today_for(session)
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == ana.customer_id)).one()
    pool_schedules.store(pool, ServiceSchedule(today.weekday(), 1, today - timedelta(days=28)))
    session.add(pool)
    session.commit()
    return staff, ana, bo, pool, today


def _ask(session, customer, pool_id, starts, ends, note=""):
    schedule = portal_schedule.request_hold(
        session, customer=customer, request=HoldRequest(pool_id, starts.isoformat(), ends.isoformat(), note)
    )
    session.commit()
    return schedule


def test_asking_approving_and_the_paused_visits_on_both_sides(session, world):
    staff, ana, _, pool, today = world
    week = today + timedelta(days=7)
    schedule = _ask(session, ana, pool.id, week, week + timedelta(days=6), note="Away for the holidays")
    (hold,) = schedule.holds
    assert (hold.status, hold.can_cancel, hold.note) == ("Waiting for an answer", True, "Away for the holidays")
    asked = session.exec(select(OutboxEmail).where(OutboxEmail.template == "hold_requested")).one()
    assert asked.to_address == "office@bluewater.example" and "Ana Alpha" in asked.subject
    assert not any(visit.paused for visit in schedule.pools[0].visits)  # only an approved pause pauses

    assert dashboard.summary(session).pause_requests == 1  # on the staff home
    office = holds.office_schedule(session, day=week.isoformat())
    (request,) = office.requests
    holds.decide(session, staff=staff, hold_id=request.id, approve=True, reply="Enjoy the trip!")
    session.commit()
    (pool_visits,) = portal_schedule.schedule_for(session, customer=ana).pools
    assert [visit.paused for visit in pool_visits.visits] == [False, True, False, False]  # next week's visit
    answer = session.exec(select(OutboxEmail).where(OutboxEmail.template == "hold_answered")).one()
    assert answer.to_address == ana.email and "approved" in answer.subject and "Enjoy the trip!" in answer.text_body
    office = holds.office_schedule(session, day=week.isoformat())
    assert [(visit.customer_name, visit.paused) for visit in office.visits] == [("Ana Alpha", True)]
    assert office.requests == [] and len(office.approved) == 1 and dashboard.summary(session).pause_requests == 0
    assert holds.office_schedule(session, day=today.isoformat()).visits[0].paused is False


@pytest.mark.parametrize(
    ("starts", "ends", "field", "message"),
    [
        (-1, 3, "starts_on", "A pause cannot start in the past."),
        (5, 2, "ends_on", "The last day cannot be before the first."),
        (1, 200, "ends_on", "Pause for at most 180 days at a time; ask again for longer."),
    ],
)
def test_past_backwards_and_very_long_pauses_are_refused(session, world, starts, ends, field, message):
    _, ana, _, pool, today = world
    with pytest.raises(ValidationFailed) as refused:
        _ask(session, ana, pool.id, today + timedelta(days=starts), today + timedelta(days=ends))
    assert refused.value.field_errors[field] == message


def test_overlapping_pauses_are_refused_but_one_after_a_declined_one_is_fine(session, world):
    staff, ana, _, pool, today = world
    _ask(session, ana, pool.id, today + timedelta(days=3), today + timedelta(days=10))
    with pytest.raises(ValidationFailed) as refused:
        _ask(session, ana, pool.id, today + timedelta(days=10), today + timedelta(days=12))
    assert "overlap" in refused.value.field_errors["starts_on"]
    (request,) = holds.office_schedule(session).requests
    holds.decide(session, staff=staff, hold_id=request.id, approve=False, reply="We are closed that week.")
    session.commit()
    schedule = _ask(session, ana, pool.id, today + timedelta(days=10), today + timedelta(days=12))
    assert [hold.status for hold in schedule.holds] == ["Waiting for an answer", "Declined"]
    assert schedule.holds[1].office_reply == "We are closed that week." and not schedule.holds[1].can_cancel


def test_a_pause_can_be_withdrawn_and_answered_only_once(session, world):
    staff, ana, _, pool, today = world
    (hold,) = _ask(session, ana, pool.id, today + timedelta(days=1), today + timedelta(days=2)).holds
    holds.decide(session, staff=staff, hold_id=hold.id, approve=True)
    session.commit()
    with pytest.raises(ServiceError, match="Cannot approve an approved pause"):
        holds.decide(session, staff=staff, hold_id=hold.id, approve=True)
    schedule = portal_schedule.cancel_hold(session, customer=ana, hold_id=hold.id)
    assert schedule.holds[0].status == "Withdrawn"
    with pytest.raises(ServiceError):
        portal_schedule.cancel_hold(session, customer=ana, hold_id=hold.id)


def test_another_customers_pool_and_pause_are_out_of_reach(session, world):
    _, ana, bo, pool, today = world
    with pytest.raises(ValidationFailed) as refused:
        _ask(session, bo, pool.id, today + timedelta(days=1), today + timedelta(days=2))
    assert refused.value.field_errors == {"service_location_id": "Choose one of your pools."}
    (hold,) = _ask(session, ana, pool.id, today + timedelta(days=1), today + timedelta(days=2)).holds
    with pytest.raises(ServiceError, match="cannot be withdrawn"):
        portal_schedule.cancel_hold(session, customer=bo, hold_id=hold.id)
    assert session.get(ServiceHold, hold.id).status == HoldStatus.REQUESTED
    assert portal_schedule.schedule_for(session, customer=bo).holds == []
