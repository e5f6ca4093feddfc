from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from customer_portal.models import Invoice, InvoiceStatus, Payment, PaymentChannel, PaymentStatus, PortalSettings
from customer_portal.services.errors import NotAuthorized, ServiceError
from customer_portal.services.portal import portal_payments
from tests.factories import make_portal_customer, next_event_identity


def _pay(session, customer_id, *, number, cents, channel, at, last4=""):
    invoice = Invoice(
        customer_id=customer_id,
        status=InvoiceStatus.PAID,
        number=number,
        total_cents=cents,
        amount_paid_cents=cents,
        issue_date=at.date(),
    )
    session.add(invoice)
    session.flush()
    payment = Payment(
        invoice_id=invoice.id,
        customer_id=customer_id,
        amount_cents=cents,
        channel=channel,
        status=PaymentStatus.SUCCEEDED,
        received_at=at,
        card_brand="visa" if last4 else "",
        card_last4=last4,
        note="" if last4 else "Check #77",
    )
    session.add(payment)
    session.commit()
    return payment.id


@pytest.fixture
def paid(session):
    _, ana, _ = make_portal_customer(session, name="Ana")
    _, bo, _ = make_portal_customer(session, name="Bo")
    ids = {
        "card": _pay(
            session,
            ana.customer_id,
            number="INV-1",
            cents=12000,
            channel=PaymentChannel.CARD,
            at=datetime(2026, 3, 2, 18, tzinfo=UTC),
            last4="4242",
        ),
        "check": _pay(
            session,
            ana.customer_id,
            number="INV-2",
            cents=4500,
            channel=PaymentChannel.CHECK,
            at=datetime(2026, 6, 1, 18, tzinfo=UTC),
        ),
        "bo": _pay(
            session,
            bo.customer_id,
            number="INV-3",
            cents=9900,
            channel=PaymentChannel.CASH,
            at=datetime(2026, 6, 1, 18, tzinfo=UTC),
        ),
    }
    return ana, bo, ids


def test_payments_are_the_customers_own_with_filters_and_sorting(session, paid):
    ana, _, _ = paid
    rows = portal_payments.list_payments(session, customer=ana).rows
    assert [(r.invoice, r.amount, r.method) for r in rows] == [
        ("INV-2", "$45.00", "Check"),
        ("INV-1", "$120.00", "Visa •••• 4242"),
    ]
    assert [r.invoice for r in portal_payments.list_payments(session, customer=ana, method="card").rows] == ["INV-1"]
    in_march = portal_payments.list_payments(
        session, customer=ana, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)
    )
    assert [r.invoice for r in in_march.rows] == ["INV-1"]
    by_amount = portal_payments.list_payments(session, customer=ana, sort="amount", descending=False).rows
    assert [r.amount for r in by_amount] == ["$45.00", "$120.00"]
    for sort in portal_payments.SORTABLE:
        assert portal_payments.list_payments(session, customer=ana, sort=sort).total == 2


def test_a_receipt_for_the_customers_payment_only(session, paid):
    ana, bo, ids = paid
    receipt = portal_payments.receipt(session, customer=ana, payment_id=ids["card"])
    assert (receipt.invoice, receipt.amount, receipt.method) == ("INV-1", "$120.00", "Visa •••• 4242")
    for payment_id in (ids["bo"], 424242):
        with pytest.raises(ServiceError, match="not available"):
            portal_payments.receipt(session, customer=ana, payment_id=payment_id)
    assert portal_payments.receipt(session, customer=bo, payment_id=ids["bo"]).amount == "$99.00"


def test_payments_refuse_when_hidden(session, paid):
    ana, _, ids = paid
    portal = session.exec(select(PortalSettings)).one()
    portal.include_payments = False
    session.add(portal)
    session.commit()
    ana = next_event_identity(session, ana)
    with pytest.raises(NotAuthorized):
        portal_payments.list_payments(session, customer=ana)
    with pytest.raises(NotAuthorized):
        portal_payments.receipt(session, customer=ana, payment_id=ids["card"])
