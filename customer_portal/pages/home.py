"""The landing page at the site root."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.layout import centered_card
from customer_portal.i18n import _


def home_page() -> rx.Component:
    return centered_card(
        rx.heading(_("Customer portal"), size="6", as_="h1"),
        rx.text(
            _("Customers reach their portal through the link in their invitation email."),
            color=rx.color("gray", 11),
        ),
        rx.link(_("Office sign in"), href=routes.STAFF_SIGN_IN, id="staff-sign-in-link"),
    )
