"""The portal's Upcoming visits: each scheduled pool's next four visits (paused ones marked), the customer's
pause requests with the office's answers, asking for a pause, and withdrawing one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from sqlmodel import Session, col

from customer_portal.domain.transitions import HOLD
from customer_portal.i18n import N_, OFFICE_LANGUAGE, _, speaking
from customer_portal.models import AuditActor, HoldStatus, ServiceHold, ServiceLocation, id_column, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats
from customer_portal.services.customers import pool_schedules
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox
from customer_portal.services.portal.owned import owned_by, owned_rows
from customer_portal.services.portal.portal_quotes import office_address
from customer_portal.services.portal.portal_view import require_tab
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.services.visits import holds

UPCOMING_VISITS = 4
_STATUS_LABELS = {
    HoldStatus.REQUESTED: N_("Waiting for an answer"),
    HoldStatus.APPROVED: N_("Approved"),
    HoldStatus.DECLINED: N_("Declined"),
    HoldStatus.CANCELLED: N_("Withdrawn"),
}


@dataclass(frozen=True)
class UpcomingVisit:
    day: str  # "Tuesday, December 8, 2026"
    paused: bool = False


@dataclass(frozen=True)
class PoolVisits:
    pool: str
    schedule: str  # "Every other Tuesday"
    visits: list[UpcomingVisit] = field(default_factory=list)


@dataclass(frozen=True)
class HoldRow:
    id: int
    pool: str
    period: str
    note: str
    status: str  # as shown
    office_reply: str = ""
    can_cancel: bool = False


@dataclass(frozen=True)
class CustomerSchedule:
    pools: list[PoolVisits] = field(default_factory=list)
    holds: list[HoldRow] = field(default_factory=list)
    pool_choices: list[tuple[str, str]] = field(default_factory=list)  # (id, label) of pools that can be paused


@dataclass
class HoldRequest:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(ServiceHold, "note")

    service_location_id: int
    starts_on: str  # YYYY-MM-DD
    ends_on: str
    note: str = ""


def _pools(session: Session, customer: CustomerIdentity) -> list[ServiceLocation]:
    return list(session.exec(owned_rows(customer, ServiceLocation).order_by(id_column(ServiceLocation))))


def schedule_for(session: Session, *, customer: CustomerIdentity) -> CustomerSchedule:
    require_tab(customer, key="service-history")
    today, formats = holds.today_for(session), company_formats(session)
    pools = _pools(session, customer)
    paused = holds.paused_ranges(session, [id_of(pool) for pool in pools], since=today)
    upcoming = []
    for pool in pools:
        schedule = pool_schedules.schedule_of(pool)
        if schedule is None:
            continue
        days = schedule.days_from(today, count=UPCOMING_VISITS)
        visits = [
            UpcomingVisit(formats.full_day(day), holds.is_paused(day, paused.get(id_of(pool), []))) for day in days
        ]
        upcoming.append(PoolVisits(pool.label or pool.address, schedule.describe(), visits))
    names = {id_of(pool): pool.label or pool.address for pool in pools}
    rows = session.exec(
        owned_rows(customer, ServiceHold).order_by(col(ServiceHold.starts_on).desc(), id_column(ServiceHold).desc())
    )
    hold_rows = [
        HoldRow(
            id_of(hold),
            names.get(hold.service_location_id, ""),
            holds.period(formats, hold),
            hold.note,
            _(_STATUS_LABELS[hold.status]),
            hold.office_reply,
            HOLD.allows(hold.status, "cancel") and hold.ends_on >= today,
        )
        for hold in rows
    ]
    return CustomerSchedule(upcoming, hold_rows, [(str(id_of(pool)), names[id_of(pool)]) for pool in pools])


def _audit(session: Session, customer: CustomerIdentity, action: str, hold: ServiceHold) -> None:
    audit.record(
        session,
        action=action,
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="customer",
        entity_id=customer.customer_id,
        details={"hold": hold.id},
    )


def request_hold(session: Session, *, customer: CustomerIdentity, request: HoldRequest) -> CustomerSchedule:
    """Ask to pause one of the customer's pools; the office is emailed and answers on its Schedule page."""
    require_tab(customer, key="service-history")
    require_writable(customer)
    pool = owned_by(session, customer, ServiceLocation, request.service_location_id)
    errors = length_errors(request, HoldRequest.LIMITS)
    if pool is None:
        errors["service_location_id"] = _("Choose one of your pools.")
    try:
        starts, ends = holds.parse_range(request.starts_on, request.ends_on, today=holds.today_for(session))
    except ValidationFailed as error:
        raise ValidationFailed({**errors, **error.field_errors}) from None
    if errors or pool is None:
        raise ValidationFailed(errors)
    if clash := holds.overlapping(session, location_id=id_of(pool), starts=starts, ends=ends):
        asked = holds.period(company_formats(session), clash)
        raise ValidationFailed(
            {"starts_on": _("These days overlap a pause already asked for ({period}).").format(period=asked)}
        )
    hold = ServiceHold(
        customer_id=customer.customer_id,
        service_location_id=id_of(pool),
        starts_on=starts,
        ends_on=ends,
        note=request.note.strip(),
        status=HoldStatus.REQUESTED,
        requested_by=customer.email,
    )
    session.add(hold)
    session.flush()
    _audit(session, customer, "hold.requested", hold)
    if to := office_address(session):
        _tell_office(session, to, customer, hold, pool)
    return schedule_for(session, customer=customer)


def _tell_office(
    session: Session, to: str, customer: CustomerIdentity, hold: ServiceHold, pool: ServiceLocation
) -> None:
    with speaking(OFFICE_LANGUAGE):
        period = holds.period(company_formats(session), hold)
        outbox.enqueue(
            session,
            to=to,
            template="hold_requested",
            subject=_("Pause requested: {name}, {period}").format(name=customer.customer_name, period=period),
            text="\n\n".join(
                (
                    _("{name} ({email}) asks to pause service at {pool} {period}.").format(
                        name=customer.customer_name,
                        email=customer.email,
                        pool=pool.label or pool.address,
                        period=period,
                    ),
                    _("Note: {note}").format(note=hold.note) if hold.note else "",
                    _("Answer it on the Schedule page."),
                )
            ),
            reply_to=customer.email,
            customer_email_id=customer.email_id,
        )


def cancel_hold(session: Session, *, customer: CustomerIdentity, hold_id: int) -> CustomerSchedule:
    require_tab(customer, key="service-history")
    require_writable(customer)
    hold = owned_by(session, customer, ServiceHold, hold_id)
    if hold is None or not HOLD.allows(hold.status, "cancel") or hold.ends_on < holds.today_for(session):
        raise ServiceError(_("That pause cannot be withdrawn."))
    hold.status = HOLD.apply(hold.status, "cancel")
    session.add(hold)
    _audit(session, customer, "hold.cancelled", hold)
    return schedule_for(session, customer=customer)
