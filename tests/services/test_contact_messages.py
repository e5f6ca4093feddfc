import pytest
from sqlmodel import select

from customer_portal.models import CompanyProfile, OutboxEmail, PortalSettings
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import contact_messages
from tests.factories import make_portal_customer, next_event_identity


@pytest.fixture
def customer(session):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    return make_portal_customer(session, name="Ana Alpha")[1]


def test_a_message_reaches_the_office_with_a_reply_address(session, customer):
    assert (
        contact_messages.send_message(session, customer=customer, message="Gate code changed to 9921.")
        == customer.email
    )
    session.commit()
    row = session.exec(select(OutboxEmail)).one()
    assert (row.to_address, row.reply_to, row.template) == (
        "office@bluewater.example",
        customer.email,
        "contact_message",
    )
    assert "Gate code changed to 9921." in row.text_body and "Ana Alpha" in row.subject


def test_an_empty_message_is_refused(session, customer):
    with pytest.raises(ValidationFailed):
        contact_messages.send_message(session, customer=customer, message="   ")


def test_at_most_five_messages_an_hour(session, customer):
    for n in range(5):
        contact_messages.send_message(session, customer=customer, message=f"Message {n}")
    session.commit()
    with pytest.raises(ServiceError, match="several messages"):
        contact_messages.send_message(session, customer=customer, message="One more")


def test_no_messages_when_contact_us_is_hidden(session, customer):
    portal = session.exec(select(PortalSettings)).one()
    portal.include_contact_us = False
    session.add(portal)
    session.commit()
    with pytest.raises(NotAuthorized):
        contact_messages.send_message(session, customer=next_event_identity(session, customer), message="Hello")
