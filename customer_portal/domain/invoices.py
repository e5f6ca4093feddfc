"""Invoice arithmetic and derived state."""

from __future__ import annotations

from datetime import date

from customer_portal.domain.transitions import InvoiceStatus


def balance_cents(total_cents: int, amount_paid_cents: int) -> int:
    return max(total_cents - amount_paid_cents, 0)


def is_overdue(status: InvoiceStatus, due_date: date, today: date) -> bool:
    """Overdue is not a stored status: it is an open invoice past its due date, seen from 'today'."""
    return status == InvoiceStatus.OPEN and due_date < today


def format_invoice_number(sequence: int) -> str:
    return f"INV-{sequence:05d}"


def format_quote_number(sequence: int) -> str:
    return f"Q-{sequence:05d}"
