import pytest
from sqlmodel import select

from customer_portal.models import AuditLogEntry, CompanyProfile, CustomerEmail, PortalSettings, StaffRole
from customer_portal.services.accounts import customer_auth, staff_auth, view_as_customer
from customer_portal.services.errors import ServiceError
from customer_portal.services.portal import contact_messages, portal_invoices, portal_quotes
from tests.factories import make_customer, make_staff


@pytest.fixture
def setup(session):
    session.add(PortalSettings(enabled=True, slug="bluewater"))
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session, role=StaffRole.OFFICE)
    customer = make_customer(session, name="Viewed Customer")
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).one()
    session.commit()
    return staff, customer, email


def test_staff_see_the_portal_read_only_as_the_customer_and_it_is_audited(session, setup):
    staff, customer, email = setup
    token, slug = view_as_customer.start_view(session, staff=staff, customer_email_id=email.id)
    session.commit()
    identity = customer_auth.current_customer(session, token=token)
    assert (slug, identity.customer_id, identity.email, identity.read_only) == (
        "bluewater",
        customer.id,
        email.address,
        True,
    )
    assert portal_invoices.list_invoices(session, customer=identity).page.total == 0  # reading works
    with pytest.raises(ServiceError, match="read-only"):
        contact_messages.send_message(session, customer=identity, message="Hello")
    with pytest.raises(ServiceError, match="read-only"):
        portal_quotes.respond(session, customer=identity, quote_id=1, action="approve", client_ip="x", signature="X")
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "portal.viewed_as_customer")).one()
    assert (entry.actor_label, entry.entity_id, entry.details["email"]) == (staff.email, customer.id, email.address)


def test_a_view_session_is_not_an_office_session(session, setup):
    staff, _, email = setup
    token, _ = view_as_customer.start_view(session, staff=staff, customer_email_id=email.id)
    session.commit()
    assert staff_auth.current_staff(session, token=token) is None


def test_no_view_while_the_portal_is_off(session, setup):
    staff, _, email = setup
    portal = session.exec(select(PortalSettings)).one()
    portal.enabled = False
    session.add(portal)
    session.commit()
    with pytest.raises(ServiceError, match="Turn the customer portal on"):
        view_as_customer.start_view(session, staff=staff, customer_email_id=email.id)
