"""Which customer a portal session belongs to (customer sign-in itself lives with the portal)."""

from __future__ import annotations

from sqlmodel import Session, select

from customer_portal.models import Customer, CustomerEmail, CustomerStatus, PortalLogin, PortalSettings, SessionKind
from customer_portal.services import sessions


def current_customer_id(session: Session, *, token: str) -> int | None:
    """The customer behind a live portal session, or None (no session, expired, revoked, login or
    customer disabled, or the portal switched off)."""
    row = sessions.find_live_session(session, token=token, kind=SessionKind.CUSTOMER)
    if row is None or row.portal_login_id is None:
        return None
    found = session.exec(
        select(Customer.id, Customer.status, PortalLogin.is_active)
        .join(CustomerEmail, CustomerEmail.id == PortalLogin.customer_email_id)
        .join(Customer, Customer.id == CustomerEmail.customer_id)
        .where(PortalLogin.id == row.portal_login_id)
    ).first()
    portal_on = session.exec(select(PortalSettings.enabled)).first()
    if found is None or not portal_on:
        return None
    customer_id, status, login_active = found
    return customer_id if login_active and status == CustomerStatus.ACTIVE else None
