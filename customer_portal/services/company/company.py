"""The company running this deployment: its time zone decides what "today" is."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.models import CompanyProfile

DEFAULT_TIME_ZONE = "America/Phoenix"


def company_time_zone(session: Session) -> str:
    zone = session.exec(select(CompanyProfile.time_zone)).first()
    return zone or DEFAULT_TIME_ZONE


def company_today_and_now(session: Session) -> tuple[str, str]:
    """Today's date and the time now (HH:MM) in the company's time zone, to pre-fill forms."""
    now = utcnow().astimezone(ZoneInfo(company_time_zone(session)))
    return now.date().isoformat(), f"{now:%H:%M}"
