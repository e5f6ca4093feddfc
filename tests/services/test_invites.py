import pytest
from sqlmodel import select

from customer_portal.models import (
    AuthToken,
    CustomerEmail,
    OutboxEmail,
    PortalLogin,
    PortalSettings,
    TokenPurpose,
)
from customer_portal.services.customers import customers
from customer_portal.services.errors import ServiceError
from customer_portal.services.messaging import outbox
from customer_portal.services.portal import invites
from customer_portal.services.portal.portal_settings import get_portal_settings
from tests.factories import make_customer, make_staff


@pytest.fixture
def staff(session):
    session.add(PortalSettings(enabled=True, slug="bluewater"))
    return make_staff(session, email="dana@bluewater.example")


@pytest.fixture
def mixed(session, staff):
    """Two emails; one email already active; archived; no email at all."""
    two = make_customer(session, name="Ana Two-Emails", emails=2)
    active = make_customer(session, name="Ben Active")
    archived = make_customer(session, name="Cy Archived")
    customers.set_archived(session, staff=staff, customer_id=archived.id, archived=True)
    nobody = make_customer(session, name="Dee No-Email", emails=0)
    active_email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == active.id)).one()
    session.add(PortalLogin(customer_email_id=active_email.id, password_hash="x"))
    session.commit()
    return {"two": two, "active": active, "archived": archived, "nobody": nobody}


def test_who_gets_an_invite_and_why_not(session, mixed):
    plan = invites.plan_invites(session, customer_ids=[c.id for c in mixed.values()])
    assert [r.customer_name for r in plan.recipients] == ["Ana Two-Emails", "Ana Two-Emails"]
    assert sorted((e.customer_name, e.reason) for e in plan.excluded) == [
        ("Ben Active", "Already active"),
        ("Cy Archived", "Archived"),
        ("Dee No-Email", "No email on file"),
    ]
    again = invites.plan_invites(session, customer_ids=[mixed["active"].id], reinvite_active=True)
    assert [(r.customer_name, r.reinvite) for r in again.recipients] == [("Ben Active", True)]


def test_sending_queues_one_personal_invite_per_email(session, staff, mixed):
    run = invites.send_invites(session, staff=staff, customer_ids=[c.id for c in mixed.values()])
    session.commit()
    rows = session.exec(select(OutboxEmail).where(OutboxEmail.run_id == run.run_id).order_by(OutboxEmail.id)).all()
    assert run.queued == len(rows) == 2
    assert rows[0].subject == "Your Your pool company customer portal is ready"
    assert "Hi Ana Two-Emails," in rows[0].text_body and "/bluewater/create-login?token=" in rows[0].text_body
    links = {row.text_body.split("create-login?token=")[1].split()[0] for row in rows}
    assert len(links) == 2  # each email its own link
    assert len(session.exec(select(AuthToken).where(AuthToken.purpose == TokenPurpose.INVITE)).all()) == 2
    progress = outbox.run_progress(session, run_id=run.run_id)
    assert (progress.total, progress.sent, progress.remaining) == (2, 0, 2)
    assert invites.latest_run_id(session) == run.run_id


def test_no_invites_while_the_portal_is_off(session, staff, mixed):
    portal = session.exec(select(PortalSettings)).one()
    portal.enabled = False
    session.add(portal)
    session.commit()
    with pytest.raises(ServiceError, match="Turn the customer portal on"):
        invites.send_invites(session, staff=staff, customer_ids=[mixed["two"].id])


def test_nobody_eligible_is_a_clear_message(session, staff, mixed):
    with pytest.raises(ServiceError, match="None of the selected customers"):
        invites.send_invites(session, staff=staff, customer_ids=[mixed["archived"].id, mixed["nobody"].id])


def test_preview_goes_to_the_staff_members_own_address_with_sample_data(session, staff):
    form = get_portal_settings(session)
    form.invite_subject = "Welcome, {customer_name}"
    address = invites.send_preview(session, staff=staff, form=form)
    session.commit()
    row = session.exec(select(OutboxEmail)).one()
    assert address == row.to_address == "dana@bluewater.example"
    assert row.subject == "[Preview] Welcome, Maria Delgado" and "create-login?token=" in row.text_body


def test_each_emails_invite_status_shows_on_the_detail_and_the_list(session, db, staff, mixed):
    from functools import partial

    from customer_portal.adapters.email import PermanentSendError
    from customer_portal.db import session_scope
    from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers

    class RefusesTheSecond:
        name, max_batch, min_interval_seconds = "test", 1, 0.0

        def send_batch(self, messages, *, idempotency_key):
            if messages[0].to == second:
                raise PermanentSendError("mailbox does not exist")
            return ["id-1"]

    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == mixed["two"].id).order_by(CustomerEmail.id)
    ).all()
    second = emails[1].address
    invites.send_invites(session, staff=staff, customer_ids=[mixed["two"].id])
    session.commit()
    statuses = customers.get_customer(session, customer_id=mixed["two"].id).form.emails
    assert [s.portal_status.split(" · ")[1] for s in statuses] == ["sending", "sending"]
    session.commit()  # end the read before another connection writes (SQLite holds the lock meanwhile)
    outbox.deliver_pending(sender=RefusesTheSecond(), transaction=partial(session_scope, db), sleep=lambda _: None)
    statuses = customers.get_customer(session, customer_id=mixed["two"].id).form.emails
    assert statuses[0].portal_status.endswith("· delivered")
    assert statuses[1].portal_status.endswith("· failed: mailbox does not exist")
    row = next(r for r in list_customers(session, query=CustomerQuery()).rows if r.id == mixed["two"].id)
    assert row.portal_status_label == "Invited"  # one of the two went through
    only_failures = list_customers(session, query=CustomerQuery(portal="invite_failed")).rows
    assert only_failures == []


def test_a_customer_whose_only_invite_failed_is_listed_as_such(session, db, staff, mixed):
    from functools import partial

    from customer_portal.adapters.email import PermanentSendError
    from customer_portal.db import session_scope
    from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers

    class RefusesAll:
        name, max_batch, min_interval_seconds = "test", 1, 0.0

        def send_batch(self, messages, *, idempotency_key):
            raise PermanentSendError("domain does not accept mail")

    lonely = make_customer(session, name="Eve One-Email")
    invites.send_invites(session, staff=staff, customer_ids=[lonely.id])
    session.commit()
    outbox.deliver_pending(sender=RefusesAll(), transaction=partial(session_scope, db), sleep=lambda _: None)
    rows = list_customers(session, query=CustomerQuery(portal="invite_failed")).rows
    assert [(row.name, row.portal_status_label) for row in rows] == [("Eve One-Email", "Invite failed")]
