"""Dates, times and money as people read them in the company's country, through Babel's CLDR data: in the US
"Dec 1, 2026", "3:15 PM", "$1,234.50"; in the UK "1 Dec 2026", "15:15", "US$1,234.50". Stored and typed values
stay ISO dates and integer cents; only what is shown goes through here. Also the paper a country prints on.

Formatting a date with Babel costs about 10 µs; a statement shows hundreds of the same few dates, so each
formatter remembers what it made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency

DEFAULT_COUNTRY = "US"
# The countries that print on US Letter rather than A4.
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "BZ"})


@lru_cache(maxsize=256)
def locale_for(country: str, language: str = "en") -> str:
    """The language as written in that country ("es_US": Spanish as the US writes it); the language as CLDR
    writes it by default when CLDR has no such pair; US English when it has neither."""
    code = (country or DEFAULT_COUNTRY).upper()
    for tag in (f"{language}_{code}", language):
        try:
            return str(Locale.parse(tag))
        except (UnknownLocaleError, ValueError):
            continue
    return "en_US"


def paper_for(country: str) -> str:
    return "Letter" if (country or DEFAULT_COUNTRY).upper() in LETTER_COUNTRIES else "A4"


_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})  # regions and placeholders CLDR lists


@lru_cache(maxsize=1)
def country_names() -> tuple[tuple[str, str], ...]:
    """(code, English name) of every country CLDR knows, by name, for the office's chooser."""
    territories = Locale.parse("en_US").territories
    countries = ((code, name) for code, name in territories.items() if code.isalpha() and code not in _NOT_COUNTRIES)
    return tuple(sorted(countries, key=lambda pair: pair[1]))


@lru_cache(maxsize=8192)
def _day(value: date, locale: str) -> str:
    return format_date(value, "medium", locale=locale)


@lru_cache(maxsize=8192)
def _clock(value: time, locale: str) -> str:
    # CLDR puts a narrow no-break space before AM/PM; some mail apps and PDF fonts show it as a box.
    return format_time(value, "short", locale=locale).replace("\u202f", " ")


@lru_cache(maxsize=8192)
def _money(cents: int, currency: str, locale: str) -> str:
    return format_currency(Decimal(cents) / 100, currency.upper(), locale=locale)


def _us_dollars(cents: int) -> str:
    """What Babel gives for en_US and USD, without its cost: the common case, on every list and statement row."""
    whole, fraction = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}${whole:,}.{fraction:02d}"


@dataclass(frozen=True)
class Formats:
    locale: str = "en_US"

    def day(self, value: date | None) -> str:
        return _day(value, self.locale) if value else ""

    def full_day(self, value: date) -> str:
        """With its weekday, for a day ahead: "Tuesday, December 8, 2026"."""
        return format_date(value, "full", locale=self.locale)

    def month(self, value: date) -> str:
        return format_date(value, "MMMM y", locale=self.locale)

    def clock(self, value: time | datetime) -> str:
        moment = value.time() if isinstance(value, datetime) else value
        return _clock(moment.replace(second=0, microsecond=0), self.locale)

    def moment(self, value: datetime) -> str:
        """A local date and time: "Dec 1, 2026, 3:15 PM"."""
        pattern = Locale.parse(self.locale).datetime_formats["medium"]
        return str(pattern).replace("{1}", self.day(value.date())).replace("{0}", self.clock(value))

    def money(self, cents: int, currency: str = "usd") -> str:
        if self.locale == "en_US" and currency.lower() == "usd":
            return _us_dollars(cents)
        return _money(cents, currency, self.locale)


US = Formats()


def formats_for(country: str, language: str = "en") -> Formats:
    return Formats(locale_for(country, language))
