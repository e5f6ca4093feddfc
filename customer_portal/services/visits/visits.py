"""Service visits: record what the technician did (with readings and photos), list and read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from customer_portal.domain.clock import start_of_local_day, utcnow
from customer_portal.domain.water import READINGS, STANDARD_CHECKLIST, checklist_label
from customer_portal.i18n import _
from customer_portal.models import AuditActor, Customer, ServiceLocation, ServiceVisit, VisitPhoto, id_column, id_of
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import event_notices
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.services.visits.photo_upload import MAX_PHOTOS_PER_VISIT, UploadedPhoto, stored_while_saving

PAGE_SIZE = 25


@dataclass
class ChemicalInput:
    name: str = ""
    amount: str = ""
    unit: str = ""


@dataclass
class VisitForm:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(ServiceVisit, "technician_name", "notes_for_customer")

    service_location_id: int
    completed_on: str  # YYYY-MM-DD in the company's time zone
    completed_time: str  # HH:MM in the company's time zone
    technician_name: str = ""
    notes_for_customer: str = ""
    checklist: list[str] = field(default_factory=list)
    readings: dict[str, str] = field(default_factory=dict)  # field name -> typed value
    chemicals: list[ChemicalInput] = field(default_factory=list)


def _completed_at(form: VisitForm, zone: str, errors: dict[str, str]) -> datetime | None:
    try:
        day = date.fromisoformat(form.completed_on.strip())
    except ValueError:
        errors["completed_on"] = _("Enter the date of the visit, like 2026-11-24.")
        return None
    try:
        clock = time.fromisoformat(form.completed_time.strip() or "12:00")
    except ValueError:
        errors["completed_time"] = _("Enter the time like 14:30.")
        return None
    moment = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    if moment > utcnow() + timedelta(minutes=5):
        errors["completed_on"] = _("A completed visit cannot be in the future.")
    return moment


def _readings(form: VisitForm, errors: dict[str, str]) -> dict[str, Decimal | int | None]:
    values: dict[str, Decimal | int | None] = {}
    for reading in READINGS:
        typed = form.readings.get(reading.field, "").strip()
        if not typed:
            values[reading.field] = None
            continue
        try:
            value = Decimal(typed)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or not reading.lowest <= value <= reading.highest:
            errors[f"readings.{reading.field}"] = (
                f"{reading.label} must be a number from {reading.lowest} to {reading.highest}."
            )
            continue
        values[reading.field] = (
            value.quantize(Decimal(1).scaleb(-reading.decimals)) if reading.decimals else int(value.to_integral_value())
        )
    return values


def _chemicals(form: VisitForm, errors: dict[str, str]) -> list[dict[str, str]]:
    added = []
    for index, chemical in enumerate(form.chemicals):
        name, amount, unit = chemical.name.strip(), chemical.amount.strip(), chemical.unit.strip()
        if not (name or amount):
            continue
        if not name:
            errors[f"chemicals.{index}"] = _("Name the chemical.")
            continue
        try:
            if Decimal(amount) <= 0:
                raise InvalidOperation
        except InvalidOperation:
            errors[f"chemicals.{index}"] = f"Enter how much {name} was added, like 1.5."
            continue
        added.append({"name": name[:100], "amount": amount[:20], "unit": unit[:20]})
    return added


def record_visit(session: Session, *, staff: StaffIdentity, form: VisitForm, photos: list[UploadedPhoto]) -> int:
    """Validate everything, store the photos, then the visit, in one transaction."""
    location = session.get(ServiceLocation, form.service_location_id) if form.service_location_id else None
    errors: dict[str, str] = {}
    if location is None:
        errors["service_location_id"] = _("Choose the pool that was serviced.")
    if not form.technician_name.strip():
        errors["technician_name"] = _("Enter the technician's name.")
    completed_at = _completed_at(form, company_time_zone(session), errors)
    readings = _readings(form, errors)
    chemicals = _chemicals(form, errors)
    errors |= length_errors(form, VisitForm.LIMITS)
    if len(photos) > MAX_PHOTOS_PER_VISIT:
        errors["photos"] = f"Attach at most {MAX_PHOTOS_PER_VISIT} photos to one visit."
    if errors or location is None or completed_at is None:
        raise ValidationFailed(errors)

    with stored_while_saving(photos) as stored:
        visit = ServiceVisit(
            service_location_id=id_of(location),
            customer_id=location.customer_id,
            technician_name=form.technician_name.strip(),
            completed_at=completed_at,
            notes_for_customer=form.notes_for_customer.strip(),
            checklist=[item for item in STANDARD_CHECKLIST if item in form.checklist],
            chemicals_added=chemicals,
        )
        for reading, value in readings.items():
            setattr(visit, reading, value)
        session.add(visit)
        session.flush()
        session.add_all(VisitPhoto(visit_id=id_of(visit), **asdict(saved)) for saved in stored)
        audit.record(
            session,
            action="visit.recorded",
            actor=AuditActor.STAFF,
            staff_user_id=staff.id,
            actor_label=staff.email,
            entity_type="visit",
            entity_id=visit.id,
            details={"photos": len(stored)},
        )
        session.flush()
        event_notices.visit_report(session, visit=visit)
    return id_of(visit)


@dataclass(frozen=True)
class VisitRow:
    id: int
    completed: str
    customer_id: int
    customer_name: str
    pool: str
    technician: str
    photo_count: int
    summary: str = ""


@dataclass(frozen=True)
class VisitPage:
    rows: list[VisitRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def list_visits(
    session: Session,
    *,
    customer_id: int | None = None,
    service_location_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> VisitPage:
    zone = company_time_zone(session)
    completed = col(ServiceVisit.completed_at)
    filters: list[ColumnElement[bool]] = []
    if customer_id:
        filters.append(col(ServiceVisit.customer_id) == customer_id)
    if service_location_id:
        filters.append(col(ServiceVisit.service_location_id) == service_location_id)
    if date_from:
        filters.append(completed >= start_of_local_day(date_from, zone))
    if date_to:
        filters.append(completed < start_of_local_day(date_to + timedelta(days=1), zone))
    total = session.exec(select(func.count()).select_from(ServiceVisit).where(*filters)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    photo_count = (
        select(func.count()).where(VisitPhoto.visit_id == ServiceVisit.id).correlate(ServiceVisit).scalar_subquery()
    )
    statement = (
        select(ServiceVisit, Customer.name, ServiceLocation, photo_count)
        .join(Customer, col(Customer.id) == ServiceVisit.customer_id)
        .join(ServiceLocation, col(ServiceLocation.id) == ServiceVisit.service_location_id)
        .where(*filters)
        .order_by(completed.desc(), col(ServiceVisit.id).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    local, formats = ZoneInfo(zone), company_formats(session)
    rows = [
        VisitRow(
            id=id_of(visit),
            completed=formats.moment(visit.completed_at.astimezone(local)),
            customer_id=visit.customer_id,
            customer_name=name,
            pool=pool.label or pool.address,
            technician=visit.technician_name,
            photo_count=photos,
            summary=visit.notes_for_customer[:90] + ("…" if len(visit.notes_for_customer) > 90 else ""),
        )
        for visit, name, pool, photos in session.exec(statement)
    ]
    return VisitPage(rows=rows, total=total, page=page, pages=pages)


@dataclass(frozen=True)
class ReadingView:
    label: str
    value: str
    ideal: str
    in_range: bool


@dataclass(frozen=True)
class VisitDetail:
    id: int
    customer_id: int
    customer_name: str
    pool: str
    completed: str
    technician: str
    notes: str
    checklist: list[str]
    readings: list[ReadingView]
    chemicals: list[str]
    photo_ids: list[int]  # served by the photo route, which checks who is asking


def get_visit(session: Session, *, visit_id: int) -> VisitDetail:
    visit = session.get(ServiceVisit, visit_id)
    if visit is None:
        raise ServiceError(_("That visit does not exist."))
    customer = session.get(Customer, visit.customer_id)
    location = session.get(ServiceLocation, visit.service_location_id)
    photos = session.exec(
        select(id_column(VisitPhoto)).where(VisitPhoto.visit_id == visit_id).order_by(id_column(VisitPhoto))
    ).all()
    readings = []
    for reading in READINGS:
        value = getattr(visit, reading.field)
        if value is not None:
            readings.append(
                ReadingView(
                    label=reading.label,
                    value=reading.format(value),
                    ideal=reading.ideal,
                    in_range=reading.in_ideal_range(Decimal(value)),
                )
            )
    return VisitDetail(
        id=visit_id,
        customer_id=visit.customer_id,
        customer_name=customer.name if customer else "",
        pool=(location.label or location.address) if location else "",
        completed=company_formats(session).moment(visit.completed_at.astimezone(ZoneInfo(company_time_zone(session)))),
        technician=visit.technician_name,
        notes=visit.notes_for_customer,
        checklist=[checklist_label(item) for item in visit.checklist],
        readings=readings,
        chemicals=[
            f"{item['name']}: {item['amount']} {item.get('unit', '')}".strip() for item in visit.chemicals_added
        ],
        photo_ids=list(photos),
    )
