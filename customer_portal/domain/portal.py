"""Rules for the customer portal's address and its invite email, with no database involved."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Protocol

from customer_portal.i18n import N_, _

SLUG_MIN, SLUG_MAX = 3, 40
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset(
    """
    admin administrator api app assets auth billing create-login dashboard favicon.ico forgot-password health
    help invite login logout pay payments ping portal reset reset-password settings sign-in sign-out signin
    signout staff static status stripe support upload www _event _health _next _upload
    """.split()
)

PLACEHOLDERS = ("customer_name", "company_name", "portal_url", "create_login_link")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

DEFAULT_INVITE_SUBJECT = N_("Your {company_name} customer portal is ready")
DEFAULT_INVITE_BODY = N_(
    "Hi {customer_name},\n\n"
    "{company_name} now has a customer portal. From your phone or computer you can pay invoices, see what we did "
    "at each visit (with photos and water readings) and approve quotes.\n\n"
    "Create your login here (the link works for 72 hours):\n"
    "{create_login_link}\n\n"
    "After that, sign in any time at {portal_url}\n\n"
    "Thank you,\n"
    "{company_name}"
)

SAMPLE_VALUES = {
    "customer_name": "Maria Delgado",
    "company_name": "Your Pool Company",
    "portal_url": "https://example.com/yourcompany",
    "create_login_link": "https://example.com/yourcompany/create-login?token=sample",
}


class InvalidSlug(ValueError):
    pass


def normalize_slug(text: str) -> str:
    """A portal web address name (surrounding spaces dropped), or InvalidSlug with a message for the office.
    Capitals are refused, not quietly lowered: the office must publish the address it saved."""
    typed = (text or "").strip()
    slug = typed.lower()
    if not SLUG_MIN <= len(slug) <= SLUG_MAX:
        raise InvalidSlug(_("Use {low} to {high} characters.").format(low=SLUG_MIN, high=SLUG_MAX))
    if not _SLUG.match(slug):
        raise InvalidSlug(_("Use lowercase letters, digits and single hyphens (not at the start or end)."))
    if slug in RESERVED_SLUGS:
        raise InvalidSlug(f"“{slug}” is reserved. Choose another name.")
    if typed != slug:
        raise InvalidSlug(_("Web addresses are lowercase: use “{slug}”.").format(slug=slug))
    return slug


def unknown_placeholders(template: str, known: tuple[str, ...] = PLACEHOLDERS) -> list[str]:
    """Placeholders in a template that we do not fill (`known` are those we do), in the order they appear."""
    found = []
    for name in _PLACEHOLDER.findall(template or ""):
        if name not in known and name not in found:
            found.append(name)
    return found


def template_problem(template: str, known: tuple[str, ...] = PLACEHOLDERS) -> str:
    """What is wrong with a subject or message the office wrote (empty, or a placeholder we do not fill); "" if
    nothing."""
    if not template.strip():
        return "This cannot be empty; use Restore default to start again."
    if unknown := unknown_placeholders(template, known):
        return f"Unknown placeholder{'s' * (len(unknown) > 1)}: {', '.join('{' + name + '}' for name in unknown)}."
    return ""


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill the known placeholders; callers have refused templates with unknown ones."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def text_to_html(text: str) -> str:
    """Plain email text as simple HTML: escaped, paragraphs kept, links clickable."""
    escaped = html.escape(text)
    linked = re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', escaped)
    return "<br>\n".join(linked.splitlines())


@dataclass(frozen=True)
class Tab:
    key: str
    label: str


class SectionSwitches(Protocol):
    """The office's Included in Portal switches (a PortalSettings row, or a row of its columns)."""

    include_invoices: bool
    include_payments: bool
    include_payment_methods: bool
    include_quotes: bool
    include_service_history: bool
    include_service_requests: bool
    include_contact_us: bool


def portal_sections(switches: SectionSwitches, *, send_invoices: bool, payments_ready: bool) -> tuple[Tab, ...]:
    """The sections one email sees: Included in Portal, Invoices only for a Send Invoices email, and Payment
    Methods only once card payments are set up."""
    candidates = (
        (Tab("invoices", N_("Invoices")), switches.include_invoices and send_invoices),
        (Tab("payments", N_("Payments")), switches.include_payments),
        (Tab("payment-methods", N_("Payment Methods")), switches.include_payment_methods and payments_ready),
        (Tab("quotes", N_("Quotes")), switches.include_quotes),
        (Tab("service-history", N_("Service History")), switches.include_service_history),
        (Tab("requests", N_("Service Requests")), switches.include_service_requests),
        (Tab("contact", N_("Contact Us")), switches.include_contact_us),
    )
    return tuple(tab for tab, shown in candidates if shown)
