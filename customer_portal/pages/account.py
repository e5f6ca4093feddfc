"""Your own login: the portal's Account page and the office's My account page."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.account_forms import account_done, other_devices, password_form
from customer_portal.components.forms import error_text
from customer_portal.components.layout import staff_shell
from customer_portal.components.portal_layout import portal_shell
from customer_portal.pages.portal_billing import back_home
from customer_portal.state.account import ConfirmEmailState, PortalAccountState, StaffAccountState
from customer_portal.state.portal import PortalState


def _input(label: str, name: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(id=name, name=name, width="100%", size="3", **props),
        error_text(PortalAccountState.field_errors.get(name, ""), id=f"{name}-error"),
        spacing="1",
        width="100%",
    )


def _phone_form() -> rx.Component:
    state = PortalAccountState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Phone", size="4", as_="h2"),
                rx.text("The number we call about visits and payments.", size="2"),
                _input(
                    "Phone number", "phone", type="tel", auto_complete="tel", default_value=state.phone, key=state.phone
                ),
                rx.button("Save phone", type="submit", size="3", variant="soft", id="save-phone"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.save_phone,
            width="100%",
        ),
        width="100%",
    )


def _email_form() -> rx.Component:
    state = PortalAccountState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Login email", size="4", as_="h2"),
                rx.text(
                    "You sign in with ",
                    rx.text.strong(state.customer_email),
                    ". To use another address, we send a link to it; your login moves there when you open it.",
                    size="2",
                ),
                _input("New email", "new_email", type="email", auto_complete="email", required=True),
                _input("Current password", "email_password", type="password", auto_complete="current-password"),
                rx.button("Send the confirmation link", type="submit", size="3", variant="soft", id="change-email"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.change_email,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
    )


def portal_account_page() -> rx.Component:
    state = PortalAccountState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading("Your account", size="6", as_="h1"),
            rx.text("Signed in as ", rx.text.strong(state.customer_email), ".", size="2"),
            account_done(state),
            _phone_form(),
            _email_form(),
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


def portal_confirm_email_page() -> rx.Component:
    state = ConfirmEmailState
    return portal_shell(
        rx.vstack(
            rx.heading("Your new login email", size="6", as_="h1"),
            rx.cond(
                state.confirmed,
                rx.vstack(
                    rx.callout(
                        rx.text("Done: sign in with ", rx.text.strong(state.new_address), " from now on."),
                        icon="check",
                        id="email-confirmed",
                    ),
                    rx.link("Sign in", href=routes.path_to(routes.PORTAL_SIGN_IN, portal=PortalState.slug)),
                ),
                rx.cond(
                    state.problem != "",
                    rx.callout(state.problem, color_scheme="amber", high_contrast=True, id="email-confirm-problem"),
                    rx.vstack(
                        rx.text("Sign in to the customer portal with ", rx.text.strong(state.new_address), "?"),
                        rx.button("Yes, use this address", on_click=state.confirm, size="3", id="confirm-email"),
                        spacing="3",
                    ),
                ),
            ),
            spacing="4",
            width="100%",
        )
    )
