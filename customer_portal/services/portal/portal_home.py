"""The portal's home: what a customer opens the portal for, at a glance on a phone: what they owe and a way to
pay it (or that all is paid, and by which card AutoPay pays), the last visit to their pool, and quotes waiting for
an answer. Each part only while its section is shown to the signed-in email, with the same switches as its page
(a last visit without notes, photos or readings when those are not included in the portal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import Quote, QuoteStatus, ServiceVisit, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing import quotes
from customer_portal.services.company.company import company_formats, company_time_zone
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
class PortalHome:
    shows_balance: bool = False
    balance: str = ""
    owes: bool = False
    can_pay: bool = False  # Pay Now is offered
    autopay_card: str = ""  # "Visa •••• 4242" while AutoPay is on
    last_visit: LastVisit | None = None
    quotes_waiting: int = 0  # sent and not yet answered


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


def _quotes_waiting(session: Session, customer: CustomerIdentity) -> int:
    quotes.expire_lapsed(session, today=local_day(utcnow(), company_time_zone(session)))  # as the Quotes page does
    waiting = owned_select(customer, Quote, func.count()).where(col(Quote.status) == QuoteStatus.SENT)
    return session.exec(waiting).one()
