"""The app's pages, read from `customer_portal.routes` (every route in one place): the browser tests walk
these, and a unit test checks they are exactly the pages the app registers, so a new page is walked too."""

from __future__ import annotations

import re

from customer_portal import routes
from customer_portal.i18n import ENGLISH, LANGUAGES

_NOT_PAGES = ("/api/", "/stripe/")
PARAMETER = re.compile(r"\[(\w+)\]")


def page_routes() -> list[str]:
    """Every page, each portal page once in each language the portal speaks (/[portal]/es/invoices)."""
    pages = [
        value
        for name, value in vars(routes).items()
        if name.isupper() and isinstance(value, str) and value.startswith("/") and not value.startswith(_NOT_PAGES)
    ]
    in_other_languages = [
        routes.in_language(page, language)
        for page in pages
        if page.startswith(routes.PORTAL_HOME)
        for language in LANGUAGES
        if language != ENGLISH
    ]
    return sorted(pages + in_other_languages)


PUBLIC_STAFF_PAGES = {
    routes.STAFF_SIGN_IN,
    routes.STAFF_FORGOT_PASSWORD,
    routes.STAFF_RESET_PASSWORD,
    routes.STAFF_JOIN,
}


def is_staff_page(route: str) -> bool:
    """A page of the office behind sign-in."""
    return route.startswith(routes.STAFF_HOME) and route not in PUBLIC_STAFF_PAGES


PUBLIC_PORTAL_PAGES = {
    routes.PORTAL_SIGN_IN,
    routes.PORTAL_CREATE_LOGIN,
    routes.PORTAL_FORGOT_PASSWORD,
    routes.PORTAL_RESET_PASSWORD,
    routes.PORTAL_UNSUBSCRIBE,  # an email's link: its token, not a session, is the credential
    routes.PORTAL_CONFIRM_EMAIL,  # the same: the link sent to a new login address
}


def is_customer_page(route: str) -> bool:
    return route.startswith("/[portal]") and routes.without_language(route) not in PUBLIC_PORTAL_PAGES
