from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from customer_portal.domain.invoices import is_overdue
from customer_portal.models import (
    Customer,
    CustomerEmail,
    CustomerStatus,
    Invoice,
    InvoiceStatus,
    Payment,
    PortalLogin,
    Quote,
    QuoteStatus,
    RequestStatus,
    ServiceLocation,
    ServiceRequest,
    ServiceRequestReply,
    ServiceVisit,
    VisitPhoto,
)
from customer_portal.services.accounts.passwords import verify_password
from customer_portal.services.demo import demo_data
from customer_portal.settings import settings

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(session):
    summary = demo_data.seed_demo(session, seed=7, today=TODAY, history_weeks=12, photo_customers=2, bcrypt_cost=4)
    session.commit()
    return summary


def test_the_demo_company_has_what_the_portal_needs_to_show(session, demo):
    assert demo.customers == 40
    emails_per_customer = session.exec(
        select(func.count()).select_from(CustomerEmail).group_by(CustomerEmail.customer_id)
    )
    assert max(emails_per_customer.all()) == 2
    assert session.exec(select(CustomerEmail).where(CustomerEmail.send_invoices.is_(False))).first()
    pools_per_customer = session.exec(
        select(func.count()).select_from(ServiceLocation).group_by(ServiceLocation.customer_id)
    )
    assert max(pools_per_customer.all()) == 2
    assert session.exec(select(Customer).where(Customer.status == CustomerStatus.ARCHIVED)).first()


def test_the_demo_customer_has_an_answered_request_and_the_office_a_new_one(session, demo):
    requests = session.exec(select(ServiceRequest).order_by(ServiceRequest.id)).all()
    assert [(request.status, request.requested_by) for request in requests] == [
        (RequestStatus.CLOSED, demo_data.DEMO_CUSTOMER_EMAIL),
        (RequestStatus.NEW, requests[1].requested_by),
    ]
    assert requests[1].customer_id != requests[0].customer_id
    pools = {pool.id: pool.customer_id for pool in session.exec(select(ServiceLocation))}
    assert all(pools[request.service_location_id] == request.customer_id for request in requests)
    assert session.exec(select(ServiceRequestReply.request_id)).all() == [requests[0].id]


def test_every_invoice_and_quote_status_is_present_including_overdue(session, demo):
    invoices = session.exec(select(Invoice)).all()
    assert {invoice.status for invoice in invoices} == set(InvoiceStatus)
    assert any(is_overdue(invoice.status, invoice.due_date, TODAY) for invoice in invoices if invoice.due_date)
    assert {quote.status for quote in session.exec(select(Quote))} == set(QuoteStatus)
    approved = session.exec(select(Quote).where(Quote.status == QuoteStatus.APPROVED)).first()
    assert approved.response_name and approved.response_ip and approved.responded_at


def test_money_adds_up(session, demo):
    for invoice in session.exec(select(Invoice)):
        paid = session.exec(
            select(func.coalesce(func.sum(Payment.amount_cents), 0)).where(Payment.invoice_id == invoice.id)
        ).one()
        assert paid == invoice.amount_paid_cents
        assert invoice.status != InvoiceStatus.PAID or paid == invoice.total_cents
        assert (invoice.number is None) == (invoice.status == InvoiceStatus.DRAFT)


def test_visits_are_weekly_with_readings_and_real_photo_files(session, demo):
    first_pool = session.exec(select(func.min(ServiceLocation.id))).one()
    visits = session.exec(select(ServiceVisit).where(ServiceVisit.service_location_id == first_pool)).all()
    assert len(visits) == 12
    assert all(visit.completed_at.tzinfo is not None and visit.ph is not None for visit in visits)
    photos = session.exec(select(VisitPhoto)).all()
    assert photos and demo.photos == len(photos)
    for photo in photos:
        assert (settings.photo_dir / photo.stored_name).stat().st_size == photo.byte_size
        assert (settings.photo_dir / photo.thumbnail_name).exists()


def test_the_demo_customer_can_sign_in_with_the_printed_password(session, demo):
    login = session.exec(
        select(PortalLogin).join(CustomerEmail).where(CustomerEmail.address == demo_data.DEMO_CUSTOMER_EMAIL)
    ).one()
    assert verify_password(demo_data.DEMO_CUSTOMER_PASSWORD, login.password_hash)


def test_demo_data_goes_only_into_an_empty_database(session, demo):
    with pytest.raises(ValueError, match="empty database"):
        demo_data.seed_demo(session, today=TODAY, history_weeks=1, bcrypt_cost=4)


def _snapshot(session):
    return {
        "customers": session.exec(select(Customer.name, Customer.phone, Customer.status).order_by(Customer.id)).all(),
        "invoices": session.exec(
            select(Invoice.number, Invoice.status, Invoice.total_cents, Invoice.due_date).order_by(Invoice.id)
        ).all(),
        "visits": session.exec(
            select(ServiceVisit.completed_at, ServiceVisit.ph, ServiceVisit.notes_for_customer).order_by(
                ServiceVisit.id
            )
        ).all(),
        "quotes": session.exec(select(Quote.number, Quote.status, Quote.total_cents).order_by(Quote.id)).all(),
    }


def test_the_same_seed_gives_the_same_company(session, db):
    demo_data.seed_demo(session, seed=11, today=TODAY, history_weeks=6, photo_customers=0, bcrypt_cost=4)
    session.commit()
    first = _snapshot(session)
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()
    demo_data.seed_demo(session, seed=11, today=TODAY, history_weeks=6, photo_customers=0, bcrypt_cost=4)
    session.commit()
    assert _snapshot(session) == first
    session.rollback()
