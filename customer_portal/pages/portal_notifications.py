"""Portal: Email settings (which notifications this address gets) and the unsubscribe page an email links to."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import portal_href, portal_link, portal_shell
from customer_portal.i18n import _, parts
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
            rx.heading(_("Email settings"), size="6", as_="h1"),
            rx.text(
                *parts(
                    _(
                        "Choose the emails we send to {email}. Receipts for your payments and emails about your "
                        "password always come."
                    ),
                    email=rx.text.strong(PortalState.customer_email),
                ),
                size="2",
            ),
            rx.cond(
                state.preferences.length() > 0,
                rx.vstack(rx.foreach(state.preferences, _switch), spacing="3", width="100%", id="notification-list"),
                rx.text(_("We do not send any optional emails at the moment."), id="no-notifications"),
            ),
            rx.text(state.saved, size="2", role="status", aria_live="polite", id="notification-saved"),
            spacing="4",
            width="100%",
        )
    )


def portal_unsubscribe_page() -> rx.Component:
    state = UnsubscribeState
    settings_link = rx.link(_("Choose all your emails in the portal"), href=portal_href("notifications"))
    return portal_shell(
        rx.vstack(
            rx.cond(
                state.link.valid,
                rx.cond(
                    state.done | ~state.link.subscribed,
                    rx.vstack(
                        rx.heading(_("You are unsubscribed"), size="6", as_="h1"),
                        rx.text(
                            *parts(
                                _("{email} will not get {kind} emails any more."),
                                email=state.link.address,
                                kind=rx.text.strong(state.link.kind_label),
                            ),
                            id="unsubscribe-done",
                        ),
                        settings_link,
                        spacing="3",
                    ),
                    rx.vstack(
                        rx.heading(_("Unsubscribe?"), size="6", as_="h1"),
                        rx.text(
                            *parts(
                                _("Stop sending {kind} emails to {email}?"),
                                kind=rx.text.strong(state.link.kind_label),
                                email=state.link.address,
                            ),
                        ),
                        rx.button(_("Unsubscribe"), on_click=state.confirm, size="3", id="unsubscribe-confirm"),
                        rx.cond(state.error != "", rx.text(state.error, color=rx.color("red", 11), role="alert")),
                        settings_link,
                        spacing="3",
                    ),
                ),
                rx.vstack(
                    rx.heading(_("This link is not valid"), size="6", as_="h1"),
                    rx.text(_("It may have been copied incompletely. You can choose your emails after signing in.")),
                    rx.link(_("Sign in"), href=portal_link(routes.PORTAL_SIGN_IN)),
                    spacing="3",
                    id="unsubscribe-invalid",
                ),
            ),
            spacing="4",
            width="100%",
        )
    )
