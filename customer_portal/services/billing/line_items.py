"""Line items as typed by the office (invoices and quotes share them): parse, validate, total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar, TypeVar

from sqlmodel import Session, col, select

from customer_portal.domain.money import InvalidAmount, line_total_cents, parse_cents
from customer_portal.i18n import _
from customer_portal.models import InvoiceLine, QuoteLine
from customer_portal.services.company.company import company_formats
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of

MAX_LINES = 50
MAX_QUANTITY = Decimal("100000")

Line = TypeVar("Line", InvoiceLine, QuoteLine)  # the two documents' lines have the same columns


@dataclass
class LineInput:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(InvoiceLine, "description")  # a quote's line: the same

    description: str = ""
    quantity: str = "1"
    unit_price: str = ""


@dataclass(frozen=True)
class ParsedLine:
    description: str
    quantity: Decimal
    unit_price_cents: int
    amount_cents: int


def parse_quantity(text: str) -> Decimal:
    try:
        quantity = Decimal((text or "").strip().replace(",", ""))
    except InvalidOperation as error:
        raise ValueError("Enter a quantity like 1 or 2.5.") from error
    if not quantity.is_finite() or quantity <= 0 or quantity > MAX_QUANTITY:
        raise ValueError("Enter a quantity above 0.")
    if quantity != quantity.quantize(Decimal("0.01")):
        raise ValueError("Use at most two decimals.")
    return quantity.quantize(Decimal("0.01"))


def parse_lines(lines: list[LineInput], *, prefix: str = "lines") -> tuple[list[ParsedLine], dict[str, str]]:
    """Parsed lines and per-field errors keyed like "lines.2.unit_price"; blank rows are ignored."""
    parsed: list[ParsedLine] = []
    errors: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not (line.description.strip() or line.unit_price.strip()):
            continue
        key = f"{prefix}.{index}"
        description = line.description.strip()
        errors |= length_errors(line, LineInput.LIMITS, prefix=f"{key}.")
        if not description:
            errors[f"{key}.description"] = _("Describe the work or item.")
        try:
            quantity = parse_quantity(line.quantity)
        except ValueError as error:
            errors[f"{key}.quantity"] = str(error)
            quantity = Decimal("0")
        try:
            price = parse_cents(line.unit_price)
        except InvalidAmount as error:
            errors[f"{key}.unit_price"] = str(error)
            price = 0
        if f"{key}.description" not in errors and quantity and f"{key}.unit_price" not in errors:
            parsed.append(ParsedLine(description, quantity, price, line_total_cents(quantity, price)))
    if not parsed and not errors:
        errors[prefix] = _("Add at least one line.")
    if len(parsed) > MAX_LINES:
        errors[prefix] = _("Use at most {count} lines.").format(count=MAX_LINES)
    return parsed, errors


def format_quantity(quantity: Decimal) -> str:
    """2.00 -> "2", 2.50 -> "2.5"."""
    return f"{quantity.normalize():f}"


def format_price_input(cents: int) -> str:
    """Cents back into the form people type: 1250 -> "12.50"."""
    return f"{cents // 100}.{cents % 100:02d}"


def store_lines(
    session: Session, *, line_model: type[Line], owner_field: str, owner_id: int, lines: list[ParsedLine]
) -> None:
    """Replace a document's lines (invoice or quote) with the parsed ones, in order."""
    owner_column = getattr(line_model, owner_field)
    for old in session.exec(select(line_model).where(owner_column == owner_id)):
        session.delete(old)
    session.flush()
    for position, line in enumerate(lines):
        session.add(
            line_model(
                **{owner_field: owner_id},
                position=position,
                description=line.description,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                amount_cents=line.amount_cents,
            )
        )


@dataclass(frozen=True)
class LineView:
    description: str
    quantity: str
    unit_price: str  # as typed: "12.50"
    unit_price_display: str  # formatted: "$12.50"
    amount: str


def line_views(
    session: Session, *, line_model: type[Line], owner_field: str, owner_id: int, currency: str
) -> list[LineView]:
    rows = session.exec(
        select(line_model).where(getattr(line_model, owner_field) == owner_id).order_by(col(line_model.position))
    )
    formats = company_formats(session)
    return [
        LineView(
            row.description,
            format_quantity(row.quantity),
            format_price_input(row.unit_price_cents),
            formats.money(row.unit_price_cents, currency),
            formats.money(row.amount_cents, currency),
        )
        for row in rows
    ]
