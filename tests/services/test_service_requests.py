"""Service requests: a customer reports a problem on one of their own pools with up to six photos (checked,
re-encoded, private) and the days that suit; the office is emailed, finds it in its inbox, replies, schedules,
quotes or closes it, and the customer is told each time and sees it all on the portal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlmodel import func, select
from starlette.testclient import TestClient

from customer_portal import routes
from customer_portal.api.app import build_api
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.models import (
    CompanyProfile,
    OutboxEmail,
    PortalSettings,
    RequestStatus,
    ServiceLocation,
    ServiceRequest,
    ServiceRequestPhoto,
)
from customer_portal.services.accounts import staff_auth
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.company import dashboard
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import portal_quotes, portal_requests
from customer_portal.services.portal.portal_requests import RequestForm
from customer_portal.services.visits import holds, request_answers, service_requests
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.service_requests import RequestQuery
from customer_portal.settings import settings
from tests.factories import STAFF_PASSWORD, image_bytes, make_portal_customer, make_staff, next_event_identity


@pytest.fixture
def world(session):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session)
    _, ana, ana_token = make_portal_customer(session, name="Ana Alpha")
    _, bo, bo_token = make_portal_customer(session, name="Bo Beta")
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == ana.customer_id)).one()
    bo_pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == bo.customer_id)).one()
    session.commit()
    return {"staff": staff, "ana": ana, "bo": bo, "pool": pool, "bo_pool": bo_pool, "tokens": (ana_token, bo_token)}


def _photo(name="pool.jpg", **options) -> UploadedPhoto:
    return UploadedPhoto(name, image_bytes((800, 600), gps=True, **options))


def _submit(session, customer, pool_id, *, kind="water", description="Green since the storm.", photos=(), days=()):
    form = RequestForm(pool_id, kind, description, list(days))
    request_id = portal_requests.submit(session, customer=customer, form=form, photos=list(photos))
    session.commit()
    return request_id


def _stored_files() -> set[str]:
    return {path.name for path in settings.photo_dir.glob("*.jpg")} if settings.photo_dir.exists() else set()


def test_a_request_with_photos_reaches_the_office_and_the_customers_page(session, world):
    ana, pool = world["ana"], world["pool"]
    request_id = _submit(session, ana, pool.id, photos=[_photo(), _photo("b.png")], days=[3, 0, 3, 9])

    request = session.get(ServiceRequest, request_id)
    assert (request.status, request.preferred_days, request.requested_by) == (RequestStatus.NEW, [0, 3], ana.email)
    photos = session.exec(select(ServiceRequestPhoto).where(ServiceRequestPhoto.request_id == request_id)).all()
    assert len(photos) == 2
    stored = Image.open(settings.photo_dir / photos[0].stored_name)
    assert stored.format == "JPEG" and not stored.getexif()  # re-encoded: the phone's GPS position is gone
    office = session.exec(select(OutboxEmail).where(OutboxEmail.template == "request_submitted")).one()
    assert office.to_address == "office@bluewater.example" and office.reply_to == ana.email
    assert "Green or cloudy water" in office.subject and "Ana Alpha" in office.subject
    assert "Monday, Thursday" in office.text_body and "2 photos" in office.text_body
    assert routes.STAFF_REQUESTS + f"/{request_id}" in office.text_body
    assert dashboard.summary(session).new_service_requests == 1

    (mine,) = portal_requests.my_requests(session, customer=ana)
    assert (mine.id, mine.kind, mine.status, mine.photo_count) == (request_id, "Green or cloudy water", "new", 2)
    detail = portal_requests.my_request(session, customer=ana, request_id=request_id)
    assert detail.preferred_days == "Monday, Thursday" and len(detail.photo_ids) == 2 and detail.replies == []
    (row,) = service_requests.list_requests(session, query=RequestQuery()).rows
    assert (row.customer_name, row.photo_count) == ("Ana Alpha", 2)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "pizza"}, "kind"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 2_001}, "description"),
        ({"photos": [_photo() for _ in range(7)]}, "photos"),
        ({"pool": "bo"}, "service_location_id"),  # another customer's pool is not the customer's to choose
    ],
)
def test_bad_requests_are_refused_naming_the_field_and_keep_nothing(session, world, change, field):
    change = dict(change)  # the same dict serves each database's run
    pool_id = world["bo_pool"].id if change.pop("pool", None) else world["pool"].id
    before = _stored_files()
    with pytest.raises(ValidationFailed) as refused:
        _submit(session, world["ana"], pool_id, **change)
    assert field in refused.value.field_errors
    session.rollback()
    assert session.exec(select(func.count()).select_from(ServiceRequest)).one() == 0
    assert _stored_files() == before


def test_one_bad_photo_refuses_the_lot_and_no_file_is_left_behind(session, world):
    before = _stored_files()
    with pytest.raises(ValidationFailed) as refused:
        _submit(session, world["ana"], world["pool"].id, photos=[_photo(), UploadedPhoto("evil.jpg", b"<?php")])
    assert refused.value.field_errors["photos"] == "evil.jpg is not a JPEG, PNG or WebP image."
    assert _stored_files() == before


def test_requests_need_the_section_and_a_writable_session(session, world):
    portal = session.exec(select(PortalSettings)).one()
    portal.include_service_requests = False
    session.add(portal)
    session.commit()
    ana = next_event_identity(session, world["ana"])
    with pytest.raises(NotAuthorized):
        _submit(session, ana, world["pool"].id)
    with pytest.raises(NotAuthorized):
        portal_requests.my_requests(session, customer=ana)


def test_a_customer_never_reaches_another_customers_request(session, world):
    request_id = _submit(session, world["ana"], world["pool"].id, description="Ana-only gate code 4512")
    with pytest.raises(ServiceError):
        portal_requests.my_request(session, customer=world["bo"], request_id=request_id)
    assert portal_requests.my_requests(session, customer=world["bo"]) == []


def _emails_to(session, address: str) -> list[OutboxEmail]:
    return list(
        session.exec(
            select(OutboxEmail)
            .where(OutboxEmail.to_address == address, OutboxEmail.template == "request_answered")
            .order_by(OutboxEmail.id)  # oldest first: PostgreSQL keeps no order of its own
        )
    )


def test_the_office_replies_schedules_and_closes_and_the_customer_is_told_each_time(session, world):
    staff, ana = world["staff"], world["ana"]
    request_id = _submit(session, ana, world["pool"].id)
    request_answers.reply(session, staff=staff, request_id=request_id, text="Sounds like algae; we will shock it.")
    session.commit()
    detail = portal_requests.my_request(session, customer=ana, request_id=request_id)
    assert [reply.body for reply in detail.replies] == ["Sounds like algae; we will shock it."]
    (email,) = _emails_to(session, ana.email)
    assert "Sounds like algae" in email.text_body and "algae" in email.html_body
    assert routes.path_to(routes.PORTAL_REQUEST, portal="bluewater", request_id=str(request_id)) in email.text_body

    tomorrow = holds.today_for(session) + timedelta(days=1)
    request_answers.schedule(session, staff=staff, request_id=request_id, day=tomorrow.isoformat())
    session.commit()
    detail = portal_requests.my_request(session, customer=ana, request_id=request_id)
    assert detail.status == "scheduled" and detail.scheduled_on and len(detail.replies) == 1  # no empty reply kept
    assert detail.scheduled_on in _emails_to(session, ana.email)[-1].subject
    assert dashboard.summary(session).new_service_requests == 0

    request_answers.close(session, staff=staff, request_id=request_id, text="All clear now.")
    session.commit()
    detail = service_requests.request_detail(session, request_id=request_id)
    assert (detail.status, detail.can_close, detail.can_schedule, detail.can_quote) == ("closed", False, False, False)
    assert [reply.body for reply in detail.replies][-1] == "All clear now." and len(_emails_to(session, ana.email)) == 3
    with pytest.raises(ServiceError, match=r"Cannot schedule a closed service request\."):
        request_answers.schedule(session, staff=staff, request_id=request_id, day=tomorrow.isoformat())


@pytest.mark.parametrize(
    ("day", "text", "field"),
    [("yesterday", "", "scheduled_on"), ("not a date", "", "scheduled_on"), ("tomorrow", "x" * 2_001, "reply")],
)
def test_a_bad_day_or_an_overlong_message_is_refused_and_changes_nothing(session, world, day, text, field):
    request_id = _submit(session, world["ana"], world["pool"].id)
    today = holds.today_for(session)
    days = {"yesterday": today - timedelta(days=1), "tomorrow": today + timedelta(days=1)}
    chosen = days[day].isoformat() if day in days else day
    with pytest.raises(ValidationFailed) as refused:
        request_answers.schedule(session, staff=world["staff"], request_id=request_id, day=chosen, text=text)
    assert field in refused.value.field_errors
    session.rollback()
    assert session.get(ServiceRequest, request_id).status == RequestStatus.NEW
    with pytest.raises(ValidationFailed) as empty:
        request_answers.reply(session, staff=world["staff"], request_id=request_id, text="  ")
    assert empty.value.field_errors == {"reply": "Write a reply first."}


def test_a_quote_made_from_a_request_is_linked_and_its_answer_shows_on_the_request(session, world):
    staff, ana = world["staff"], world["ana"]
    request_id = _submit(session, ana, world["pool"].id, kind="equipment")
    customer_id, pool_id, title = request_answers.quote_target(session, request_id=request_id)
    assert (customer_id, pool_id, title) == (ana.customer_id, world["pool"].id, "Equipment not working")
    draft = QuoteDraft(customer_id, title, service_location_id=pool_id, lines=[LineInput("New pump", "1", "900")])
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    session.commit()
    assert quotes.get_quote(session, quote_id=quote_id).service_request_id == 0  # not linked: no request named
    linked = QuoteDraft(
        customer_id, title, service_location_id=pool_id, lines=draft.lines, service_request_id=request_id
    )
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=linked)
    session.commit()
    assert quotes.get_quote(session, quote_id=quote_id).service_request_id == request_id
    office = service_requests.request_detail(session, request_id=request_id)
    assert (office.status, office.quote_answer, office.can_quote) == ("new", "Being written", False)
    assert portal_requests.my_request(session, customer=ana, request_id=request_id).quote_id == 0  # a draft: hidden

    number = quotes.send_quote(session, staff=staff, quote_id=quote_id)
    session.commit()
    mine = portal_requests.my_request(session, customer=ana, request_id=request_id)
    assert (mine.status, mine.quote_number, mine.quote_answer) == ("quoted", number, "Waiting for your answer")
    portal_quotes.respond(
        session, customer=ana, quote_id=quote_id, action="approve", client_ip="198.51.100.4", signature="Ana Alpha"
    )
    session.commit()
    assert service_requests.request_detail(session, request_id=request_id).quote_answer == "Approved"
    assert portal_requests.my_request(session, customer=ana, request_id=request_id).quote_answer == "You approved it"
    with pytest.raises(ServiceError):  # one quote per request
        request_answers.quote_target(session, request_id=request_id)


def test_a_request_cannot_be_linked_to_another_customers_quote(session, world):
    request_id = _submit(session, world["ana"], world["pool"].id)
    draft = QuoteDraft(
        world["bo"].customer_id, "Heater", lines=[LineInput("Heater", "1", "3000")], service_request_id=request_id
    )
    with pytest.raises(ServiceError):
        quotes.save_quote_draft(session, staff=world["staff"], quote_id=None, draft=draft)
    session.rollback()
    assert session.get(ServiceRequest, request_id).quote_id is None


def test_the_inbox_filters_by_status_and_kind_newest_first(session, world):
    ana, bo, staff = world["ana"], world["bo"], world["staff"]
    first = _submit(session, ana, world["pool"].id, kind="leak")
    second = _submit(session, bo, world["bo_pool"].id, kind="water")
    third = _submit(session, ana, world["pool"].id, kind="leak")
    request_answers.close(session, staff=staff, request_id=third)
    session.commit()

    def ids(**query) -> list[int]:
        return [row.id for row in service_requests.list_requests(session, query=RequestQuery(**query)).rows]

    assert ids() == [second, first]  # open ones, newest first
    assert ids(status="all") == [third, second, first]
    assert ids(status="closed") == [third]
    assert ids(status="all", kind="leak") == [third, first]
    assert ids(status="all", customer_id=bo.customer_id) == [second]
    assert ids(status="nonsense", kind="nonsense") == [third, second, first]  # unknown filters filter nothing


def _get(url: str, **cookies: str) -> int:
    with TestClient(build_api(), cookies=cookies) as client:
        return client.get(url).status_code


def test_request_photos_are_served_to_staff_and_their_customer_only(session, world):
    request_id = _submit(session, world["ana"], world["pool"].id, photos=[_photo()])
    photo_id = session.exec(select(ServiceRequestPhoto.id).where(ServiceRequestPhoto.request_id == request_id)).one()
    full = routes.path_to(routes.API_REQUEST_PHOTO, photo_id=str(photo_id))
    thumbnail = routes.path_to(routes.API_REQUEST_PHOTO_THUMBNAIL, photo_id=str(photo_id))
    ana_token, bo_token = world["tokens"]
    staff_token = staff_auth.sign_in(session, email=world["staff"].email, password=STAFF_PASSWORD, client_ip="t").token
    session.commit()
    assert _get(full, **{CUSTOMER_SESSION_COOKIE: ana_token}) == 200
    assert _get(thumbnail, **{CUSTOMER_SESSION_COOKIE: ana_token}) == 200
    assert _get(full, **{STAFF_SESSION_COOKIE: staff_token}) == 200
    assert _get(full, **{CUSTOMER_SESSION_COOKIE: bo_token}) == 404
    assert _get(full) == 404
    assert _get(full, **{STAFF_SESSION_COOKIE: ana_token}) == 404  # a customer's token is not a staff one
    # Not a visit photo's id space: the visit photo route knows nothing of it.
    assert _get(routes.photo_url(photo_id), **{CUSTOMER_SESSION_COOKIE: ana_token}) == 404
    portal = session.exec(select(PortalSettings)).one()
    portal.include_service_requests = False
    session.add(portal)
    session.commit()
    assert _get(full, **{CUSTOMER_SESSION_COOKIE: ana_token}) == 404
    assert _get(full, **{STAFF_SESSION_COOKIE: staff_token}) == 200
    with TestClient(build_api(), cookies={STAFF_SESSION_COOKIE: staff_token}) as client:
        assert Image.open(io.BytesIO(client.get(full).content)).size == (800, 600)
