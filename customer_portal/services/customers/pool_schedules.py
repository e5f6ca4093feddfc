"""A pool's service schedule as the office types it (a weekday, every one or two weeks, from and until dates)
and as stored on the pool; and the next visits it promises, for the portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from customer_portal.domain.schedule import EVERY_WEEKS, ServiceSchedule
from customer_portal.i18n import _
from customer_portal.models import ServiceLocation


@dataclass(frozen=True)
class ScheduleFields:
    """The schedule part of a pool's form: all text, as typed."""

    service_day: str = ""  # "" (no schedule) or "0" (Monday) to "6"
    every_weeks: str = "1"
    service_from: str = ""  # YYYY-MM-DD
    service_until: str = ""


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse(fields: ScheduleFields, *, today: date) -> tuple[ServiceSchedule | None, dict[str, str]]:
    """The schedule, or None for a pool without one, and the problems by field name. A schedule with no first
    day starts today."""
    if not fields.service_day.strip():
        return None, {}
    errors: dict[str, str] = {}
    day = fields.service_day.strip()
    if not (day.isdigit() and 0 <= int(day) <= 6):
        errors["service_day"] = _("Choose a weekday from the list.")
    every = fields.every_weeks.strip() or "1"
    if not (every.isdigit() and int(every) in EVERY_WEEKS):
        errors["every_weeks"] = _("Choose every week or every other week.")
    starts = _day(fields.service_from) if fields.service_from.strip() else today
    if starts is None:
        errors["service_from"] = _("Enter the first service day, like 2026-12-07.")
    ends = _day(fields.service_until) if fields.service_until.strip() else None
    if fields.service_until.strip() and ends is None:
        errors["service_until"] = _("Enter the last service day, like 2027-05-31, or leave it empty.")
    elif ends is not None and starts is not None and ends < starts:
        errors["service_until"] = _("The last service day cannot be before the first.")
    if errors or starts is None:
        return None, errors
    return ServiceSchedule(int(day), int(every), starts, ends), {}


def store(row: ServiceLocation, schedule: ServiceSchedule | None) -> None:
    row.service_weekday = schedule.weekday if schedule else None
    row.service_every_weeks = schedule.every_weeks if schedule else 1
    row.service_starts_on = schedule.starts_on if schedule else None
    row.service_ends_on = schedule.ends_on if schedule else None


def schedule_of(row: ServiceLocation) -> ServiceSchedule | None:
    if row.service_weekday is None or row.service_starts_on is None:
        return None
    return ServiceSchedule(row.service_weekday, row.service_every_weeks, row.service_starts_on, row.service_ends_on)


def fields_of(row: ServiceLocation) -> ScheduleFields:
    schedule = schedule_of(row)
    if schedule is None:
        return ScheduleFields()
    until = schedule.ends_on.isoformat() if schedule.ends_on else ""
    return ScheduleFields(str(schedule.weekday), str(schedule.every_weeks), schedule.starts_on.isoformat(), until)
