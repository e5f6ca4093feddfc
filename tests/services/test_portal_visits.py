from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import PortalSettings, ServiceLocation, SessionKind
from customer_portal.services.accounts import sessions
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import portal_visits
from customer_portal.services.visits import visits
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import VisitForm
from customer_portal.state.portal_visits import PortalHistoryState
from tests.factories import image_bytes, make_portal_customer, make_staff, next_event_identity
from tests.state_harness import new_state, run_handler, whole_client_state

TODAY = local_day(utcnow(), "America/Phoenix")


def _record(session, staff, pool_id, days_ago, ph):
    form = VisitForm(
        pool_id,
        (TODAY - timedelta(days=days_ago)).isoformat(),
        "10:00",
        technician_name="Sam",
        notes_for_customer="All clear. " * 20,
        readings={"ph": ph, "free_chlorine_ppm": "3"},
    )
    return visits.record_visit(session, staff=staff, form=form, photos=[UploadedPhoto("p.jpg", image_bytes((20, 20)))])


@pytest.fixture
def history(session):
    staff = make_staff(session)
    a_customer, ana, _ = make_portal_customer(session, name="Ana")
    _, bo, _ = make_portal_customer(session, name="Bo")
    extra = ServiceLocation(customer_id=a_customer.id, label="Spa", address="1 Palm Way")
    session.add(extra)
    session.flush()
    main = session.exec(
        select(ServiceLocation).where(ServiceLocation.customer_id == a_customer.id).order_by(ServiceLocation.id)
    ).first()  # without an order PostgreSQL may hand back the spa first
    ids = {
        "recent": _record(session, staff, main.id, 3, "7.4"),
        "older": _record(session, staff, main.id, 30, "8.1"),
        "ancient": _record(session, staff, main.id, 200, "7.2"),
        "spa": _record(session, staff, extra.id, 5, "7.6"),
    }
    session.commit()
    return ana, bo, main.id, extra.id, ids


def test_the_last_90_days_by_default_and_a_pool_chooser(session, history):
    ana, _, _main, spa, ids = history
    span = portal_visits.period(session)
    assert (span.end - span.start).days == 90
    every = portal_visits.list_visits(session, customer=ana, location_id=None, span=span)
    assert {row.id for row in every.rows} == {ids["recent"], ids["older"], ids["spa"]}
    only_spa = portal_visits.list_visits(session, customer=ana, location_id=spa, span=span)
    assert [row.id for row in only_spa.rows] == [ids["spa"]]
    assert only_spa.rows[0].summary.endswith("…") and only_spa.rows[0].photo_count == 1
    assert [label for _, label in portal_visits.pools(session, customer=ana)] == ["100 Palm Way, Phoenix, AZ", "Spa"]


def test_a_visit_in_full_and_reading_series_for_the_chart(session, history):
    ana, _, main, _, ids = history
    detail = portal_visits.visit_detail(session, customer=ana, visit_id=ids["older"])
    assert [(r.label, r.value, r.in_range) for r in detail.readings] == [
        ("Free chlorine", "3.0 ppm", True),
        ("pH", "8.1", False),
    ]
    assert len(detail.photo_ids) == 1 and detail.notes
    series = portal_visits.reading_series(session, customer=ana, location_id=main, span=portal_visits.period(session))
    ph = next(item for item in series if item.field == "ph")
    assert [point.value for point in ph.points] == [8.1, 7.4] and (ph.ideal_low, ph.ideal_high) == (7.2, 7.8)


async def test_the_page_sends_only_the_charted_readings_points_and_once(session, history):
    ana, *_ = history
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=ana.login_id)
    session.commit()
    state = new_state(PortalHistoryState, portal_token=token)
    await run_handler(state, "load_history")
    assert state.chart.field == "free_chlorine_ppm" and [point["value"] for point in state.chart_points] == [3.0] * 3
    assert "8.1" not in whole_client_state(state)  # pH is charted only when chosen
    await run_handler(state, "set_chart_field", "ph")
    assert [point["value"] for point in state.chart_points] == [8.1, 7.6, 7.4]
    assert whole_client_state(state).count("8.1") == 1  # not again in a list of every series, nor in the chart
    await run_handler(state, "change_period", {"start": "2000-01-01", "end": "2000-02-01"})
    assert state.chart is None and state.chart_points == [] and state.total == 0


def test_sub_switches_hide_notes_photos_and_readings(session, history):
    ana, _, _main, _, ids = history
    portal = session.exec(select(PortalSettings)).one()
    portal.include_technician_notes = portal.include_photos = portal.include_water_readings = False
    session.add(portal)
    session.commit()
    detail = portal_visits.visit_detail(session, customer=ana, visit_id=ids["recent"])
    assert (detail.notes, detail.photo_ids, detail.readings) == ("", [], [])
    row = portal_visits.list_visits(session, customer=ana, location_id=None, span=portal_visits.period(session)).rows[0]
    assert (row.summary, row.photo_count) == ("", 0)
    assert (
        portal_visits.reading_series(session, customer=ana, location_id=None, span=portal_visits.period(session)) == []
    )


def test_another_customers_visits_and_pools_are_not_available(session, history):
    _, bo, main, _, ids = history
    with pytest.raises(ServiceError, match="not available"):
        portal_visits.visit_detail(session, customer=bo, visit_id=ids["recent"])
    with pytest.raises(ServiceError, match="not available"):
        portal_visits.list_visits(session, customer=bo, location_id=main, span=portal_visits.period(session))
    assert (
        portal_visits.list_visits(session, customer=bo, location_id=None, span=portal_visits.period(session)).rows == []
    )


def test_hidden_service_history_refuses(session, history):
    ana, *_ = history
    portal = session.exec(select(PortalSettings)).one()
    portal.include_service_history = False
    session.add(portal)
    session.commit()
    with pytest.raises(NotAuthorized):
        portal_visits.pools(session, customer=next_event_identity(session, ana))


@pytest.mark.parametrize(
    ("start", "end"), [("2026-02-01", "2026-01-01"), ("soon", "2026-01-01"), ("2020-01-01", "2026-01-01")]
)
def test_a_bad_range_is_explained(session, start, end):
    with pytest.raises(ValidationFailed):
        portal_visits.period(session, start=start, end=end)
