"""How a saved payment method is named on every page and email: a card's brand or a bank's name, and the last
four digits, never more."""

from __future__ import annotations

from enum import StrEnum


class MethodKind(StrEnum):
    """What a saved payment method is, in Stripe's words."""

    CARD = "card"
    BANK_ACCOUNT = "us_bank_account"  # ACH Direct Debit: takes days to clear


def card_label(brand: str, last4: str, kind: str = MethodKind.CARD) -> str:
    if kind == MethodKind.BANK_ACCOUNT:
        return f"{(brand or 'Bank').title()} account •••• {last4}"
    return f"{(brand or 'Card').title()} •••• {last4}"


def paid_with(channel: str, brand: str, last4: str) -> str:
    """A recorded payment's method as shown: its card or bank account, or the channel ("Check", "Cash")."""
    if not last4:
        return channel.title()
    return card_label(brand, last4, MethodKind.BANK_ACCOUNT if channel == "bank" else MethodKind.CARD)
