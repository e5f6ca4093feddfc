"""Dates, times and money as the company's country writes them, through Babel; the paper its PDFs use."""

from datetime import date, datetime, time

from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from customer_portal.domain.formatting import US, formats_for, locale_for, paper_for


def test_a_us_company_writes_dec_1_2026_3_15_pm_and_dollars():
    assert US.day(date(2026, 12, 1)) == "Dec 1, 2026"
    assert US.clock(time(15, 15)) == "3:15 PM"  # a plain space: CLDR's narrow one is a box in some mail apps
    assert US.moment(datetime(2026, 12, 1, 15, 15, 42)) == "Dec 1, 2026, 3:15 PM"
    assert US.money(123450) == "$1,234.50" and US.money(-5) == "-$0.05"
    assert US.month(date(2027, 1, 1)) == "January 2027"
    assert US.day(None) == ""


def test_other_countries_write_their_own_way():
    uk = formats_for("GB")
    assert (uk.day(date(2026, 12, 1)), uk.clock(time(15, 15)), uk.money(123450, "gbp")) == (
        "1 Dec 2026",
        "15:15",
        "£1,234.50",
    )
    assert formats_for("CA").money(123450, "cad") == "$1,234.50"
    assert locale_for("ZZ") == "en_US" and locale_for("") == "en_US"


def test_paper_follows_the_country():
    assert [paper_for(country) for country in ("US", "CA", "MX", "GB", "FR", "AU", "")] == [
        "Letter",
        "Letter",
        "Letter",
        "A4",
        "A4",
        "A4",
        "Letter",
    ]


@given(st.integers(min_value=-(10**11), max_value=10**11))
def test_the_quick_us_dollars_are_exactly_what_babel_writes(cents):
    from decimal import Decimal

    assert US.money(cents) == format_currency(Decimal(cents) / 100, "USD", locale="en_US")
