"""Portal: Email settings (which notifications this address gets) and the unsubscribe page an email links to."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import portal_href, portal_shell
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.messaging.preferences import Preference
from customer_portal.state.portal import PortalState
from customer_portal.state.portal_notifications import PortalNotificationsState, UnsubscribeState


def _switch(row: Preference) -> rx.Component:
    switch_id = "notify-" + row.kind
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.el.label(rx.text(row.label, weight="bold"), html_for=switch_id),
                rx.text(row.description, size="2", color=rx.color("gray", 11)),
                spacing="1",
                flex="1",
            ),
            rx.switch(
                checked=row.subscribed,
                on_change=lambda on: PortalNotificationsState.set_preference(row.kind, on),
                disabled=PortalState.read_only,
                id=switch_id,
                size="3",
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def portal_notifications_page() -> rx.Component:
    state = PortalNotificationsState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading("Email settings", size="6", as_="h1"),
            rx.text(
                "Choose the emails we send to ",
                rx.text.strong(PortalState.customer_email),
                ". Receipts for your payments and emails about your password always come.",
                size="2",
            ),
            rx.cond(
                state.preferences.length() > 0,
                rx.vstack(rx.foreach(state.preferences, _switch), spacing="3", width="100%", id="notification-list"),
                rx.text("We do not send any optional emails at the moment.", id="no-notifications"),
            ),
            rx.text(state.saved, size="2", role="status", aria_live="polite", id="notification-saved"),
            spacing="4",
            width="100%",
        )
    )


def portal_unsubscribe_page() -> rx.Component:
    state = UnsubscribeState
    settings_link = rx.link("Choose all your emails in the portal", href=portal_href("notifications"))
    return portal_shell(
        rx.vstack(
            rx.cond(
                state.link.valid,
                rx.cond(
                    state.done | ~state.link.subscribed,
                    rx.vstack(
                        rx.heading("You are unsubscribed", size="6", as_="h1"),
                        rx.text(
                            state.link.address,
                            " will not get ",
                            rx.text.strong(state.link.kind_label),
                            " emails any more.",
                            id="unsubscribe-done",
                        ),
                        settings_link,
                        spacing="3",
                    ),
                    rx.vstack(
                        rx.heading("Unsubscribe?", size="6", as_="h1"),
                        rx.text(
                            "Stop sending ",
                            rx.text.strong(state.link.kind_label),
                            " emails to ",
                            state.link.address,
                            "?",
                        ),
                        rx.button("Unsubscribe", on_click=state.confirm, size="3", id="unsubscribe-confirm"),
                        rx.cond(state.error != "", rx.text(state.error, color=rx.color("red", 11), role="alert")),
                        settings_link,
                        spacing="3",
                    ),
                ),
                rx.vstack(
                    rx.heading("This link is not valid", size="6", as_="h1"),
                    rx.text("It may have been copied incompletely. You can choose your emails after signing in."),
                    rx.link("Sign in", href=routes.path_to(routes.PORTAL_SIGN_IN, portal=PortalState.slug)),
                    spacing="3",
                    id="unsubscribe-invalid",
                ),
            ),
            spacing="4",
            width="100%",
        )
    )
