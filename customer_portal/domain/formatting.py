"""Dates and times as people read them, in the company's locale, through Babel's CLDR data: "Dec 1, 2026",
"3:15 PM", "December 2026". Stored and typed values stay ISO; only what is shown goes through here."""

from __future__ import annotations

from datetime import date, datetime, time

from babel.dates import format_date, format_time

LOCALE = "en_US"  # one company, one locale; a per-company choice comes with translations


def day(value: date | None, locale: str = LOCALE) -> str:
    return format_date(value, "medium", locale=locale) if value else ""


def month(value: date, locale: str = LOCALE) -> str:
    return format_date(value, "MMMM y", locale=locale)


def clock(value: time | datetime, locale: str = LOCALE) -> str:
    """A time of day; CLDR's narrow space before AM/PM becomes a plain one, which every email client shows."""
    return format_time(value, "short", locale=locale).replace("\u202f", " ")
