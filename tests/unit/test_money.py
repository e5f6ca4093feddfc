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
    assert format_cents(100, "eur") == "EUR 1.00"
