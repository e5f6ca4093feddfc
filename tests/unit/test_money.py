from decimal import Decimal

import pytest

from customer_portal.domain.money import InvalidAmount, format_cents, line_total_cents, parse_cents


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("12.50", 1250), ("12.5", 1250), ("7", 700), ("$1,200", 120000), (" 0.99 ", 99), (".5", 50), ("1,234.05", 123405)],
)
def test_parse_cents_accepts_what_people_type(typed, cents):
    assert parse_cents(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "12.505", "-3", "1.2.3", "12,50", "$"])
def test_parse_cents_refuses_anything_else_with_a_message(typed):
    with pytest.raises(InvalidAmount, match=r"like 12\.50"):
        parse_cents(typed)


def test_line_total_rounds_half_up_to_a_cent():
    assert line_total_cents(Decimal("2.5"), 3333) == 8333  # 8332.5 -> 8333
    assert line_total_cents(Decimal("3"), 4500) == 13500


def test_format_cents():
    assert format_cents(123456) == "$1,234.56"
    assert format_cents(-5) == "-$0.05"
    assert format_cents(100, "eur") == "€1.00"


def test_water_readings_format_and_ranges():
    from customer_portal.domain.water import READINGS_BY_FIELD

    ph, chlorine, alkalinity = (READINGS_BY_FIELD[f] for f in ("ph", "free_chlorine_ppm", "total_alkalinity_ppm"))
    assert ph.format(Decimal("7.60")) == "7.6" and ph.ideal == "7.2–7.8"
    assert chlorine.format(Decimal("0.50")) == "0.5 ppm" and chlorine.ideal == "1.0–4.0 ppm"
    assert alkalinity.format(90) == "90 ppm" and alkalinity.ideal == "80–120 ppm"
    assert ph.in_ideal_range(Decimal("7.2")) and not ph.in_ideal_range(Decimal("7.9"))
