"""How a saved card is named on every page and email: brand and last four, never more."""

from __future__ import annotations


def card_label(brand: str, last4: str) -> str:
    return f"{(brand or 'Card').title()} •••• {last4}"
