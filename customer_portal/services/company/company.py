"""The company running this deployment: its time zone decides what "today" is, its country how dates and money
are written and which paper its PDFs are on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.formatting import DEFAULT_COUNTRY, Formats, formats_for, paper_for
from customer_portal.i18n import current_language
from customer_portal.models import CompanyProfile

DEFAULT_TIME_ZONE = "America/Phoenix"


def company_time_zone(session: Session) -> str:
    zone = session.exec(select(CompanyProfile.time_zone)).first()
    return zone or DEFAULT_TIME_ZONE


def company_today_and_now(session: Session) -> tuple[str, str]:
    """Today's date and the time now (HH:MM) in the company's time zone, to pre-fill forms."""
    now = utcnow().astimezone(ZoneInfo(company_time_zone(session)))
    return now.date().isoformat(), f"{now:%H:%M}"


def company_country(session: Session) -> str:
    return session.exec(select(CompanyProfile.country)).first() or DEFAULT_COUNTRY


def company_formats(session: Session) -> Formats:
    """How this company writes dates, times and money in the language being spoken (one small read; the
    formatting itself is cached)."""
    return formats_for(company_country(session), current_language())


def company_paper(session: Session) -> str:
    return paper_for(company_country(session))


def local_moment(session: Session, moment: datetime) -> str:
    """A stored UTC time as the office reads it: in the company's time zone and way of writing."""
    return company_formats(session).moment(moment.astimezone(ZoneInfo(company_time_zone(session))))
