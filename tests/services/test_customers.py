import pytest
from sqlmodel import select

from customer_portal.models import AuditLogEntry, CustomerEmail, CustomerStatus, PortalLogin, ServiceVisit
from customer_portal.services.customers import customers
from customer_portal.services.customers.customers import CustomerForm, EmailInput, LocationInput
from customer_portal.services.customers.pool_schedules import ScheduleFields
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import make_customer, make_staff


def _pool(schedule: ScheduleFields) -> LocationInput:
    return LocationInput("Main pool", "1 Main", schedule=schedule)


def _form(**overrides) -> CustomerForm:
    values = {
        "name": "Grace Tanaka",
        "phone": "(480) 555-0199",
        "emails": [
            EmailInput("Grace@Example.com", is_primary=True),
            EmailInput("billing@tanaka.example", False, False),
        ],
        "locations": [
            LocationInput("Main pool", "12 Palm Way, Tempe, AZ", pool_type="salt", volume_gallons="18,000"),
            LocationInput("Spa", "12 Palm Way, Tempe, AZ", volume_gallons=""),
        ],
    }
    return CustomerForm(**{**values, **overrides})


def test_create_a_customer_with_two_emails_and_two_pools(session):
    staff = make_staff(session)
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=_form())
    session.commit()
    detail = customers.get_customer(session, customer_id=customer_id)
    assert detail.status == "active" and detail.form.name == "Grace Tanaka"
    assert [(e.address, e.is_primary, e.send_invoices) for e in detail.form.emails] == [
        ("grace@example.com", True, True),
        ("billing@tanaka.example", False, False),
    ]
    assert [(pool.label, pool.volume_gallons) for pool in detail.form.locations] == [
        ("Main pool", "18000"),
        ("Spa", ""),
    ]
    assert all(email.portal_status == "Not invited" for email in detail.form.emails)
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "customer.created")).one()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"emails": [EmailInput("not-an-email")]}, "emails.0.address"),
        ({"emails": [EmailInput("a@example.com"), EmailInput("A@example.com ")]}, "emails.1.address"),
        ({"emails": [EmailInput("a@example.com", True), EmailInput("b@example.com", True)]}, "emails"),
        ({"locations": [LocationInput(address="")]}, "locations.0.address"),
        ({"locations": [LocationInput(address="1 Main", volume_gallons="lots")]}, "locations.0.volume_gallons"),
        ({"locations": [LocationInput(address="1 Main", pool_type="lava")]}, "locations.0.pool_type"),
        ({"locations": [_pool(ScheduleFields("7"))]}, "locations.0.service_day"),
        ({"locations": [_pool(ScheduleFields("1", "3"))]}, "locations.0.every_weeks"),
        ({"locations": [_pool(ScheduleFields("1", "1", "next week"))]}, "locations.0.service_from"),
        ({"locations": [_pool(ScheduleFields("1", "1", "2026-12-01", "2026-11-30"))]}, "locations.0.service_until"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(session, overrides, field):
    staff = make_staff(session)
    with pytest.raises(ValidationFailed) as error:
        customers.save_customer(session, staff=staff, customer_id=None, form=_form(**overrides))
    assert field in error.value.field_errors
    session.rollback()
    assert session.exec(select(CustomerEmail)).first() is None


@pytest.mark.parametrize(
    ("overrides", "field", "limit"),
    [
        ({"name": "N" * 201}, "name", "200"),
        ({"phone": "5" * 41}, "phone", "40"),
        ({"notes": "n" * 10_001}, "notes", "10,000"),
        ({"locations": [LocationInput("L" * 101, "1 Main")]}, "locations.0.label", "100"),
        ({"locations": [LocationInput(address="A" * 501)]}, "locations.0.address", "500"),
        (
            {"locations": [LocationInput(address="1 Main", access_notes="g" * 2_001)]},
            "locations.0.access_notes",
            "2,000",
        ),
    ],
)
def test_an_over_long_text_is_named_with_its_columns_limit_not_cut_short(session, overrides, field, limit):
    """A pool label of 150 characters was saved as its first 100, a phone as its first 40, without a word."""
    with pytest.raises(ValidationFailed) as error:
        customers.save_customer(session, staff=make_staff(session), customer_id=None, form=_form(**overrides))
    assert error.value.field_errors == {field: f"Use at most {limit} characters."}


def test_an_email_belongs_to_one_customer_only(session):
    staff = make_staff(session)
    other = make_customer(session)
    taken = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == other.id)).one().address
    with pytest.raises(ValidationFailed) as error:
        customers.save_customer(session, staff=staff, customer_id=None, form=_form(emails=[EmailInput(taken)]))
    assert "Another customer" in error.value.field_errors["emails.0.address"]


def test_edit_keeps_ids_changes_flags_and_removes_what_was_dropped(session):
    staff = make_staff(session)
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=_form())
    session.commit()
    form = customers.get_customer(session, customer_id=customer_id).form
    first_email_id = form.emails[0].id
    form.emails[0].send_invoices = False
    form.emails = form.emails[:1]
    form.locations = form.locations[:1]
    form.notes = "Gate code 1234"
    customers.save_customer(session, staff=staff, customer_id=customer_id, form=form)
    session.commit()
    detail = customers.get_customer(session, customer_id=customer_id)
    assert [(e.id, e.send_invoices) for e in detail.form.emails] == [(first_email_id, False)]
    assert len(detail.form.locations) == 1 and detail.form.notes == "Gate code 1234"


def test_the_first_email_becomes_primary_when_none_is_chosen(session):
    staff = make_staff(session)
    form = _form(emails=[EmailInput("one@example.com"), EmailInput("two@example.com")])
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=form)
    emails = customers.get_customer(session, customer_id=customer_id).form.emails
    assert [email.is_primary for email in emails] == [True, False]


def test_a_pool_with_visits_cannot_be_removed(session):
    from customer_portal.domain.clock import utcnow

    staff = make_staff(session)
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=_form())
    form = customers.get_customer(session, customer_id=customer_id).form
    session.add(
        ServiceVisit(
            service_location_id=form.locations[1].id,
            customer_id=customer_id,
            technician_name="Sam",
            completed_at=utcnow(),
        )
    )
    session.commit()
    form.locations = form.locations[:1]
    with pytest.raises(ServiceError, match=r"Spa.*cannot be removed"):
        customers.save_customer(session, staff=staff, customer_id=customer_id, form=form)


def test_archive_and_restore_go_through_the_status_machine(session):
    staff = make_staff(session)
    customer = make_customer(session)
    customers.set_archived(session, staff=staff, customer_id=customer.id, archived=True)
    assert customers.get_customer(session, customer_id=customer.id).status == CustomerStatus.ARCHIVED
    with pytest.raises(ServiceError, match="Cannot archive an archived customer"):
        customers.set_archived(session, staff=staff, customer_id=customer.id, archived=True)
    customers.set_archived(session, staff=staff, customer_id=customer.id, archived=False)
    assert customers.get_customer(session, customer_id=customer.id).status == CustomerStatus.ACTIVE
    actions = session.exec(select(AuditLogEntry.action).order_by(AuditLogEntry.id)).all()
    assert actions[-2:] == ["customer.archived", "customer.restored"]


def test_portal_status_per_email(session):
    customer = make_customer(session, emails=2)
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer.id).order_by(CustomerEmail.id)
    ).all()
    session.add(PortalLogin(customer_email_id=emails[0].id, password_hash="x"))
    session.commit()
    statuses = [email.portal_status for email in customers.get_customer(session, customer_id=customer.id).form.emails]
    assert statuses == ["Active", "Not invited"]


def test_unknown_customer_gives_a_message(session):
    with pytest.raises(ServiceError, match="does not exist"):
        customers.get_customer(session, customer_id=999_999)


def test_a_pool_keeps_its_service_schedule_and_can_lose_it(session):
    staff = make_staff(session)
    schedule = ScheduleFields("1", "2", "2026-12-01", "2027-05-31")
    form = _form(locations=[LocationInput("Main pool", "12 Palm Way", schedule=schedule)])
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=form)
    session.commit()
    (pool,) = customers.get_customer(session, customer_id=customer_id).form.locations
    assert pool.schedule == schedule
    pool.schedule = ScheduleFields()
    customers.save_customer(session, staff=staff, customer_id=customer_id, form=_form(locations=[pool]))
    session.commit()
    (pool,) = customers.get_customer(session, customer_id=customer_id).form.locations
    assert pool.schedule == ScheduleFields()
