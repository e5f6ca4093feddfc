"""A billing statement: opening balance, every invoice and payment in the period with a running balance,
closing balance. Pure arithmetic on dated amounts; dates are the company's local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str  # "invoice" adds to the balance, "payment" takes it down
    reference: str
    amount_cents: int  # always positive


@dataclass(frozen=True)
class StatementLine:
    day: date
    kind: str
    reference: str
    charge_cents: int
    payment_cents: int
    balance_cents: int


@dataclass(frozen=True)
class Statement:
    start: date
    end: date
    opening_cents: int
    lines: list[StatementLine]
    closing_cents: int
    charges_cents: int
    payments_cents: int


def last_calendar_year(today: date) -> tuple[date, date]:
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def build_statement(entries: list[Entry], *, start: date, end: date) -> Statement:
    """Entries before `start` make the opening balance; entries on start..end are listed (invoices before
    payments on the same day, so a same-day payment never shows a credit that is not there)."""

    def signed(entry: Entry) -> int:
        return entry.amount_cents if entry.kind == "invoice" else -entry.amount_cents

    opening = sum(signed(entry) for entry in entries if entry.day < start)
    in_period = sorted(
        (entry for entry in entries if start <= entry.day <= end),
        key=lambda entry: (entry.day, entry.kind != "invoice", entry.reference),
    )
    balance, lines = opening, []
    for entry in in_period:
        balance += signed(entry)
        lines.append(
            StatementLine(
                entry.day,
                entry.kind,
                entry.reference,
                entry.amount_cents if entry.kind == "invoice" else 0,
                entry.amount_cents if entry.kind == "payment" else 0,
                balance,
            )
        )
    charges = sum(line.charge_cents for line in lines)
    payments = sum(line.payment_cents for line in lines)
    return Statement(start, end, opening, lines, balance, charges, payments)
