"""Staff sign-in."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.layout import centered_card
from customer_portal.state.staff_sign_in import StaffSignInState


def staff_sign_in_page() -> rx.Component:
    return centered_card(
        rx.heading("Office sign in", size="6", as_="h1"),
        rx.text("Sign in to manage customers, invoices and the customer portal.", color=rx.color("gray", 11)),
        rx.form(
            rx.vstack(
                rx.el.label("Email", html_for="email"),
                rx.input(id="email", name="email", type="email", auto_complete="username", required=True, width="100%"),
                rx.el.label("Password", html_for="password"),
                rx.input(
                    id="password",
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    required=True,
                    width="100%",
                ),
                rx.cond(
                    StaffSignInState.error != "",
                    rx.callout(
                        StaffSignInState.error,
                        icon="triangle_alert",
                        color_scheme="red",
                        role="alert",
                        id="sign-in-error",
                    ),
                ),
                rx.button(
                    rx.cond(StaffSignInState.is_submitting, "Signing in…", "Sign in"),
                    type="submit",
                    width="100%",
                    loading=StaffSignInState.is_submitting,
                    id="sign-in",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=StaffSignInState.sign_in,
            reset_on_submit=False,
            width="100%",
        ),
    )
