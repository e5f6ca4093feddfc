"""Your own login: the portal's Account page and the office's My account page."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.account_forms import account_done, other_devices, password_form
from customer_portal.components.layout import staff_shell
from customer_portal.components.portal_layout import portal_shell
from customer_portal.pages.portal_billing import back_home
from customer_portal.state.account import PortalAccountState, StaffAccountState


def portal_account_page() -> rx.Component:
    state = PortalAccountState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading("Your account", size="6", as_="h1"),
            rx.text("Signed in as ", rx.text.strong(state.customer_email), ".", size="2"),
            account_done(state),
            password_form(state),
            other_devices(state),
            spacing="4",
            width="100%",
        )
    )


def staff_account_page() -> rx.Component:
    state = StaffAccountState
    return staff_shell(
        "My account",
        rx.vstack(
            account_done(state),
            password_form(state),
            other_devices(state),
            spacing="4",
            width="100%",
            max_width="560px",
        ),
    )
