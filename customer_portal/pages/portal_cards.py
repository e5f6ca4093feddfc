"""Portal: Payment Methods — the saved cards and bank accounts; adding one goes to Stripe's own page and back."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import portal_link, portal_shell
from customer_portal.components.words import plural_parts
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.payments.payment_methods import SavedCard
from customer_portal.state.portal_cards import PortalCardAddedState, PortalCardsState


def _card(card: SavedCard) -> rx.Component:
    state = PortalCardsState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(card.is_bank, rx.icon("landmark", size=18), rx.icon("credit-card", size=18)),
                rx.text(card.label, weight="bold"),
                rx.spacer(),
                rx.cond(card.is_autopay, rx.badge(_("AutoPay"), color_scheme="indigo", high_contrast=True)),
                rx.cond(card.is_default, rx.badge(_("Default"), color_scheme="green", high_contrast=True)),
                width="100%",
                align="center",
            ),
            rx.cond(
                card.is_bank,
                rx.text(
                    _("Bank payments take up to four business days to clear."), size="2", color=rx.color("gray", 11)
                ),
                rx.text(*parts(_("Expires {month}"), month=card.expires), size="2", color=rx.color("gray", 11)),
            ),
            rx.cond(
                ~state.read_only,
                rx.hstack(
                    rx.cond(
                        ~card.is_default,
                        rx.button(_("Make default"), variant="soft", size="2", on_click=state.make_default(card.id)),
                    ),
                    rx.button(
                        _("Remove"),
                        variant="soft",
                        color_scheme="red",
                        high_contrast=True,
                        size="2",
                        on_click=state.ask_to_remove(card.id),
                        class_name="remove-card",
                    ),
                ),
            ),
            spacing="2",
        ),
        class_name="saved-card",
        width="100%",
    )


def _removal_question(card: SavedCard) -> rx.Component:
    state = PortalCardsState
    return rx.alert_dialog.content(
        rx.alert_dialog.title(*parts(_("Remove {card}?"), card=card.label)),
        rx.alert_dialog.description(
            rx.cond(
                card.is_autopay,
                _(
                    "This card pays your invoices automatically. Removing it turns AutoPay off; "
                    "you can turn it on again with another card."
                ),
                _("The card is removed from your account and from Stripe."),
            )
        ),
        rx.hstack(
            rx.button(_("Keep it"), variant="soft", color_scheme="gray", on_click=state.cancel_remove),
            rx.button(_("Remove"), color_scheme="red", on_click=state.remove_card, id="confirm-remove"),
            justify="end",
            spacing="3",
            margin_top="1em",
        ),
    )


def _autopay_section() -> rx.Component:
    state = PortalCardsState
    days = state.autopay.days_after_due
    when = rx.cond(
        days == 0,
        _("With AutoPay, each new invoice is paid from the card or bank account you choose on its due date."),
        rx.fragment(
            *plural_parts(
                days,
                "With AutoPay, each new invoice is paid from the card or bank account you choose {count} day "
                "after its due date.",
                "With AutoPay, each new invoice is paid from the card or bank account you choose {count} days "
                "after its due date.",
            )
        ),
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_("AutoPay"), size="4", as_="h2"),
                rx.cond(
                    state.autopay.enabled,
                    rx.badge(_("On"), color_scheme="green", high_contrast=True, id="autopay-on"),
                    rx.badge(_("Off"), color_scheme="gray", high_contrast=True, id="autopay-off"),
                ),
                align="center",
            ),
            rx.text(when, size="2"),
            rx.cond(
                state.autopay.enabled,
                rx.vstack(
                    rx.text(
                        *parts(
                            _("Paying with {card} since {day}."), card=state.autopay.card_label, day=state.autopay.since
                        ),
                        size="2",
                    ),
                    rx.cond(
                        ~state.read_only,
                        rx.button(
                            _("Turn AutoPay off"),
                            variant="soft",
                            color_scheme="gray",
                            on_click=state.set_autopay(False),
                            id="autopay-turn-off",
                        ),
                    ),
                    spacing="2",
                ),
                rx.cond(
                    (state.cards.length() > 0) & ~state.read_only,
                    rx.hstack(
                        rx.select.root(
                            rx.select.trigger(aria_label=_("Card or bank account for AutoPay"), id="autopay-card"),
                            rx.select.content(
                                rx.foreach(
                                    state.cards, lambda card: rx.select.item(card.label, value=card.id.to_string())
                                )
                            ),
                            value=state.autopay_choice,
                            on_change=state.choose_autopay_card,
                        ),
                        rx.button(_("Turn AutoPay on"), on_click=state.set_autopay(True), id="autopay-turn-on"),
                        wrap="wrap",
                        align="center",
                    ),
                    rx.text(_("Save a card or bank account to use AutoPay."), size="2", color=rx.color("gray", 11)),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def portal_cards_page() -> rx.Component:
    state = PortalCardsState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Payment methods"), size="6", as_="h1"),
            rx.text(
                _(
                    "Cards and bank accounts are entered on Stripe's secure page; we keep only the card's brand or the "
                    "bank's name, the last four digits and a card's expiry."
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.cond(state.notice != "", rx.callout(state.notice, icon="info", id="cards-notice")),
            rx.cond(state.cards.length() == 0, rx.text(_("No saved cards yet."), color=rx.color("gray", 11))),
            rx.vstack(rx.foreach(state.cards, _card), width="100%", spacing="3"),
            rx.cond(
                ~state.read_only,
                rx.button(
                    rx.icon("plus", size=16),
                    _("Add a card or bank account"),
                    on_click=state.add_card,
                    size="3",
                    id="add-card",
                ),
            ),
            _autopay_section(),
            rx.alert_dialog.root(rx.foreach(state.removing, _removal_question), open=state.removing.length() > 0),
            spacing="4",
            width="100%",
        )
    )


def portal_card_added_page() -> rx.Component:
    state = PortalCardAddedState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Payment methods"), size="6", as_="h1"),
            rx.cond(
                state.saved != "",
                rx.callout(rx.text(*parts(_("{card} is saved."), card=state.saved)), icon="check", id="card-saved"),
                rx.cond(
                    state.problem != "",
                    rx.callout(state.problem, color_scheme="amber", high_contrast=True, id="card-problem"),
                ),
            ),
            rx.link(
                _("Back to payment methods"),
                href=portal_link(routes.PORTAL_PAYMENT_METHODS),
                id="back-to-cards",
            ),
            spacing="4",
            width="100%",
        )
    )
