"""Portal: Payment Methods — the saved cards and bank accounts; adding one goes to Stripe's own page and back."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import portal_shell
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.payments.payment_methods import SavedCard
from customer_portal.state.portal import PortalState
from customer_portal.state.portal_cards import PortalCardAddedState, PortalCardsState


def _card(card: SavedCard) -> rx.Component:
    state = PortalCardsState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(card.is_bank, rx.icon("landmark", size=18), rx.icon("credit-card", size=18)),
                rx.text(card.label, weight="bold"),
                rx.spacer(),
                rx.cond(card.is_autopay, rx.badge("AutoPay", color_scheme="indigo", high_contrast=True)),
                rx.cond(card.is_default, rx.badge("Default", color_scheme="green", high_contrast=True)),
                width="100%",
                align="center",
            ),
            rx.cond(
                card.is_bank,
                rx.text("Bank payments take up to four business days to clear.", size="2", color=rx.color("gray", 11)),
                rx.text("Expires ", card.expires, size="2", color=rx.color("gray", 11)),
            ),
            rx.cond(
                ~state.read_only,
                rx.hstack(
                    rx.cond(
                        ~card.is_default,
                        rx.button("Make default", variant="soft", size="2", on_click=state.make_default(card.id)),
                    ),
                    rx.button(
                        "Remove",
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
        rx.alert_dialog.title("Remove ", card.label, "?"),
        rx.alert_dialog.description(
            rx.cond(
                card.is_autopay,
                "This card pays your invoices automatically. Removing it turns AutoPay off; "
                "you can turn it on again with another card.",
                "The card is removed from your account and from Stripe.",
            )
        ),
        rx.hstack(
            rx.button("Keep it", variant="soft", color_scheme="gray", on_click=state.cancel_remove),
            rx.button("Remove", color_scheme="red", on_click=state.remove_card, id="confirm-remove"),
            justify="end",
            spacing="3",
            margin_top="1em",
        ),
    )


def _autopay_section() -> rx.Component:
    state = PortalCardsState
    when = rx.cond(
        state.autopay.days_after_due == 0,
        "on its due date",
        rx.text.span(state.autopay.days_after_due.to_string(), " days after its due date"),
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("AutoPay", size="4", as_="h2"),
                rx.cond(
                    state.autopay.enabled,
                    rx.badge("On", color_scheme="green", high_contrast=True, id="autopay-on"),
                    rx.badge("Off", color_scheme="gray", high_contrast=True, id="autopay-off"),
                ),
                align="center",
            ),
            rx.text(
                "With AutoPay, each new invoice is paid from the card or bank account you choose ", when, ".", size="2"
            ),
            rx.cond(
                state.autopay.enabled,
                rx.vstack(
                    rx.text("Paying with ", state.autopay.card_label, " since ", state.autopay.since, ".", size="2"),
                    rx.cond(
                        ~state.read_only,
                        rx.button(
                            "Turn AutoPay off",
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
                            rx.select.trigger(aria_label="Card or bank account for AutoPay", id="autopay-card"),
                            rx.select.content(
                                rx.foreach(
                                    state.cards, lambda card: rx.select.item(card.label, value=card.id.to_string())
                                )
                            ),
                            value=state.autopay_choice,
                            on_change=state.choose_autopay_card,
                        ),
                        rx.button("Turn AutoPay on", on_click=state.set_autopay(True), id="autopay-turn-on"),
                        wrap="wrap",
                        align="center",
                    ),
                    rx.text("Save a card or bank account to use AutoPay.", size="2", color=rx.color("gray", 11)),
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
            rx.heading("Payment methods", size="6", as_="h1"),
            rx.text(
                "Cards and bank accounts are entered on Stripe's secure page; we keep only the card's brand or the "
                "bank's name, the last four digits and a card's expiry.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.cond(state.notice != "", rx.callout(state.notice, icon="info", id="cards-notice")),
            rx.cond(state.cards.length() == 0, rx.text("No saved cards yet.", color=rx.color("gray", 11))),
            rx.vstack(rx.foreach(state.cards, _card), width="100%", spacing="3"),
            rx.cond(
                ~state.read_only,
                rx.button(
                    rx.icon("plus", size=16),
                    "Add a card or bank account",
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
            rx.heading("Payment methods", size="6", as_="h1"),
            rx.cond(
                state.saved != "",
                rx.callout(rx.text(state.saved, " is saved."), icon="check", id="card-saved"),
                rx.cond(
                    state.problem != "",
                    rx.callout(state.problem, color_scheme="amber", high_contrast=True, id="card-problem"),
                ),
            ),
            rx.link(
                "Back to payment methods",
                href=routes.path_to(routes.PORTAL_PAYMENT_METHODS, portal=PortalState.slug),
                id="back-to-cards",
            ),
            spacing="4",
            width="100%",
        )
    )
