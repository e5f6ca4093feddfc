"""Portal: Payment Methods — the saved cards; adding one goes to Stripe's own page and back."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.portal_layout import portal_shell
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.payment_methods import SavedCard
from customer_portal.state.portal import PortalState
from customer_portal.state.portal_cards import PortalCardAddedState, PortalCardsState


def _card(card: SavedCard) -> rx.Component:
    state = PortalCardsState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("credit-card", size=18),
                rx.text(card.label, weight="bold"),
                rx.spacer(),
                rx.cond(card.is_default, rx.badge("Default", color_scheme="green", high_contrast=True)),
                width="100%",
                align="center",
            ),
            rx.text("Expires ", card.expires, size="2", color=rx.color("gray", 11)),
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
                        on_click=state.remove_card(card.id),
                        class_name="remove-card",
                    ),
                ),
            ),
            spacing="2",
        ),
        class_name="saved-card",
        width="100%",
    )


def portal_cards_page() -> rx.Component:
    state = PortalCardsState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading("Payment methods", size="6", as_="h1"),
            rx.text(
                "Cards are entered on Stripe's secure page; we keep only the brand, last four digits and expiry.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.cond(state.notice != "", rx.callout(state.notice, icon="info", id="cards-notice")),
            rx.cond(state.cards.length() == 0, rx.text("No saved cards yet.", color=rx.color("gray", 11))),
            rx.vstack(rx.foreach(state.cards, _card), width="100%", spacing="3"),
            rx.cond(
                ~state.read_only,
                rx.button(rx.icon("plus", size=16), "Add a card", on_click=state.add_card, size="3", id="add-card"),
            ),
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
                rx.cond(state.problem != "", rx.callout(state.problem, color_scheme="amber", high_contrast=True)),
            ),
            rx.link("Back to payment methods", href="/" + PortalState.slug + "/payment-methods", id="back-to-cards"),
            spacing="4",
            width="100%",
        )
    )
