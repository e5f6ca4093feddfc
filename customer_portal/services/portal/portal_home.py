"""The portal's home: what a customer opens the portal for, at a glance on a phone: what they owe and a way to
pay it (or that all is paid, and by which card AutoPay pays), the last visit to their pool, and quotes waiting for
an answer. Each part only while its section is shown to the signed-in email, with the same switches as its page
(a last visit without notes, photos or readings when those are not included in the portal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col

from customer_portal.domain.clock import local_day, start_of_local_day, utcnow
from customer_portal.models import Quote, QuoteStatus, ServiceLocation, ServiceVisit, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing import quotes
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.customers import pool_schedules
from customer_portal.services.payments import autopay, pay_now
from customer_portal.services.portal import portal_invoices, portal_visits
from customer_portal.services.portal.owned import owned_rows, owned_select
from customer_portal.services.portal.portal_view import shows


@dataclass(frozen=True)
class LastVisit:
    id: int
    completed: str
    pool: str
    technician: str
    readings_shown: int = 0  # 0 when readings are not included in the portal
    out_of_range: list[str] = field(default_factory=list)  # the readings outside their ideal range, by name
    photo_id: int = 0  # the visit's first photo, when photos are included


@dataclass(frozen=True)
class NextVisit:
    pool: str
    day: str  # "Tuesday, December 8, 2026"
    schedule: str  # "Every other Tuesday"


@dataclass(frozen=True)
class PortalHome:
    shows_balance: bool = False
    balance: str = ""
    owes: bool = False
    can_pay: bool = False  # Pay Now is offered
    autopay_card: str = ""  # "Visa •••• 4242" while AutoPay is on
    last_visit: LastVisit | None = None
    quotes_waiting: int = 0  # sent and not yet answered
    next_visits: list[NextVisit] = field(default_factory=list)  # one per pool with a service schedule


def portal_home(session: Session, *, customer: CustomerIdentity) -> PortalHome:
    billed = shows(customer, "invoices")
    owed = portal_invoices.outstanding_cents(session, customer=customer) if billed else 0
    card = autopay.autopay_view(session, customer=customer) if shows(customer, "payment-methods") else None
    return PortalHome(
        shows_balance=billed,
        balance=company_formats(session).money(owed),
        owes=owed > 0,
        can_pay=owed > 0 and pay_now.can_pay_online(customer),
        autopay_card=card.card_label if card and card.enabled else "",
        last_visit=_last_visit(session, customer) if shows(customer, "service-history") else None,
        quotes_waiting=_quotes_waiting(session, customer) if shows(customer, "quotes") else 0,
        next_visits=_next_visits(session, customer) if shows(customer, "service-history") else [],
    )


def _last_visit(session: Session, customer: CustomerIdentity) -> LastVisit | None:
    latest = session.exec(
        owned_rows(customer, ServiceVisit).order_by(col(ServiceVisit.completed_at).desc(), col(ServiceVisit.id).desc())
    ).first()
    if latest is None:
        return None
    detail = portal_visits.visit_detail(session, customer=customer, visit_id=id_of(latest))
    return LastVisit(
        id=detail.id,
        completed=detail.completed,
        pool=detail.pool,
        technician=detail.technician,
        readings_shown=len(detail.readings),
        out_of_range=[reading.label for reading in detail.readings if not reading.in_range],
        photo_id=detail.photo_ids[0] if detail.photo_ids else 0,
    )


def _next_visits(session: Session, customer: CustomerIdentity) -> list[NextVisit]:
    """Each scheduled pool's next service day: from today, or from tomorrow once today's visit is recorded."""
    zone = company_time_zone(session)
    today, formats = local_day(utcnow(), zone), company_formats(session)
    visited_today = set(
        session.exec(
            owned_select(customer, ServiceVisit, col(ServiceVisit.service_location_id)).where(
                col(ServiceVisit.completed_at) >= start_of_local_day(today, zone)
            )
        ).all()
    )
    upcoming = []
    for pool in session.exec(owned_rows(customer, ServiceLocation).order_by(col(ServiceLocation.id))):
        schedule = pool_schedules.schedule_of(pool)
        start = today + timedelta(days=1) if pool.id in visited_today else today
        if schedule is not None and (days := schedule.days_from(start, count=1)):
            upcoming.append(NextVisit(pool.label or pool.address, formats.full_day(days[0]), schedule.describe()))
    return upcoming


def _quotes_waiting(session: Session, customer: CustomerIdentity) -> int:
    quotes.expire_lapsed(session, today=local_day(utcnow(), company_time_zone(session)))  # as the Quotes page does
    waiting = owned_select(customer, Quote, func.count()).where(col(Quote.status) == QuoteStatus.SENT)
    return session.exec(waiting).one()
