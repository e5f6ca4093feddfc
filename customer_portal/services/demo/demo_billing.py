"""The demo company's invoices, payments and quotes (see demo_data for the rest)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from customer_portal.domain.invoices import format_invoice_number, format_quote_number
from customer_portal.domain.money import line_total_cents
from customer_portal.domain.transitions import INVOICE, PAYMENT, QUOTE
from customer_portal.models import (
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentChannel,
    PaymentStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
)
from customer_portal.services.demo.demo_bulk import bulk_insert, walk

_QUOTE_OUTCOMES = (  # the demo customer (first) has one waiting for an answer
    ("send",),
    (),  # still a draft
    ("send", "approve"),
    ("send", "reject"),
    ("send", "request_info"),
    ("send", "expire"),
)
_QUOTE_WORK = (
    (
        "Variable-speed pump replacement",
        [("Pentair IntelliFlo VSF pump", "1", 1_450_00), ("Labor (hours)", "3", 95_00)],
    ),
    ("Filter cartridge replacement", [("Cartridge set (4)", "1", 389_00), ("Labor (hours)", "1.5", 95_00)]),
    ("Acid wash and refill", [("Drain, acid wash and refill", "1", 675_00), ("Water balancing start-up", "1", 120_00)]),
    ("Salt cell replacement", [("Salt cell", "1", 720_00), ("Labor (hours)", "1", 95_00)]),
)


def _month_start(today: date, months_back: int) -> date:
    month_index = today.year * 12 + today.month - 1 - months_back
    return date(month_index // 12, month_index % 12 + 1, 1)


def _local_noon(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def _invoice_outcome(index: int, months_back: int, archived: bool) -> tuple[tuple[str, ...], bool]:
    """Which transitions an invoice went through, and whether it carries a partial payment."""
    if archived or months_back >= 2:
        return (("issue", "void") if index % 11 == 0 and months_back == 2 else ("issue", "mark_paid")), False
    if months_back == 1:
        return (("issue",), index % 6 == 0) if index % 3 == 0 else (("issue", "mark_paid"), False)
    return ((), False) if index % 5 == 4 else (("issue",), False)  # the demo customer (0) owes two invoices


def seed_invoices(
    session: Session, rng: random.Random, customers: list[tuple[int, bool]], today: date, months: int, zone: str
) -> tuple[int, int]:
    """Monthly service invoices: older ones paid, last month's partly overdue, this month's open or draft."""
    planned: list[dict[str, Any]] = []
    for index, (customer_id, archived) in enumerate(customers):
        rate = rng.choice((40_00, 45_00, 55_00))
        for months_back in range(months):
            issue_date = _month_start(today, months_back)
            actions, partial = _invoice_outcome(index, months_back, archived)
            lines = [(f"Weekly pool service — {issue_date:%B %Y}", Decimal(rng.choice(("4", "5"))), rate)]
            if rng.random() < 0.15:
                lines.append(("Filter clean", Decimal("1"), 85_00))
            planned.append(
                {
                    "customer_id": customer_id,
                    "issue_date": issue_date,
                    "actions": actions,
                    "partial": partial,
                    "lines": lines,
                }
            )
    planned.sort(key=lambda item: (item["issue_date"], item["customer_id"]))

    invoice_rows, number = [], 0
    for item in planned:
        status = walk(INVOICE, InvoiceStatus.DRAFT, *item["actions"])
        total = sum(line_total_cents(quantity, price) for _, quantity, price in item["lines"])
        issued = status != InvoiceStatus.DRAFT
        number += issued
        paid_cents = total if status == InvoiceStatus.PAID else (total // 2 if item["partial"] else 0)
        due = item["issue_date"] + timedelta(days=30)  # net 30
        invoice_rows.append(
            {
                "customer_id": item["customer_id"],
                "number": format_invoice_number(number) if issued else None,
                "status": status,
                "issue_date": item["issue_date"] if issued else None,
                "due_date": due if issued else None,
                "memo": "Thank you for your business!",
                "subtotal_cents": total,
                "tax_cents": 0,
                "total_cents": total,
                "amount_paid_cents": paid_cents,
                "currency": "usd",
                "created_at": _local_noon(item["issue_date"], zone),
                "issued_at": _local_noon(item["issue_date"], zone) if issued else None,
                "paid_at": _local_noon(due - timedelta(days=3), zone) if status == InvoiceStatus.PAID else None,
                "voided_at": _local_noon(item["issue_date"] + timedelta(days=2), zone)
                if status == InvoiceStatus.VOID
                else None,
            }
        )
    invoice_ids = bulk_insert(session, Invoice, invoice_rows)

    line_rows, payment_rows = [], []
    for invoice_id, item, row in zip(invoice_ids, planned, invoice_rows, strict=True):
        for position, (description, quantity, price) in enumerate(item["lines"]):
            line_rows.append(
                {
                    "invoice_id": invoice_id,
                    "position": position,
                    "description": description,
                    "quantity": quantity,
                    "unit_price_cents": price,
                    "amount_cents": line_total_cents(quantity, price),
                }
            )
        if row["amount_paid_cents"]:
            payment_rows.append(_payment_row(rng, invoice_id, row, zone))
    bulk_insert(session, InvoiceLine, line_rows)
    bulk_insert(session, Payment, payment_rows)
    return len(invoice_ids), len(payment_rows)


def _payment_row(rng: random.Random, invoice_id: int, invoice: dict[str, Any], zone: str) -> dict[str, Any]:
    channel = rng.choices((PaymentChannel.CARD, PaymentChannel.CHECK, PaymentChannel.CASH), weights=(6, 3, 1))[0]
    card = channel == PaymentChannel.CARD
    return {
        "invoice_id": invoice_id,
        "customer_id": invoice["customer_id"],
        "amount_cents": invoice["amount_paid_cents"],
        "refunded_cents": 0,
        "currency": "usd",
        "channel": channel,
        "status": walk(PAYMENT, PaymentStatus.PENDING, "succeed"),
        "processor_reference": f"pi_demo_{invoice_id:07d}" if card else None,
        "card_brand": rng.choice(("visa", "mastercard", "amex")) if card else "",
        "card_last4": f"{rng.randint(0, 9999):04d}" if card else "",
        "note": f"Check #{rng.randint(1000, 9999)}" if channel == PaymentChannel.CHECK else "",
        "received_at": invoice["paid_at"] or _local_noon(invoice["issue_date"] + timedelta(days=10), zone),
    }


def seed_quotes(
    session: Session, rng: random.Random, customers: list[tuple[int, str, int]], today: date, zone: str
) -> int:
    """A quote for every third customer, cycling through every status with the evidence each one needs."""
    quote_rows, planned_lines = [], []
    for number, (customer_id, name, email_id) in enumerate(customers[::3], start=1):
        actions = _QUOTE_OUTCOMES[(number - 1) % len(_QUOTE_OUTCOMES)]
        title, lines = rng.choice(_QUOTE_WORK)
        issue_date = today - timedelta(days=60 if "expire" in actions else rng.randint(2, 20))
        status = walk(QUOTE, QuoteStatus.DRAFT, *actions)
        total = sum(line_total_cents(Decimal(quantity), price) for _, quantity, price in lines)
        answered = status in (QuoteStatus.APPROVED, QuoteStatus.REJECTED, QuoteStatus.INFO_REQUESTED)
        message = {
            QuoteStatus.REJECTED: "We have decided to wait until spring.",
            QuoteStatus.INFO_REQUESTED: "Does the price include hauling away the old equipment?",
        }
        quote_rows.append(
            {
                "customer_id": customer_id,
                "number": format_quote_number(number),
                "title": title,
                "status": status,
                "terms": "Prices valid for 30 days. 50% deposit due on approval; balance on completion.",
                "issue_date": issue_date,
                "expires_on": issue_date + timedelta(days=30),
                "subtotal_cents": total,
                "tax_cents": 0,
                "total_cents": total,
                "currency": "usd",
                "created_at": _local_noon(issue_date, zone),
                "sent_at": _local_noon(issue_date, zone) if status != QuoteStatus.DRAFT else None,
                "responded_at": _local_noon(issue_date + timedelta(days=1), zone) if answered else None,
                "response_name": name if status == QuoteStatus.APPROVED else "",
                "response_ip": "203.0.113.24" if answered else "",
                "response_message": message.get(status, ""),
                "responded_by_email_id": email_id if answered else None,
            }
        )
        planned_lines.append(lines)
    quote_ids = bulk_insert(session, Quote, quote_rows)
    bulk_insert(
        session,
        QuoteLine,
        [
            {
                "quote_id": quote_id,
                "position": position,
                "description": description,
                "quantity": Decimal(quantity),
                "unit_price_cents": price,
                "amount_cents": line_total_cents(Decimal(quantity), price),
            }
            for quote_id, lines in zip(quote_ids, planned_lines, strict=True)
            for position, (description, quantity, price) in enumerate(lines)
        ],
    )
    return len(quote_ids)
