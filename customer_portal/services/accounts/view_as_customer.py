"""Staff open the portal exactly as one customer email sees it, read-only, and every opening is audited."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from customer_portal.i18n import _
from customer_portal.models import AuditActor, Customer, CustomerEmail, PortalSettings, SessionKind
from customer_portal.services.accounts import sessions
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError

VIEW_LIFETIME = timedelta(minutes=30)


def start_view(
    session: Session, *, staff: StaffIdentity, customer_email_id: int, client_ip: str = ""
) -> tuple[str, str]:
    """A short read-only portal session for this email; returns (token, the portal's name for the URL)."""
    portal = session.exec(select(PortalSettings)).first()
    if portal is None or not portal.enabled or not portal.slug:
        raise ServiceError(_("Turn the customer portal on in Settings to view it as a customer."))
    email = session.get(CustomerEmail, customer_email_id)
    customer = session.get(Customer, email.customer_id) if email else None
    if email is None or customer is None:
        raise ServiceError(_("That email does not exist."))
    token = sessions.start_session(
        session,
        kind=SessionKind.STAFF,
        staff_user_id=staff.id,
        viewing_customer_email_id=email.id,
        client_ip=client_ip,
        lifetime=VIEW_LIFETIME,
    )
    audit.record(
        session,
        action="portal.viewed_as_customer",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="customer",
        entity_id=customer.id,
        details={"email": email.address},
    )
    return token, portal.slug
