"""The staff home page's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import (
    CompanyProfile,
    Customer,
    CustomerStatus,
    HoldStatus,
    Invoice,
    InvoiceStatus,
    Quote,
    QuoteStatus,
    RequestStatus,
    ServiceHold,
    ServiceRequest,
    ServiceVisit,
)
from customer_portal.services.company.company import company_formats


@dataclass(frozen=True)
class DashboardSummary:
    company_name: str = ""
    active_customers: int = 0
    open_invoices: int = 0
    overdue_invoices: int = 0
    outstanding: str = "$0.00"
    quotes_awaiting_answer: int = 0
    visits_last_7_days: int = 0
    pause_requests: int = 0  # customers waiting for an answer (Schedule)
    new_service_requests: int = 0  # not yet scheduled, quoted or closed (Requests)


def summary(session: Session) -> DashboardSummary:
    company = session.exec(select(CompanyProfile)).first()
    zone = company.time_zone if company else "UTC"
    today = local_day(utcnow(), zone)
    open_filter = Invoice.status == InvoiceStatus.OPEN
    outstanding_cents = session.exec(
        select(func.coalesce(func.sum(Invoice.total_cents - Invoice.amount_paid_cents), 0)).where(open_filter)
    ).one()
    return DashboardSummary(
        company_name=company.name if company else "",
        active_customers=_count(session, select(func.count()).where(Customer.status == CustomerStatus.ACTIVE)),
        open_invoices=_count(session, select(func.count()).select_from(Invoice).where(open_filter)),
        overdue_invoices=_count(
            session, select(func.count()).select_from(Invoice).where(open_filter, col(Invoice.due_date) < today)
        ),
        outstanding=company_formats(session).money(int(outstanding_cents)),
        quotes_awaiting_answer=_count(session, select(func.count()).where(Quote.status == QuoteStatus.SENT)),
        visits_last_7_days=_count(
            session, select(func.count()).where(ServiceVisit.completed_at >= utcnow() - timedelta(days=7))
        ),
        pause_requests=_count(session, select(func.count()).where(ServiceHold.status == HoldStatus.REQUESTED)),
        new_service_requests=_count(session, select(func.count()).where(ServiceRequest.status == RequestStatus.NEW)),
    )


def _count(session: Session, statement: SelectOfScalar[int]) -> int:
    return int(session.exec(statement).one())
