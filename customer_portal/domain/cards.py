"""How a saved payment method is named on every page and email: a card's brand or a bank's name, and the last
four digits, never more."""

from __future__ import annotations

from enum import StrEnum

from customer_portal.i18n import N_, _


class MethodKind(StrEnum):
    """What a saved payment method is, in Stripe's words."""

    CARD = "card"
    BANK_ACCOUNT = "us_bank_account"  # ACH Direct Debit: takes days to clear


# A recorded payment's channel as shown; Stripe's card and bank payments show their method instead.
CHANNELS = {"check": N_("Check"), "cash": N_("Cash"), "card": N_("Card"), "bank": N_("Bank")}


def card_label(brand: str, last4: str, kind: str = MethodKind.CARD) -> str:
    if kind == MethodKind.BANK_ACCOUNT:
        return _("{bank} account •••• {last4}").format(bank=brand.title() if brand else _("Bank"), last4=last4)
    return _("{brand} •••• {last4}").format(brand=brand.title() if brand else _("Card"), last4=last4)


def paid_with(channel: str, brand: str, last4: str) -> str:
    """A recorded payment's method as shown: its card or bank account, or the channel ("Check", "Cash")."""
    if not last4:
        return _(CHANNELS.get(channel, channel.title()))
    return card_label(brand, last4, MethodKind.BANK_ACCOUNT if channel == "bank" else MethodKind.CARD)
