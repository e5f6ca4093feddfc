"""A pool's service schedule: which days it promises."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from customer_portal.domain.schedule import ServiceSchedule

MONDAY = date(2026, 12, 7)


def test_weekly_from_a_day_before_the_first_service_day():
    tuesdays = ServiceSchedule(weekday=1, every_weeks=1, starts_on=date(2026, 12, 3))  # a Thursday
    assert tuesdays.first_day == date(2026, 12, 8)
    assert tuesdays.days_from(MONDAY) == [date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22), date(2026, 12, 29)]
    assert tuesdays.describe() == "Every Tuesday"


def test_every_other_week_keeps_its_rhythm_and_today_counts():
    fortnightly = ServiceSchedule(weekday=0, every_weeks=2, starts_on=date(2026, 11, 23))
    assert fortnightly.days_from(MONDAY, count=2) == [MONDAY, date(2026, 12, 21)]
    assert fortnightly.days_from(MONDAY + timedelta(days=1), count=1) == [date(2026, 12, 21)]
    assert fortnightly.describe() == "Every other Monday"


def test_nothing_after_the_last_day():
    season = ServiceSchedule(weekday=4, every_weeks=1, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 18))
    assert season.days_from(MONDAY) == [date(2026, 12, 11), date(2026, 12, 18)]
    assert season.days_from(date(2026, 12, 19)) == []


@given(
    st.integers(0, 6),
    st.sampled_from([1, 2]),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
)
def test_every_day_is_the_weekday_in_the_rhythm_and_none_is_missed(weekday, every, start, today):
    schedule = ServiceSchedule(weekday, every, start)
    days = schedule.days_from(today)
    assert len(days) == 4 and all(day.weekday() == weekday and day >= max(today, start) for day in days)
    assert all((day - schedule.first_day).days % (7 * every) == 0 for day in days)
    assert (days[0] - max(today, schedule.first_day)).days < 7 * every  # the next one, not a later one
