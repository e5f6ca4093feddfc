"""One source of 'now', always timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def ensure_utc(value: datetime) -> datetime:
    """Refuse naive datetimes: a naive value has no meaning in a multi-zone product."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: attach a time zone before storing it")
    return value.astimezone(UTC)


def local_day(moment: datetime, zone: str) -> date:
    """The service day a UTC moment falls on in the company's time zone."""
    return ensure_utc(moment).astimezone(ZoneInfo(zone)).date()


def start_of_local_day(day: date, zone: str) -> datetime:
    """The UTC instant a local calendar day starts at (date-range filters use this)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)
