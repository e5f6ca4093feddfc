from datetime import date

from customer_portal.domain.statement import Entry, build_statement, last_calendar_year


def test_last_calendar_year():
    assert last_calendar_year(date(2026, 1, 1)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert last_calendar_year(date(2026, 12, 31)) == (date(2025, 1, 1), date(2025, 12, 31))


def test_opening_running_and_closing_balances_across_a_year_boundary():
    entries = [
        Entry(date(2024, 12, 1), "invoice", "INV-1", 20000),
        Entry(date(2024, 12, 20), "payment", "pay 1", 5000),  # before the period: opening = 150.00
        Entry(date(2025, 1, 1), "payment", "pay 2", 15000),
        Entry(date(2025, 1, 1), "invoice", "INV-2", 18000),  # same day: the invoice is listed first
        Entry(date(2025, 12, 31), "payment", "pay 3", 18000),
        Entry(date(2026, 1, 1), "invoice", "INV-3", 99999),  # after the period: not on it
    ]
    result = build_statement(entries, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert result.opening_cents == 15000
    assert [(line.reference, line.balance_cents) for line in result.lines] == [
        ("INV-2", 33000),
        ("pay 2", 18000),
        ("pay 3", 0),
    ]
    assert (result.closing_cents, result.charges_cents, result.payments_cents) == (0, 18000, 33000)
    assert result.opening_cents + result.charges_cents - result.payments_cents == result.closing_cents


def test_an_empty_period_carries_the_opening_balance():
    result = build_statement(
        [Entry(date(2020, 5, 5), "invoice", "INV-9", 4200)], start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert (result.opening_cents, result.lines, result.closing_cents) == (4200, [], 4200)
