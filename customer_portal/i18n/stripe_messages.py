"""Stripe's own words for a refused card (the `message` of its card errors, which it writes in English), marked so
our catalogs translate them: a payment's stored failure message is shown through `_`, so a customer who reads
Spanish sees Stripe's refusal in Spanish; one not listed here is shown as Stripe wrote it."""

from customer_portal.i18n import N_

STRIPE_CARD_MESSAGES = (
    N_("Your card was declined."),
    N_("Your card has insufficient funds."),
    N_("Your card has expired."),
    N_("Your card's security code is incorrect."),
    N_("Your card number is incorrect."),
    N_("Your card does not support this type of purchase."),
    N_("An error occurred while processing your card. Try again in a little bit."),
)
