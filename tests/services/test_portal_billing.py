"""A customer's invoices, statement and PDFs: scoped to them, numbers that match, time zones respected."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import select

from customer_portal.models import Invoice, InvoiceStatus, Payment, PaymentChannel, PaymentStatus, PortalSettings
from customer_portal.services.billing import invoice_actions, statements
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import portal_invoices
from tests.factories import make_draft_invoice, make_open_invoice, make_portal_customer, make_staff, next_event_identity


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def billing(session):
    staff = make_staff(session)
    a_customer, a, _ = make_portal_customer(session, name="Ana Alpha")
    b_customer, b, _ = make_portal_customer(session, name="Bo Beta")
    ids = {}
    for key, customer in (("a", a_customer), ("b", b_customer)):
        invoice_id = make_draft_invoice(session, staff=staff, customer=customer)
        invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
        ids[key] = invoice_id
    ids["a_draft"] = make_draft_invoice(session, staff=staff, customer=a_customer)
    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=ids["a"], payment=ManualPayment("check", "50.00", "")
    )
    session.commit()
    return {"a": a, "b": b, "ids": ids, "staff": staff}


def test_a_customer_sees_their_issued_invoices_and_outstanding_balance(session, billing):
    result = portal_invoices.list_invoices(session, customer=billing["a"])
    assert [row.id for row in result.page.rows] == [billing["ids"]["a"]]  # no draft, nothing of Bo's
    assert result.outstanding == "$130.00"
    assert portal_invoices.list_invoices(session, customer=billing["a"], status="paid").page.rows == []
    assert len(portal_invoices.list_invoices(session, customer=billing["a"], status="outstanding").page.rows) == 1


def test_another_customers_invoice_and_pdf_are_not_available(session, billing):
    for invoice_id in (billing["ids"]["a"], billing["ids"]["a_draft"], 999_999):
        with pytest.raises(ServiceError, match="not available"):
            portal_invoices.get_invoice(session, customer=billing["b"], invoice_id=invoice_id)
        with pytest.raises(ServiceError, match="not available"):
            portal_invoices.invoice_pdf(session, customer=billing["b"], invoice_id=invoice_id)


def test_invoices_refuse_without_send_invoices_or_when_hidden(session, billing):
    _, quiet, _ = make_portal_customer(session, name="No Invoices", send_invoices=False)
    with pytest.raises(NotAuthorized):
        portal_invoices.list_invoices(session, customer=quiet)
    portal = session.exec(select(PortalSettings)).one()
    portal.include_invoices = False
    session.add(portal)
    session.commit()
    customer = next_event_identity(session, billing["a"])
    for call in (
        lambda: portal_invoices.list_invoices(session, customer=customer),
        lambda: portal_invoices.get_invoice(session, customer=customer, invoice_id=billing["ids"]["a"]),
        lambda: statements.statement_for(session, customer=customer),
    ):
        with pytest.raises(NotAuthorized):
            call()


def test_the_invoice_pdf_has_the_numbers_the_page_shows(session, billing):
    detail = portal_invoices.get_invoice(session, customer=billing["a"], invoice_id=billing["ids"]["a"]).invoice
    name, content = portal_invoices.invoice_pdf(session, customer=billing["a"], invoice_id=billing["ids"]["a"])
    text = _pdf_text(content)
    assert name == f"{detail.number}.pdf" and content.startswith(b"%PDF")
    for value in (detail.number, detail.total, detail.amount_paid, detail.balance, "Weekly service", "check"):
        assert value in text


def test_pay_now_is_offered_on_an_invoice_only_while_it_is_owed_and_cards_are_on(session, billing, stripe):
    """The service decides (the page once compared display strings): open with a balance, and card payments on
    for this email; never a paid or void invoice, never while viewing as the customer."""
    staff, owed = billing["staff"], billing["ids"]["a"]
    customer = next_event_identity(session, billing["a"])  # Stripe is now on: Payment Methods shows
    assert portal_invoices.get_invoice(session, customer=customer, invoice_id=owed).can_pay
    assert not portal_invoices.get_invoice(session, customer=replace(customer, read_only=True), invoice_id=owed).can_pay

    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=owed, payment=ManualPayment("check", "130.00", "")
    )
    paid = portal_invoices.get_invoice(session, customer=customer, invoice_id=owed)
    assert (paid.invoice.status, paid.can_pay) == ("paid", False)

    other = make_open_invoice(session, staff=staff, customer_id=customer.customer_id, amount="40.00")
    assert portal_invoices.get_invoice(session, customer=customer, invoice_id=other).can_pay
    invoice_actions.void_invoice(session, staff=staff, invoice_id=other)
    assert not portal_invoices.get_invoice(session, customer=customer, invoice_id=other).can_pay


def _add(session, customer_id, *, issued: date, total: int, paid_at: datetime | None = None):
    invoice = Invoice(
        customer_id=customer_id,
        status=InvoiceStatus.OPEN,
        number=f"INV-T{issued:%m%d}{total}",
        issue_date=issued,
        due_date=issued,
        subtotal_cents=total,
        total_cents=total,
    )
    session.add(invoice)
    session.flush()
    if paid_at is not None:
        session.add(
            Payment(
                invoice_id=invoice.id,
                customer_id=customer_id,
                amount_cents=total,
                channel=PaymentChannel.CASH,
                status=PaymentStatus.SUCCEEDED,
                received_at=paid_at,
            )
        )
        invoice.amount_paid_cents, invoice.status = total, InvoiceStatus.PAID
    session.commit()


def test_a_payment_at_2330_local_on_31_december_belongs_to_that_year(session):
    _, customer, _ = make_portal_customer(session, name="Edge Case")
    # 23:30 in Phoenix on 31 Dec 2025 is 06:30 UTC on 1 Jan 2026.
    _add(
        session,
        customer.customer_id,
        issued=date(2025, 12, 1),
        total=10000,
        paid_at=datetime(2026, 1, 1, 6, 30, tzinfo=UTC),
    )
    _add(session, customer.customer_id, issued=date(2024, 12, 15), total=2500)
    view = statements.statement_for(session, customer=customer, start="2025-01-01", end="2025-12-31")
    assert view.opening == "$25.00"
    assert [(row.day, row.charge, row.payment, row.balance) for row in view.rows] == [
        ("Dec 1, 2025", "$100.00", "", "$125.00"),
        ("Dec 31, 2025", "", "$100.00", "$25.00"),
    ]
    assert view.closing == "$25.00"
    next_year = statements.statement_for(session, customer=customer, start="2026-01-01", end="2026-12-31")
    assert next_year.rows == [] and next_year.opening == "$25.00"
    name, content = statements.statement_pdf(session, customer=customer, start="2025-01-01", end="2025-12-31")
    text = _pdf_text(content)
    assert name == "statement-2025-01-01-2025-12-31.pdf"
    for value in ("$25.00", "$125.00", "$100.00", "Dec 31, 2025"):
        assert value in text


def test_the_default_statement_is_the_last_calendar_year(session):
    _, customer, _ = make_portal_customer(session)
    view = statements.statement_for(session, customer=customer)
    first, last = statements.default_period(session)
    assert (view.start, view.end) == (first.isoformat(), last.isoformat())
    assert first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31


@pytest.mark.parametrize(
    ("start", "end"), [("2025-12-31", "2025-01-01"), ("yesterday", "2025-01-01"), ("2000-01-01", "2025-01-01")]
)
def test_a_bad_period_is_explained(session, start, end):
    _, customer, _ = make_portal_customer(session)
    with pytest.raises(ValidationFailed):
        statements.statement_for(session, customer=customer, start=start, end=end)


def test_pdf_routes_serve_only_the_signed_in_customers_documents(session, billing):
    from starlette.testclient import TestClient

    from customer_portal.api.app import build_api
    from customer_portal.cookies import CUSTOMER_SESSION_COOKIE
    from customer_portal.models import CustomerEmail, PortalLogin, SessionKind
    from customer_portal.services.accounts import sessions

    def token_for(identity):
        login = session.exec(select(PortalLogin).join(CustomerEmail).where(CustomerEmail.id == identity.email_id)).one()
        token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
        session.commit()
        return token

    own = f"/api/portal/invoices/{billing['ids']['a']}.pdf"
    with TestClient(build_api(), cookies={CUSTOMER_SESSION_COOKIE: token_for(billing["a"])}) as client:
        response = client.get(own)
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        assert "attachment" in response.headers["content-disposition"]
        statement = client.get("/api/portal/statement.pdf?start=2026-01-01&end=2026-12-31")
        assert statement.status_code == 200 and "INV-00001" in _pdf_text(statement.content)
    with TestClient(build_api(), cookies={CUSTOMER_SESSION_COOKIE: token_for(billing["b"])}) as client:
        assert client.get(own).status_code == 404
        theirs = _pdf_text(client.get("/api/portal/statement.pdf?start=2026-01-01&end=2026-12-31").content)
        assert "INV-00002" in theirs and "INV-00001" not in theirs and "Ana Alpha" not in theirs
    with TestClient(build_api()) as anonymous:
        assert anonymous.get(own).status_code == 404
        assert anonymous.get("/api/portal/statement.pdf").status_code == 404


def test_a_void_invoice_owes_nothing_anywhere(session):
    """A void $220 invoice showed "Balance $220.00" and sorted above an overdue $180 one."""
    from tests.factories import make_open_invoice

    staff = make_staff(session)
    customer, identity, _ = make_portal_customer(session)
    voided = make_open_invoice(session, staff=staff, customer_id=customer.id, amount="220.00")
    invoice_actions.void_invoice(session, staff=staff, invoice_id=voided)
    overdue = make_open_invoice(session, staff=staff, customer_id=customer.id, amount="180.00", due=date(2025, 1, 31))
    session.commit()

    listed = portal_invoices.list_invoices(session, customer=identity, sort="balance", descending=True)
    assert [(row.id, row.balance) for row in listed.page.rows] == [(overdue, "$180.00"), (voided, "$0.00")]
    assert listed.outstanding == "$180.00"
    assert portal_invoices.get_invoice(session, customer=identity, invoice_id=voided).invoice.balance == "$0.00"
    _, pdf = portal_invoices.invoice_pdf(session, customer=identity, invoice_id=voided)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Balance due $0.00" in text.replace("\n", " ")
    statement = statements.statement_for(session, customer=identity, start="2025-01-01", end="2030-12-31")
    assert [row for row in statement.rows if listed.page.rows[1].number in str(row)] == []


def test_the_invoice_pdf_is_a_document_a_business_sends(session, billing):
    """The company's letterhead, who is billed and where the pool is, every line whole, how to pay, PAID once paid."""
    from customer_portal.models import CompanyProfile, ServiceLocation
    from customer_portal.services.billing.invoice_actions import InvoiceDraft
    from customer_portal.services.billing.line_items import LineInput

    session.add(
        CompanyProfile(
            name="Bluewater Pool Care",
            address="2150 E Camelback Rd, Phoenix, AZ 85016",
            phone="(602) 555-0143",
            email="office@bluewater.example",
        )
    )
    ana, staff = billing["a"], billing["staff"]
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == ana.customer_id)).first()
    long = "Replaced the variable-speed pump motor, rewired the timer and primed the system after a full backwash"
    draft = InvoiceDraft(customer_id=ana.customer_id, service_location_id=pool.id, lines=[LineInput(long, "1", "640")])
    invoice_id = invoice_actions.save_draft(session, staff=staff, invoice_id=None, draft=draft)
    invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
    session.commit()

    text = " ".join(_pdf_text(portal_invoices.invoice_pdf(session, customer=ana, invoice_id=invoice_id)[1]).split())
    assert "Bluewater Pool Care" in text and "2150 E Camelback Rd, Phoenix, AZ 85016" in text
    assert "(602) 555-0143 · office@bluewater.example" in text and "Page 1 of 1" in text
    assert f"Bill to Ana Alpha, {ana.email}" in text and f"Service address {pool.address}" in text
    assert long in text  # not cut at 70 characters
    assert "make it payable to Bluewater Pool Care and mail it to 2150 E Camelback Rd" in text  # no Stripe here
    assert "PAID" not in text

    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=invoice_id, payment=ManualPayment("check", "640.00", "")
    )
    session.commit()
    paid = " ".join(_pdf_text(portal_invoices.invoice_pdf(session, customer=ana, invoice_id=invoice_id)[1]).split())
    assert "PAID" in paid and "make it payable" not in paid


def test_an_owed_invoices_pdf_says_where_to_pay_online_when_cards_are_on(session, billing, stripe):
    from customer_portal.settings import settings

    ana = next_event_identity(session, billing["a"])
    invoice_id = billing["ids"]["a"]
    text = " ".join(_pdf_text(portal_invoices.invoice_pdf(session, customer=ana, invoice_id=invoice_id)[1]).split())
    assert f"Pay online: {settings.public_url}/bluewater/pay?invoice={invoice_id}" in text
