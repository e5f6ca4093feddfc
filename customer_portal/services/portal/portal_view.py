"""What a portal page needs before anything else: is this address the portal, is it on, whose branding,
and which tabs the signed-in customer may see."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.colors import Accent, accent
from customer_portal.domain.portal import Tab
from customer_portal.i18n import _
from customer_portal.models import AuthToken, CustomerEmail, PortalLogin, TokenPurpose, id_of
from customer_portal.services.accounts import auth_tokens
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.company.company_profile import CompanyDetails, get_company
from customer_portal.services.errors import NotAuthorized
from customer_portal.services.portal import invites
from customer_portal.services.portal.portal_settings import resolve_portal_address

NEW_INVITES_PER_HOUR = 3


@dataclass(frozen=True)
class PortalContext:
    status: str  # "open", "off", "missing" or "moved"
    slug: str = ""
    company: CompanyDetails = field(default_factory=CompanyDetails)
    accent: Accent = field(default_factory=lambda: accent(CompanyDetails().accent_color))


def portal_context(session: Session, *, slug: str) -> PortalContext:
    address = resolve_portal_address(session, slug=slug)
    if address is None:
        return PortalContext("missing")
    card = get_company(session)
    if not address.is_current:
        return PortalContext("moved", address.current_slug, card, accent(card.accent_color))
    return PortalContext("open" if address.enabled else "off", address.current_slug, card, accent(card.accent_color))


def visible_tabs(customer: CustomerIdentity) -> list[Tab]:
    """The sections this customer sees, as found by the session check of this event (customer_auth), named in
    the language being spoken."""
    return [replace(tab, label=_(tab.label)) for tab in customer.sections]


def shows(customer: CustomerIdentity, key: str) -> bool:
    return any(tab.key == key for tab in customer.sections)


def request_new_invite(session: Session, *, token: str) -> None:
    """From a dead invite link: send a fresh one to the same email, unless it already has a login.
    At most 3 an hour per email; the answer is the same either way."""
    link = auth_tokens.check(session, token=token, purpose=TokenPurpose.INVITE)
    if link.customer_email_id is None:
        return
    has_login = session.exec(
        select(PortalLogin.id).where(PortalLogin.customer_email_id == link.customer_email_id, PortalLogin.is_active)
    ).first()
    recent = session.exec(
        select(func.count()).where(
            AuthToken.customer_email_id == link.customer_email_id,
            AuthToken.purpose == TokenPurpose.INVITE,
            AuthToken.created_at > utcnow() - timedelta(hours=1),
        )
    ).one()
    email = session.get(CustomerEmail, link.customer_email_id)
    if has_login or recent >= NEW_INVITES_PER_HOUR or email is None:
        return
    invites.queue_invite_for_email(session, customer_email_id=id_of(email))


def require_tab(customer: CustomerIdentity, *, key: str) -> None:
    """Every portal service checks this first: a section the office switched off (or, for invoices, an email
    without Send Invoices) refuses, whatever page or handler asked. The sections come with the identity, from
    the session check this same event made."""
    if not shows(customer, key):
        raise NotAuthorized(_("This part of the portal is not available."))
