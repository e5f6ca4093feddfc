"""Money is an integer number of minor units (cents). Parsing and arithmetic live here."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from customer_portal.domain.formatting import US
from customer_portal.i18n import _

_AMOUNT = re.compile(r"^\s*\$?\s*(\d{1,9}(?:,\d{3})*|\d+)?(?:\.(\d{1,2}))?\s*$")


class InvalidAmount(ValueError):
    pass


def parse_cents(text: str) -> int:
    """Parse what a person types ("12.50", "$1,200", "7") into cents; refuse anything else."""
    match = _AMOUNT.match(text or "")
    if not match or (match.group(1) is None and match.group(2) is None):
        raise InvalidAmount(_("“{text}” is not an amount; type it like 12.50").format(text=text))
    whole = int((match.group(1) or "0").replace(",", ""))
    fraction = (match.group(2) or "0").ljust(2, "0")
    return whole * 100 + int(fraction)


def line_total_cents(quantity: Decimal, unit_price_cents: int) -> int:
    """Quantity may be fractional (2.5 hours); the result is rounded half up to a whole cent."""
    return int((quantity * unit_price_cents).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def format_cents(cents: int, currency: str = "usd") -> str:
    """As written in the US ("$1,234.50"); where the company's country is known, use its Formats.money."""
    return US.money(cents, currency)
