from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import AuditLogEntry, ServiceLocation, ServiceVisit, VisitPhoto
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.visits import visits
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import ChemicalInput, VisitForm
from customer_portal.settings import settings
from tests.factories import image_bytes, make_customer, make_staff

ZONE = "America/Phoenix"
YESTERDAY = local_day(utcnow(), ZONE) - timedelta(days=1)


@pytest.fixture
def staff(session):
    return make_staff(session)


@pytest.fixture
def pool(session):
    customer = make_customer(session, name="Sofia Moreno", pools=2)
    return session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer.id)).first()


def _form(pool, **overrides) -> VisitForm:
    values = {
        "service_location_id": pool.id,
        "completed_on": YESTERDAY.isoformat(),
        "completed_time": "23:30",
        "technician_name": "Sam Okoye",
        "notes_for_customer": "Brushed the steps; water is clear.",
        "checklist": ["Skimmed surface", "Emptied pump basket", "Not a real item"],
        "readings": {"free_chlorine_ppm": "2.5", "ph": "7.6", "total_alkalinity_ppm": "90", "salt_ppm": ""},
        "chemicals": [ChemicalInput("Liquid chlorine", "1.5", "gal"), ChemicalInput("", "", "")],
    }
    return VisitForm(**{**values, **overrides})


def test_record_a_visit_with_readings_checklist_chemicals_and_photos(session, staff, pool):
    photos = [UploadedPhoto("IMG_1.jpg", image_bytes()), UploadedPhoto("deck.png", image_bytes(image_format="PNG"))]
    visit_id = visits.record_visit(session, staff=staff, form=_form(pool), photos=photos)
    session.commit()
    visit = session.get(ServiceVisit, visit_id)
    assert visit.customer_id == pool.customer_id
    # 23:30 on a Phoenix evening is 06:30 UTC the next day; the local day is kept for display.
    assert local_day(visit.completed_at, ZONE) == YESTERDAY and visit.completed_at.hour == 6
    assert (visit.free_chlorine_ppm, visit.ph, visit.total_alkalinity_ppm, visit.salt_ppm) == (
        Decimal("2.5"),
        Decimal("7.6"),
        90,
        None,
    )
    assert visit.checklist == ["Skimmed surface", "Emptied pump basket"]
    assert visit.chemicals_added == [{"name": "Liquid chlorine", "amount": "1.5", "unit": "gal"}]
    detail = visits.get_visit(session, visit_id=visit_id)
    assert len(detail.photo_ids) == 2 and detail.completed.endswith("11:30 PM")
    assert [(r.label, r.in_range) for r in detail.readings] == [
        ("Free chlorine", True),
        ("pH", True),
        ("Total alkalinity", True),
    ]
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "visit.recorded")).one().details == {
        "photos": 2
    }


def test_out_of_range_readings_are_marked(session, staff, pool):
    form = _form(pool, readings={"ph": "8.2", "free_chlorine_ppm": "0.5"})
    detail = visits.get_visit(session, visit_id=visits.record_visit(session, staff=staff, form=form, photos=[]))
    assert [(r.label, r.value, r.in_range) for r in detail.readings] == [
        ("Free chlorine", "0.5 ppm", False),
        ("pH", "8.2", False),
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"technician_name": " "}, "technician_name"),
        ({"service_location_id": 0}, "service_location_id"),
        ({"completed_on": "yesterday"}, "completed_on"),
        ({"completed_on": "2999-01-01"}, "completed_on"),
        ({"completed_time": "25:99"}, "completed_time"),
        ({"readings": {"ph": "14"}}, "readings.ph"),
        ({"readings": {"free_chlorine_ppm": "lots"}}, "readings.free_chlorine_ppm"),
        ({"chemicals": [ChemicalInput("Acid", "some", "oz")]}, "chemicals.0"),
        ({"chemicals": [ChemicalInput("", "2", "oz")]}, "chemicals.0"),
    ],
)
def test_bad_input_is_refused_field_by_field(session, staff, pool, overrides, field):
    with pytest.raises(ValidationFailed) as error:
        visits.record_visit(session, staff=staff, form=_form(pool, **overrides), photos=[])
    assert field in error.value.field_errors


def _stored_files() -> set[str]:
    return {path.name for path in settings.photo_dir.glob("*")} if settings.photo_dir.exists() else set()


def test_one_bad_photo_saves_nothing_and_leaves_no_files(session, staff, pool):
    before = _stored_files()
    photos = [UploadedPhoto("good.jpg", image_bytes()), UploadedPhoto("notes.jpg", b"%PDF-1.7 not an image")]
    with pytest.raises(ValidationFailed) as error:
        visits.record_visit(session, staff=staff, form=_form(pool), photos=photos)
    assert error.value.field_errors["photos"] == "notes.jpg is not a JPEG, PNG or WebP image."
    session.rollback()
    assert session.exec(select(ServiceVisit)).first() is None
    assert _stored_files() == before


def test_too_many_photos(session, staff, pool):
    photos = [UploadedPhoto(f"{n}.jpg", image_bytes((8, 8))) for n in range(13)]
    with pytest.raises(ValidationFailed, match="highlighted") as error:
        visits.record_visit(session, staff=staff, form=_form(pool), photos=photos)
    assert "at most 12" in error.value.field_errors["photos"]


def test_visit_list_filters_by_customer_and_local_dates(session, staff, pool):
    other_pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id != pool.customer_id)).first()
    if other_pool is None:
        other_pool = session.exec(
            select(ServiceLocation).where(ServiceLocation.customer_id == make_customer(session).id)
        ).one()
    visits.record_visit(session, staff=staff, form=_form(pool), photos=[UploadedPhoto("a.jpg", image_bytes())])
    early = _form(other_pool, completed_on=(YESTERDAY - timedelta(days=3)).isoformat(), completed_time="08:00")
    visits.record_visit(session, staff=staff, form=early, photos=[])
    session.commit()
    everything = visits.list_visits(session)
    assert everything.rows[0].customer_name == "Sofia Moreno"
    assert everything.rows[0].photo_count == 1
    assert [row.id for row in visits.list_visits(session, customer_id=pool.customer_id).rows] == [everything.rows[0].id]
    # The 23:30 visit belongs to YESTERDAY in Phoenix although it is already the next day in UTC.
    only_yesterday = visits.list_visits(session, date_from=YESTERDAY, date_to=YESTERDAY)
    assert [row.customer_name for row in only_yesterday.rows] == ["Sofia Moreno"]


def test_unknown_visit(session):
    with pytest.raises(ServiceError, match="does not exist"):
        visits.get_visit(session, visit_id=987654)


def test_photos_are_kept_with_random_names(session, staff, pool):
    visit_id = visits.record_visit(
        session, staff=staff, form=_form(pool), photos=[UploadedPhoto("My Pool.jpg", image_bytes())]
    )
    photo = session.exec(select(VisitPhoto).where(VisitPhoto.visit_id == visit_id)).one()
    assert "My Pool" not in photo.stored_name and len(photo.stored_name) == len("0" * 32 + ".jpg")
    assert (settings.photo_dir / photo.stored_name).is_file()
