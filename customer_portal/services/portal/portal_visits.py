"""A customer's service history: completed visits in a date range, one visit in full, and how each water
reading moved. Scoped to the customer, and to what the office shows (notes, photos, readings)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as default_of
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from customer_portal.domain.clock import local_day, start_of_local_day, utcnow
from customer_portal.domain.water import READINGS
from customer_portal.i18n import _
from customer_portal.models import PortalSettings, ServiceLocation, ServiceVisit, id_column, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal.owned import owned_by, owned_rows
from customer_portal.services.portal.portal_view import require_tab
from customer_portal.services.visits import visits
from customer_portal.services.visits.visits import VisitDetail, VisitPage

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366 + 1


@dataclass(frozen=True)
class Shown:
    notes: bool
    photos: bool
    readings: bool


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class ReadingPoint:
    day: str
    value: float  # for the chart only; the stored reading stays a Decimal


@dataclass(frozen=True)
class ReadingSeries:
    field: str
    label: str
    unit: str
    ideal_low: float
    ideal_high: float
    points: list[ReadingPoint] = default_of(default_factory=list)  # (`field` is a reading's name here)


@dataclass(frozen=True)
class History:
    span: Period
    series: list[ReadingSeries]
    visits: VisitPage


def _shown(session: Session, customer: CustomerIdentity) -> Shown:
    require_tab(customer, key="service-history")
    portal = session.exec(select(PortalSettings)).one()
    return Shown(portal.include_technician_notes, portal.include_photos, portal.include_water_readings)


def pools(session: Session, *, customer: CustomerIdentity) -> list[tuple[int, str]]:
    require_tab(customer, key="service-history")
    rows = session.exec(owned_rows(customer, ServiceLocation).order_by(id_column(ServiceLocation)))
    return [(id_of(row), row.label or row.address) for row in rows]


def period(session: Session, *, start: str = "", end: str = "") -> Period:
    """The range asked for, or the last 90 days in the company's time zone."""
    today = local_day(utcnow(), company_time_zone(session))
    if not start and not end:
        return Period(today - timedelta(days=DEFAULT_DAYS), today)
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise ValidationFailed({"period": _("Enter both dates, like 2026-09-01 and 2026-11-30.")}) from None
    if first > last:
        raise ValidationFailed({"period": _("The start date is after the end date.")})
    if (last - first).days > MAX_DAYS:
        raise ValidationFailed({"period": _("Choose at most three years.")})
    return Period(first, last)


def _own_pool(session: Session, customer: CustomerIdentity, location_id: int | None) -> int | None:
    if location_id is None:
        return None
    location = owned_by(session, customer, ServiceLocation, location_id)
    if location is None:
        raise ServiceError(_("That pool is not available."))
    return location.id


def list_visits(
    session: Session, *, customer: CustomerIdentity, location_id: int | None, span: Period, page: int = 1
) -> VisitPage:
    return _visit_page(session, customer, _shown(session, customer), location_id, span, page)


def _visit_page(
    session: Session, customer: CustomerIdentity, shown: Shown, location_id: int | None, span: Period, page: int
) -> VisitPage:
    result = visits.list_visits(
        session,
        customer_id=customer.customer_id,
        service_location_id=_own_pool(session, customer, location_id),
        date_from=span.start,
        date_to=span.end,
        page=page,
    )
    rows = [
        replace(row, summary=row.summary if shown.notes else "", photo_count=row.photo_count if shown.photos else 0)
        for row in result.rows
    ]
    return replace(result, rows=rows)


def history(
    session: Session,
    *,
    customer: CustomerIdentity,
    location_id: int | None,
    start: str = "",
    end: str = "",
    page: int = 1,
) -> History:
    """What the Service History page shows, in one transaction: the period (the last 90 days when none is
    given), each reading over it, and one page of its visits."""
    shown, span = _shown(session, customer), period(session, start=start, end=end)
    series = _reading_series(session, customer, shown, location_id, span)
    return History(span, series, _visit_page(session, customer, shown, location_id, span, page))


def visit_detail(session: Session, *, customer: CustomerIdentity, visit_id: int) -> VisitDetail:
    shown = _shown(session, customer)
    visit = owned_by(session, customer, ServiceVisit, visit_id)
    if visit is None:
        raise ServiceError(_("That visit is not available."))
    detail = visits.get_visit(session, visit_id=visit_id)
    return replace(
        detail,
        notes=detail.notes if shown.notes else "",
        photo_ids=detail.photo_ids if shown.photos else [],
        readings=detail.readings if shown.readings else [],
    )


def reading_series(
    session: Session, *, customer: CustomerIdentity, location_id: int | None, span: Period
) -> list[ReadingSeries]:
    """Each reading's values over the period, oldest first, for the charts (none when readings are hidden)."""
    return _reading_series(session, customer, _shown(session, customer), location_id, span)


def _reading_series(
    session: Session, customer: CustomerIdentity, shown: Shown, location_id: int | None, span: Period
) -> list[ReadingSeries]:
    if not shown.readings:
        return []
    zone = company_time_zone(session)
    filters = [
        ServiceVisit.completed_at >= start_of_local_day(span.start, zone),
        ServiceVisit.completed_at < start_of_local_day(span.end + timedelta(days=1), zone),
    ]
    if (pool := _own_pool(session, customer, location_id)) is not None:
        filters.append(ServiceVisit.service_location_id == pool)
    rows = session.exec(
        owned_rows(customer, ServiceVisit).where(*filters).order_by(col(ServiceVisit.completed_at))
    ).all()
    local, formats = ZoneInfo(zone), company_formats(session)
    series = []
    for reading in READINGS:
        points = [
            ReadingPoint(formats.day(row.completed_at.astimezone(local).date()), float(getattr(row, reading.field)))
            for row in rows
            if getattr(row, reading.field) is not None
        ]
        if points:
            series.append(
                ReadingSeries(
                    reading.field,
                    reading.label,
                    reading.unit,
                    float(reading.ideal_low),
                    float(reading.ideal_high),
                    points,
                )
            )
    return series
