"""The landing page at the site root."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.layout import centered_card


def home_page() -> rx.Component:
    return centered_card(
        rx.heading("Customer portal", size="6", as_="h1"),
        rx.text(
            "Customers reach their portal through the link in their invitation email.",
            color=rx.color("gray", 11),
        ),
        rx.link("Office sign in", href=routes.STAFF_SIGN_IN, id="staff-sign-in-link"),
    )
