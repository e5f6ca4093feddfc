"""Every route in one place; pages, states, services and redirects use these names, never string literals.

At the package root, below every layer that builds a path: services (return addresses for Stripe), the API,
states and pages all import it, and it imports nothing of the app but the list of languages."""

import re
from typing import Any
from urllib.parse import urlencode

from customer_portal.i18n import ENGLISH, LANGUAGES

HOME = "/"
STAFF_SIGN_IN = "/staff/sign-in"
STAFF_FORGOT_PASSWORD = "/staff/forgot-password"
STAFF_RESET_PASSWORD = "/staff/reset-password"  # ?token=: the link a reset email carries
STAFF_JOIN = "/staff/join"  # ?token=: an invitation to the office team
STAFF_HOME = "/staff"
STAFF_CUSTOMERS = "/staff/customers"
STAFF_CUSTOMER_NEW = "/staff/customers/new"
STAFF_CUSTOMER_IMPORT = "/staff/customers/import"
STAFF_CUSTOMER_DETAIL = "/staff/customers/[customer_id]"
STAFF_INVOICES = "/staff/invoices"
STAFF_INVOICE_NEW = "/staff/invoices/new"
STAFF_INVOICE_DETAIL = "/staff/invoices/[invoice_id]"
STAFF_QUOTES = "/staff/quotes"
STAFF_QUOTE_NEW = "/staff/quotes/new"
STAFF_QUOTE_DETAIL = "/staff/quotes/[quote_id]"
STAFF_VISITS = "/staff/visits"
STAFF_VISIT_NEW = "/staff/visits/new"
STAFF_VISIT_DETAIL = "/staff/visits/[visit_id]"
STAFF_SETTINGS = "/staff/settings"
STAFF_NOTIFICATIONS = "/staff/settings/notifications"
STAFF_TEAM = "/staff/settings/team"
STAFF_SCHEDULE = "/staff/schedule"
STAFF_REQUESTS = "/staff/requests"
STAFF_REQUEST_DETAIL = "/staff/requests/[request_id]"
STAFF_AUDIT_LOG = "/staff/audit-log"
STAFF_OUTBOX = "/staff/outbox"
STAFF_ACCOUNT = "/staff/account"  # the signed-in staff member's own: password, other devices

# The customer portal lives under the company's chosen name: /bluewater, /bluewater/sign-in, ...; in another
# language with its code after the name: /bluewater/es, /bluewater/es/sign-in (in_language below).
PORTAL_HOME = "/[portal]"
PORTAL_SIGN_IN = "/[portal]/sign-in"
PORTAL_CREATE_LOGIN = "/[portal]/create-login"
PORTAL_FORGOT_PASSWORD = "/[portal]/forgot-password"
PORTAL_RESET_PASSWORD = "/[portal]/reset-password"
PORTAL_CONTACT = "/[portal]/contact"
PORTAL_INVOICES = "/[portal]/invoices"
PORTAL_INVOICE = "/[portal]/invoices/[invoice_id]"
PORTAL_STATEMENT = "/[portal]/statement"
PORTAL_PAYMENTS = "/[portal]/payments"
PORTAL_RECEIPT = "/[portal]/payments/[payment_id]"
PORTAL_QUOTES = "/[portal]/quotes"
PORTAL_QUOTE = "/[portal]/quotes/[quote_id]"
PORTAL_HISTORY = "/[portal]/service-history"
PORTAL_PAYMENT_METHODS = "/[portal]/payment-methods"
PORTAL_CARD_ADDED = "/[portal]/payment-methods/added"
PORTAL_PAY = "/[portal]/pay"
PORTAL_PAY_RETURN = "/[portal]/pay/return"
PORTAL_PAY_NEW_METHOD = "/[portal]/pay/new-method"  # back from Checkout with a card or bank account just entered
PORTAL_VISIT = "/[portal]/service-history/[visit_id]"
PORTAL_NOTIFICATIONS = "/[portal]/notifications"
PORTAL_UPCOMING = "/[portal]/upcoming-visits"
PORTAL_UNSUBSCRIBE = "/[portal]/unsubscribe"
PORTAL_ACCOUNT = "/[portal]/account"  # the customer's login: password, other devices
PORTAL_CONFIRM_EMAIL = "/[portal]/confirm-email"  # ?token=: from the new address, a login moved there
PORTAL_REQUESTS = "/[portal]/requests"
PORTAL_REQUEST_NEW = "/[portal]/requests/new"
PORTAL_REQUEST = "/[portal]/requests/[request_id]"

# {…:row_id} is a database id (api/app.py): a number an integer column holds, so any id in a URL can be looked up.
API_HEALTH = "/api/health"
API_READY = "/api/ready"
API_METRICS = "/api/metrics"
# What a page shows instead of itself while the database or Redis is unreachable (api/unavailable.py).
API_UNAVAILABLE = "/api/unavailable"
STRIPE_WEBHOOK = "/stripe/webhook"
API_LOGO = "/api/branding/logo"
API_INVOICE_PDF = "/api/portal/invoices/{invoice_id:row_id}.pdf"
API_STATEMENT_PDF = "/api/portal/statement.pdf"
API_RECEIPT_PDF = "/api/portal/payments/{payment_id:row_id}/receipt.pdf"
API_PHOTO = "/api/photos/{photo_id:row_id}"
API_PHOTO_THUMBNAIL = "/api/photos/{photo_id:row_id}/thumbnail"
API_REQUEST_PHOTO = "/api/request-photos/{photo_id:row_id}"  # a customer's service request photo
API_REQUEST_PHOTO_THUMBNAIL = "/api/request-photos/{photo_id:row_id}/thumbnail"
# Session cookies are HttpOnly, so only these HTTP routes set and clear them (the websocket cannot).
API_SESSION_BEGIN = "/api/session/begin"
API_SESSION_END = "/api/session/end"
# Links in emails that work without signing in, each carrying a token only this server can sign.
API_UNSUBSCRIBE = "/api/email/unsubscribe/{token}"  # RFC 8058 one-click (POST); a person's GET is shown a page
API_EMAIL_PHOTO = "/api/email/photos/{token}"  # a visit photo's thumbnail in a visit report, for 30 days


_PARAMETER = re.compile(r"\[(\w+)\]|\{(\w+)(?::\w+)?\}")


def path_to(route: str, **values: Any) -> Any:
    """`route` with each [name] (a page's) or {name} (an API route's) replaced by values[name]. A value may be a
    Reflex Var: the path is then built in the browser, `"/api/photos/" + photo_id + "/thumbnail"` without
    anyone writing the literal."""
    path: Any = ""
    position = 0
    for match in _PARAMETER.finditer(route):
        path = path + route[position : match.start()] + values[match.group(1) or match.group(2)]
        position = match.end()
    return path + route[position:]


def staff_customer(customer_id: int) -> str:
    return str(path_to(STAFF_CUSTOMER_DETAIL, customer_id=str(customer_id)))


def staff_invoice(invoice_id: int) -> str:
    return str(path_to(STAFF_INVOICE_DETAIL, invoice_id=str(invoice_id)))


def staff_quote(quote_id: int) -> str:
    return str(path_to(STAFF_QUOTE_DETAIL, quote_id=str(quote_id)))


def photo_url(photo_id: int, *, thumbnail: bool = False) -> str:
    return str(path_to(API_PHOTO_THUMBNAIL if thumbnail else API_PHOTO, photo_id=str(photo_id)))


def staff_visit(visit_id: int) -> str:
    return str(path_to(STAFF_VISIT_DETAIL, visit_id=str(visit_id)))


def portal_path(slug: str, page: str = "", *, language: str = ENGLISH) -> str:
    """/bluewater or /bluewater/sign-in (/bluewater/es/sign-in in Spanish): a portal page under the portal's
    current name."""
    return in_language(f"/{slug}/{page}" if page else f"/{slug}", language)


def in_language(portal_route: str, language: str) -> str:
    """A portal route or path as it is in `language`: /[portal]/invoices → /[portal]/es/invoices, /bluewater →
    /bluewater/es. English keeps the address without a code. (A portal's name has at least 3 characters, so
    a two-letter code after it is never a page of its own.)"""
    if language == ENGLISH or language not in LANGUAGES:
        return portal_route
    path, mark, query = portal_route.partition("?")
    name, _slash, rest = path.lstrip("/").partition("/")
    return (f"/{name}/{language}/{rest}" if rest else f"/{name}/{language}") + mark + query


_NOT_PORTALS = frozenset({STAFF_HOME.strip("/"), "api"})


def language_of(path: str) -> str:
    """The language of a portal address: the code after the portal's name, else English (the office's pages and
    the API are English)."""
    segments = path.split("?", 1)[0].strip("/").split("/")
    if segments[0] in _NOT_PORTALS or len(segments) < 2 or segments[1] not in LANGUAGES:
        return ENGLISH
    return segments[1]


def without_language(path: str) -> str:
    """A portal address as it is in English: /bluewater/es/invoices?x=1 → /bluewater/invoices?x=1."""
    language = language_of(path)
    if language == ENGLISH:
        return path
    name, _slash, rest = path.lstrip("/").partition("/")
    rest = rest[len(language) :].lstrip("/")
    return f"/{name}/{rest}" if rest and not rest.startswith("?") else f"/{name}{rest}"


def local_path(value: str, *, default: str = HOME) -> str:
    """`value` if it is a path on this site, else `default`: a redirect target taken from a request can never
    send the browser to another site (`//evil.example`, `/\\evil.example`, `https://…`)."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(character) < 32 or ord(character) == 127 for character in value)
    ):
        return default
    return value


def session_begin(code: str, then: str) -> str:
    """The route that turns a sign-in's one-time code into the session cookie, then opens `then`."""
    return f"{API_SESSION_BEGIN}?{urlencode({'code': code, 'next': then})}"


def session_end(cookie: str, then: str) -> str:
    """The route that clears a session cookie (after the session was revoked), then opens `then`."""
    return f"{API_SESSION_END}?{urlencode({'cookie': cookie, 'next': then})}"
