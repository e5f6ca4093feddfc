from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import (
    AuditLogEntry,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    OutboxEmail,
    Payment,
    PaymentStatus,
)
from customer_portal.services.billing import invoice_actions, invoices
from customer_portal.services.billing.invoice_actions import InvoiceDraft, ManualPayment
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import make_customer, make_draft_invoice, make_staff

TODAY = local_day(utcnow(), "America/Phoenix")


@pytest.fixture
def staff(session):
    return make_staff(session)


@pytest.fixture
def customer(session):
    return make_customer(session, name="Omar Haddad", pools=2)


def _issued(session, staff, customer, *lines) -> Invoice:
    invoice_id = make_draft_invoice(session, staff=staff, customer=customer, **({"lines": lines} if lines else {}))
    invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
    session.commit()
    return session.get(Invoice, invoice_id)


def _pay(session, staff, invoice, amount, channel="check", received_on=""):
    payment = ManualPayment(channel=channel, amount=amount, received_on=received_on, reference="Check #1042")
    invoice_actions.record_manual_payment(session, staff=staff, invoice_id=invoice.id, payment=payment)
    session.commit()


def test_a_draft_stores_typed_prices_in_cents_and_totals_in_the_domain(session, staff, customer):
    lines = (("Weekly service", "4", "45.00"), ("Filter clean", "1", "85"), ("Labor (hours)", "2.5", "12.50"))
    invoice_id = make_draft_invoice(session, staff=staff, customer=customer, lines=lines)
    invoice = session.get(Invoice, invoice_id)
    stored = session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id).order_by(InvoiceLine.position)
    )
    assert [(line.unit_price_cents, line.amount_cents) for line in stored] == [
        (4500, 18000),
        (8500, 8500),
        (1250, 3125),
    ]
    assert (invoice.status, invoice.number, invoice.total_cents) == (InvoiceStatus.DRAFT, None, 29625)
    detail = invoices.get_invoice(session, invoice_id=invoice_id)
    assert detail.total == "$296.25" and detail.lines[2].quantity == "2.5" and detail.lines[2].unit_price == "12.50"
    assert detail.can_edit and detail.can_issue and not detail.can_record_payment


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (LineInput("Service", "1", "12,5"), "lines.0.unit_price"),
        (LineInput("Service", "0", "10"), "lines.0.quantity"),
        (LineInput("Service", "abc", "10"), "lines.0.quantity"),
        (LineInput("Service", "1.005", "10"), "lines.0.quantity"),
        (LineInput("", "1", "10"), "lines.0.description"),
        (LineInput("", "1", ""), "lines"),
    ],
)
def test_bad_lines_are_refused_field_by_field(session, staff, customer, line, field):
    with pytest.raises(ValidationFailed) as error:
        invoice_actions.save_draft(
            session, staff=staff, invoice_id=None, draft=InvoiceDraft(customer_id=customer.id, lines=[line])
        )
    assert field in error.value.field_errors
    session.rollback()
    assert session.exec(select(Invoice)).first() is None


def test_a_bad_due_date_and_another_customers_pool_are_refused(session, staff, customer):
    other = make_customer(session)
    from customer_portal.models import ServiceLocation

    foreign_pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == other.id)).first()
    draft = InvoiceDraft(
        customer_id=customer.id,
        service_location_id=foreign_pool.id,
        due_date="31/12/2026",
        lines=[LineInput("A", "1", "5")],
    )
    with pytest.raises(ValidationFailed) as error:
        invoice_actions.save_draft(session, staff=staff, invoice_id=None, draft=draft)
    assert set(error.value.field_errors) == {"due_date", "service_location_id"}


def test_an_archived_customer_is_not_billed(session, staff, customer):
    from customer_portal.services.customers import customers

    customers.set_archived(session, staff=staff, customer_id=customer.id, archived=True)
    with pytest.raises(ServiceError, match="archived"):
        make_draft_invoice(session, staff=staff, customer=customer)


def test_issue_numbers_dates_and_audits(session, staff, customer):
    first = _issued(session, staff, customer)
    second = _issued(session, staff, customer)
    assert (first.number, second.number) == ("INV-00001", "INV-00002")
    assert first.status == InvoiceStatus.OPEN and first.issue_date == TODAY
    assert first.due_date == TODAY + timedelta(days=30) and first.issued_at is not None
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "invoice.issued")).first()
    assert entry.entity_id == first.id and entry.details["number"] == "INV-00001" and entry.actor_label == staff.email


def test_a_chosen_due_date_is_kept_when_issuing(session, staff, customer):
    due = (TODAY + timedelta(days=10)).isoformat()
    draft = InvoiceDraft(customer_id=customer.id, due_date=due, lines=[LineInput("A", "1", "5")])
    invoice_id = invoice_actions.save_draft(session, staff=staff, invoice_id=None, draft=draft)
    invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
    assert session.get(Invoice, invoice_id).due_date.isoformat() == due


def test_illegal_moves_are_refused_with_a_message(session, staff, customer):
    invoice = _issued(session, staff, customer)
    draft = InvoiceDraft(customer_id=customer.id, lines=[LineInput("Changed", "1", "1.00")])
    with pytest.raises(ServiceError, match="Cannot edit an open invoice"):
        invoice_actions.save_draft(session, staff=staff, invoice_id=invoice.id, draft=draft)
    with pytest.raises(ServiceError, match="Cannot issue an open invoice"):
        invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice.id)
    session.rollback()
    _pay(session, staff, invoice, "180.00")
    with pytest.raises(ServiceError, match="Cannot void a paid invoice"):
        invoice_actions.void_invoice(session, staff=staff, invoice_id=invoice.id)
    with pytest.raises(ServiceError, match="only on open invoices; this one is paid"):
        _pay(session, staff, invoice, "1.00")


def test_void_from_draft_or_open_but_not_with_payments(session, staff, customer):
    draft_id = make_draft_invoice(session, staff=staff, customer=customer)
    invoice_actions.void_invoice(session, staff=staff, invoice_id=draft_id)
    session.commit()
    with pytest.raises(ServiceError, match="Cannot issue a void invoice"):
        invoice_actions.issue_invoice(session, staff=staff, invoice_id=draft_id)
    session.rollback()
    open_invoice = _issued(session, staff, customer)
    _pay(session, staff, open_invoice, "20.00")
    with pytest.raises(ServiceError, match="payments recorded"):
        invoice_actions.void_invoice(session, staff=staff, invoice_id=open_invoice.id)
    session.rollback()
    untouched = _issued(session, staff, customer)
    invoice_actions.void_invoice(session, staff=staff, invoice_id=untouched.id)
    session.commit()
    assert session.get(Invoice, untouched.id).status == InvoiceStatus.VOID
    assert len(session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "invoice.voided")).all()) == 2


def test_partial_then_full_payment(session, staff, customer):
    invoice = _issued(session, staff, customer)  # $180.00
    _pay(session, staff, invoice, "100.00", channel="cash")
    session.refresh(invoice)
    assert (invoice.status, invoice.amount_paid_cents) == (InvoiceStatus.OPEN, 10000)
    assert invoices.get_invoice(session, invoice_id=invoice.id).balance == "$80.00"
    _pay(session, staff, invoice, "80", received_on=(TODAY - timedelta(days=1)).isoformat())
    session.refresh(invoice)
    assert invoice.status == InvoiceStatus.PAID and invoice.paid_at is not None
    payments = session.exec(select(Payment).where(Payment.invoice_id == invoice.id).order_by(Payment.id)).all()
    assert [(p.amount_cents, p.channel.value, p.status) for p in payments] == [
        (10000, "cash", PaymentStatus.SUCCEEDED),
        (8000, "check", PaymentStatus.SUCCEEDED),
    ]
    assert local_day(payments[1].received_at, "America/Phoenix") == TODAY - timedelta(days=1)
    audit_rows = session.exec(
        select(AuditLogEntry).where(AuditLogEntry.action == "payment.recorded").order_by(AuditLogEntry.id)
    ).all()
    assert [row.details["balance_cents"] for row in audit_rows] == [8000, 0]


def test_a_check_payment_emails_a_receipt(session, staff, customer):
    invoice = _issued(session, staff, customer)  # $180.00
    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=invoice.id, payment=ManualPayment("check", "180", "", "Check #2201")
    )
    session.commit()
    (receipt,) = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).all()
    assert receipt.subject == f"Receipt: $180.00 for {invoice.number}"
    assert "Paid with: Check" in receipt.text_body and "Reference: Check #2201" in receipt.text_body


@pytest.mark.parametrize(
    ("payment", "field"),
    [
        (ManualPayment("check", "180.01", ""), "amount"),
        (ManualPayment("check", "0", ""), "amount"),
        (ManualPayment("check", "ten", ""), "amount"),
        (ManualPayment("card", "10", ""), "channel"),
        (ManualPayment("cash", "10", "2999-01-01"), "received_on"),
        (ManualPayment("cash", "10", "yesterday"), "received_on"),
    ],
)
def test_bad_payments_are_refused_and_change_nothing(session, staff, customer, payment, field):
    invoice = _issued(session, staff, customer)
    with pytest.raises(ValidationFailed) as error:
        invoice_actions.record_manual_payment(session, staff=staff, invoice_id=invoice.id, payment=payment)
    assert field in error.value.field_errors
    session.rollback()
    assert session.exec(select(Payment)).first() is None
    assert session.get(Invoice, invoice.id).amount_paid_cents == 0


def test_no_payment_on_a_draft(session, staff, customer):
    draft_id = make_draft_invoice(session, staff=staff, customer=customer)
    with pytest.raises(ServiceError, match="this one is draft"):
        invoice_actions.record_manual_payment(
            session, staff=staff, invoice_id=draft_id, payment=ManualPayment("cash", "1", "")
        )


def _numbers(session, **query):
    return [row.number for row in invoices.list_invoices(session, query=invoices.InvoiceQuery(**query)).rows]


def test_list_filters_sorts_and_pages(session, staff, customer):
    other = make_customer(session, name="Zara Castillo")
    paid = _issued(session, staff, customer)
    _pay(session, staff, paid, "180")
    overdue = _issued(session, staff, other, ("Big job", "1", "999.00"))
    overdue.due_date = TODAY - timedelta(days=3)
    session.add(overdue)
    session.commit()
    make_draft_invoice(session, staff=staff, customer=other)

    assert _numbers(session, status="paid") == ["INV-00001"]
    assert _numbers(session, status="overdue") == ["INV-00002"]
    assert _numbers(session, status="draft") == ["Draft"]
    assert _numbers(session, status="open") == ["INV-00002"]
    assert sorted(_numbers(session, customer_id=other.id)) == ["Draft", "INV-00002"]
    assert _numbers(session, search="zara", status="open") == ["INV-00002"]
    assert _numbers(session, search="inv-00001") == ["INV-00001"]
    assert _numbers(session, sort="total", descending=True)[0] == "INV-00002"
    assert _numbers(session, sort="balance", descending=False, status="open") == ["INV-00002"]
    assert _numbers(session, issued_from=TODAY + timedelta(days=1)) == []
    assert set(_numbers(session, issued_from=TODAY, issued_to=TODAY)) == {"INV-00001", "INV-00002"}
    row = invoices.list_invoices(session, query=invoices.InvoiceQuery(status="overdue")).rows[0]
    assert (row.status, row.total, row.balance, row.customer_name) == ("overdue", "$999.00", "$999.00", "Zara Castillo")
    paged = invoices.list_invoices(session, query=invoices.InvoiceQuery(page_size=2, page=2))
    assert (paged.total, paged.pages, len(paged.rows)) == (3, 2, 1)


@pytest.mark.parametrize(
    "sort", ["number", "customer", "issue_date", "due_date", "total", "balance", "status", "bogus"]
)
def test_every_invoice_sort_column(session, staff, customer, sort):
    _issued(session, staff, customer)
    assert len(_numbers(session, sort=sort)) == len(_numbers(session, sort=sort, descending=False)) == 1


def test_numbering_continues_past_five_digits(session, staff, customer):
    invoice = _issued(session, staff, customer)
    invoice.number = "INV-99999"
    session.add(invoice)
    session.commit()
    assert _issued(session, staff, customer).number == "INV-100000"
    assert _issued(session, staff, customer).number == "INV-100001"


def test_unknown_invoice(session):
    with pytest.raises(ServiceError, match="does not exist"):
        invoices.get_invoice(session, invoice_id=424242)
