"""The company running this deployment: its time zone decides what "today" is."""

from __future__ import annotations

from sqlmodel import Session, select

from customer_portal.models import CompanyProfile

DEFAULT_TIME_ZONE = "America/Phoenix"


def company_time_zone(session: Session) -> str:
    zone = session.exec(select(CompanyProfile.time_zone)).first()
    return zone or DEFAULT_TIME_ZONE
