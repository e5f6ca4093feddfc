"""A pool's service schedule: a weekday, every week or every other week, from a first day (and until a last
one). Which days that makes, with no database involved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import get_day_names

from customer_portal.i18n import N_, _, current_language

# Weekday names as labels (a form's choices), marked for translation where they are shown.
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
EVERY_WEEKS = (1, 2)


@dataclass(frozen=True)
class ServiceSchedule:
    weekday: int  # 0 = Monday, as date.weekday()
    every_weeks: int  # 1 or 2
    starts_on: date
    ends_on: date | None = None

    @property
    def first_day(self) -> date:
        """The first service day: the schedule's weekday on or after its start."""
        return self.starts_on + timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)

    def days_from(self, today: date, *, count: int = 4) -> list[date]:
        """The next `count` service days from `today` (today included), none after the schedule ends."""
        step = 7 * self.every_weeks
        first = self.first_day
        behind = (today - first).days
        day = first if behind <= 0 else first + timedelta(days=-(-behind // step) * step)
        days: list[date] = []
        while len(days) < count and (self.ends_on is None or day <= self.ends_on):
            days.append(day)
            day += timedelta(days=step)
        return days

    def describe(self) -> str:
        """ "Every Tuesday", "Every other Tuesday": in the language being spoken, the day named as CLDR writes it
        inside a sentence ("cada martes")."""
        day = get_day_names("wide", context="format", locale=current_language())[self.weekday]
        if self.every_weeks == 1:
            return _("Every {weekday}").format(weekday=day)
        return _("Every other {weekday}").format(weekday=day)
