"""Pausing service: the rules every hold follows, and the office's side (the requests to answer, and the day's
scheduled visits with the paused ones marked).

A hold belongs to one pool, runs from one day to another (both included), and only an approved one pauses the
visits in it. A pool's requested and approved holds never overlap; a hold cannot start in the past.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.formatting import Formats
from customer_portal.domain.transitions import HOLD, IllegalTransition
from customer_portal.i18n import _, speaking
from customer_portal.models import (
    AuditActor,
    Customer,
    CustomerStatus,
    HoldStatus,
    ServiceHold,
    ServiceLocation,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.company.company_profile import get_company
from customer_portal.services.customers import pool_schedules
from customer_portal.services.customers.customer_language import language_of_address
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, Detail, EmailContent
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url
from customer_portal.services.text_limits import TextLimit, limits_of

MAX_HOLD_DAYS = 180
ACTIVE = (HoldStatus.REQUESTED, HoldStatus.APPROVED)
REPLY_LIMIT: TextLimit = limits_of(ServiceHold, "office_reply")["office_reply"]
MAX_VISITS_ON_A_DAY = 500


def today_for(session: Session) -> date:
    return local_day(utcnow(), company_time_zone(session))


def parse_range(starts_on: str, ends_on: str, *, today: date) -> tuple[date, date]:
    """Both days, or ValidationFailed naming the field: past, backwards and too-long ranges are refused."""
    errors: dict[str, str] = {}
    days: list[date | None] = []
    for key, text in (("starts_on", starts_on), ("ends_on", ends_on)):
        try:
            days.append(date.fromisoformat(text.strip()))
        except ValueError:
            errors[key] = _("Choose a date.")
            days.append(None)
    starts, ends = days
    if starts is not None and starts < today:
        errors["starts_on"] = _("A pause cannot start in the past.")
    if starts is not None and ends is not None:
        if ends < starts:
            errors["ends_on"] = _("The last day cannot be before the first.")
        elif (ends - starts).days >= MAX_HOLD_DAYS:
            errors["ends_on"] = _("Pause for at most {count} days at a time; ask again for longer.").format(
                count=MAX_HOLD_DAYS
            )
    if errors or starts is None or ends is None:
        raise ValidationFailed(errors)
    return starts, ends


def overlapping(session: Session, *, location_id: int, starts: date, ends: date) -> ServiceHold | None:
    return session.exec(
        select(ServiceHold).where(
            ServiceHold.service_location_id == location_id,
            col(ServiceHold.status).in_(ACTIVE),
            col(ServiceHold.starts_on) <= ends,
            col(ServiceHold.ends_on) >= starts,
        )
    ).first()


def period(formats: Formats, hold: ServiceHold) -> str:
    return f"{formats.day(hold.starts_on)} – {formats.day(hold.ends_on)}"


def paused_ranges(session: Session, location_ids: list[int], *, since: date) -> dict[int, list[tuple[date, date]]]:
    """The approved holds of these pools that have not ended, by pool."""
    ranges: dict[int, list[tuple[date, date]]] = {}
    for location_id, starts, ends in session.exec(
        select(col(ServiceHold.service_location_id), col(ServiceHold.starts_on), col(ServiceHold.ends_on)).where(
            col(ServiceHold.service_location_id).in_(location_ids),
            ServiceHold.status == HoldStatus.APPROVED,
            col(ServiceHold.ends_on) >= since,
        )
    ):
        ranges.setdefault(location_id, []).append((starts, ends))
    return ranges


def is_paused(day: date, ranges: list[tuple[date, date]]) -> bool:
    return any(starts <= day <= ends for starts, ends in ranges)


@dataclass(frozen=True)
class HoldForOffice:
    id: int
    customer_id: int
    customer_name: str
    pool: str
    period: str
    note: str
    status: str


@dataclass(frozen=True)
class ScheduledVisit:
    customer_id: int
    customer_name: str
    pool: str
    address: str
    paused: bool


@dataclass(frozen=True)
class OfficeSchedule:
    day: str  # ISO, for the day picker
    day_label: str  # "Tuesday, December 8, 2026"
    visits: list[ScheduledVisit] = field(default_factory=list)
    requests: list[HoldForOffice] = field(default_factory=list)  # waiting for an answer, oldest first
    approved: list[HoldForOffice] = field(default_factory=list)  # not yet over


def _for_office(formats: Formats, hold: ServiceHold, customer: str, pool: ServiceLocation) -> HoldForOffice:
    return HoldForOffice(
        id_of(hold),
        hold.customer_id,
        customer,
        pool.label or pool.address,
        period(formats, hold),
        hold.note,
        hold.status,
    )


def _holds(session: Session, formats: Formats, *conditions: object) -> list[HoldForOffice]:
    rows = session.exec(
        select(ServiceHold, Customer.name, ServiceLocation)
        .join(Customer, col(Customer.id) == ServiceHold.customer_id)
        .join(ServiceLocation, col(ServiceLocation.id) == ServiceHold.service_location_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(col(ServiceHold.starts_on), id_column(ServiceHold))
    )
    return [_for_office(formats, hold, name, pool) for hold, name, pool in rows]


def office_schedule(session: Session, *, day: str = "") -> OfficeSchedule:
    """The pools due on one day (today unless chosen), paused ones marked, and the holds to answer."""
    today, formats = today_for(session), company_formats(session)
    try:
        chosen = date.fromisoformat(day.strip()) if day.strip() else today
    except ValueError:
        chosen = today
    pools = session.exec(
        select(ServiceLocation, Customer.name)
        .join(Customer, col(Customer.id) == ServiceLocation.customer_id)
        .where(
            Customer.status == CustomerStatus.ACTIVE,
            ServiceLocation.service_weekday == chosen.weekday(),
            col(ServiceLocation.service_starts_on) <= chosen,
        )
        .order_by(col(Customer.list_name), id_column(ServiceLocation))
    ).all()
    due = [(pool, name) for pool, name in pools if chosen in _days_of(pool, chosen)][:MAX_VISITS_ON_A_DAY]
    paused = paused_ranges(session, [id_of(pool) for pool, _ in due], since=chosen)
    visits = [
        ScheduledVisit(
            pool.customer_id,
            name,
            pool.label or _("Pool"),
            pool.address,
            is_paused(chosen, paused.get(id_of(pool), [])),
        )
        for pool, name in due
    ]
    return OfficeSchedule(
        chosen.isoformat(),
        formats.full_day(chosen),
        visits,
        _holds(session, formats, ServiceHold.status == HoldStatus.REQUESTED),
        _holds(session, formats, ServiceHold.status == HoldStatus.APPROVED, col(ServiceHold.ends_on) >= today),
    )


def _days_of(pool: ServiceLocation, day: date) -> list[date]:
    schedule = pool_schedules.schedule_of(pool)
    return schedule.days_from(day, count=1) if schedule else []


def decide(session: Session, *, staff: StaffIdentity, hold_id: int, approve: bool, reply: str = "") -> None:
    """Approve or decline a requested pause; the customer is told by email either way."""
    hold = session.exec(select(ServiceHold).where(ServiceHold.id == hold_id).with_for_update()).first()
    if hold is None:
        raise ServiceError(_("That request does not exist."))
    if REPLY_LIMIT.exceeded_by(reply.strip()):
        raise ValidationFailed({"reply": REPLY_LIMIT.message})
    try:
        hold.status = HOLD.apply(hold.status, "approve" if approve else "decline")
    except IllegalTransition as error:
        raise ServiceError(str(error)) from error
    hold.office_reply, hold.decided_by_staff_id, hold.decided_at = reply.strip(), staff.id, utcnow()
    session.add(hold)
    audit.record(
        session,
        action="hold.approved" if approve else "hold.declined",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="customer",
        entity_id=hold.customer_id,
        details={"hold": hold.id},
    )
    _tell_customer(session, hold)


def _tell_customer(session: Session, hold: ServiceHold) -> None:
    """The answer, to the address that asked (an answer to the customer's own request: not optional)."""
    if not hold.requested_by:
        return
    with speaking(language_of_address(session, hold.requested_by)):
        _write_answer(session, hold)


def _write_answer(session: Session, hold: ServiceHold) -> None:
    company, formats = get_company(session), company_formats(session)
    pool = referenced(session, ServiceLocation, hold.service_location_id)
    approved = hold.status == HoldStatus.APPROVED
    link = portal_page_url(routes.PORTAL_UPCOMING, get_portal_settings(session).slug)
    content = EmailContent(
        subject=_("Your pause request was approved") if approved else _("Your pause request was declined"),
        heading=_("Service paused") if approved else _("We could not pause your service"),
        paragraphs=(
            _("Service at {pool} is paused {dates}.").format(
                pool=pool.label or pool.address, dates=period(formats, hold)
            )
            if approved
            else _("We could not pause service at {pool} {dates}.").format(
                pool=pool.label or pool.address, dates=period(formats, hold)
            ),
            *((f"{company.name}: {hold.office_reply}",) if hold.office_reply else ()),
        ),
        details=(Detail(_("Pool"), pool.label or pool.address), Detail(_("Dates"), period(formats, hold))),
        button=Button(_("See your upcoming visits"), link) if link else None,
    )
    send_from_company(session, to=hold.requested_by, template="hold_answered", content=content)


def days_ahead(session: Session, *, count: int = 14) -> list[tuple[str, str]]:
    """The days the office's schedule offers to pick, from today: (ISO, as written)."""
    today, formats = today_for(session), company_formats(session)
    days = [today + timedelta(days=offset) for offset in range(count)]
    return [(day.isoformat(), formats.full_day(day)) for day in days]
