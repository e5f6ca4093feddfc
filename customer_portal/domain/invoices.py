"""Invoice arithmetic and derived state."""

from __future__ import annotations

from datetime import date

from customer_portal.domain.transitions import InvoiceStatus


def totals_cents(line_amounts: list[int], *, tax_cents: int = 0) -> tuple[int, int, int]:
    """(subtotal, tax, total) of an invoice or quote from its line amounts."""
    subtotal = sum(line_amounts)
    return subtotal, tax_cents, subtotal + tax_cents


def balance_cents(status: InvoiceStatus, total_cents: int, amount_paid_cents: int) -> int:
    """What is still owed. A void invoice owes nothing, whatever its total: on every list, page, PDF and sum."""
    if status == InvoiceStatus.VOID:
        return 0
    return max(total_cents - amount_paid_cents, 0)


PAYMENT_PROCESSING = "payment_processing"


def display_status(status: InvoiceStatus, due_date: date | None, today: date, *, processing: bool = False) -> str:
    """What the office and the customer see: "payment processing" in place of "open" while a bank debit clears
    (whatever the due date: it is being paid), and "overdue" past the due date."""
    if processing and status == InvoiceStatus.OPEN:
        return PAYMENT_PROCESSING
    if due_date is not None and is_overdue(status, due_date, today):
        return "overdue"
    return status.value


def is_overdue(status: InvoiceStatus, due_date: date, today: date) -> bool:
    """Overdue is not a stored status: it is an open invoice past its due date, seen from 'today'."""
    return status == InvoiceStatus.OPEN and due_date < today


def format_invoice_number(sequence: int) -> str:
    return f"INV-{sequence:05d}"


def format_quote_number(sequence: int) -> str:
    return f"Q-{sequence:05d}"
