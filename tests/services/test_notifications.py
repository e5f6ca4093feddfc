"""Notifications: each queued once per event and address (retries and a second worker included), only to the
addresses that want it and while its portal section is shown, in the office's words; reminders stop when paid
and skip what AutoPay will charge; one-click unsubscribe works for its own address and kind only."""

from __future__ import annotations

import base64
import io
import threading
from datetime import date, timedelta
from functools import partial

import pytest
from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from customer_portal.api.app import build_api
from customer_portal.db import session_scope
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.notifications import NotificationKind
from customer_portal.models import (
    CompanyProfile,
    CustomerEmail,
    Invoice,
    OutboxAttachment,
    OutboxEmail,
    PortalSettings,
    SavedPaymentMethod,
)
from customer_portal.services.billing import invoice_actions
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.messaging import notification_templates, outbox, preferences, scheduled_notices
from customer_portal.services.messaging.notification_templates import NotificationForm
from customer_portal.services.payments import autopay
from customer_portal.services.portal import portal_invoices
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import VisitForm, record_visit
from tests.factories import (
    image_bytes,
    make_customer,
    make_open_invoice,
    make_portal_customer,
    make_staff,
    save_card,
)

TODAY = local_day(utcnow(), "America/Phoenix")


def _emails(session, kind: NotificationKind) -> list[OutboxEmail]:
    session.expire_all()
    return list(session.exec(select(OutboxEmail).where(OutboxEmail.template == kind.value).order_by(OutboxEmail.id)))


@pytest.fixture
def office(session):
    session.add(CompanyProfile(name="Bluewater Pools", email="office@bluewater.example", phone="602-555-0100"))
    session.commit()
    return make_staff(session)


@pytest.fixture
def customer(session, office):
    _, identity, _ = make_portal_customer(session, name="Maria Delgado")
    return identity


def test_an_issued_invoice_is_emailed_once_with_its_pdf_a_pay_link_and_one_click_unsubscribe(session, office, customer):
    invoice_id = make_open_invoice(session, staff=office, customer_id=customer.customer_id, amount="185.00")
    (email,) = _emails(session, NotificationKind.INVOICE_ISSUED)
    invoice = session.get(Invoice, invoice_id)
    assert email.to_address == customer.email and email.customer_email_id == customer.email_id
    assert invoice.number in email.subject and "$185.00" in email.subject
    assert f"/bluewater/invoices/{invoice_id}" in email.text_body  # payments are not activated: view, not pay
    assert "Hi Maria Delgado" in email.text_body and "Bluewater Pools" in email.html_body
    assert email.unsubscribe_url.startswith("http") and "/api/email/unsubscribe/" in email.unsubscribe_url
    (attachment,) = session.exec(select(OutboxAttachment).where(OutboxAttachment.outbox_email_id == email.id)).all()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(attachment.content)).pages)
    assert invoice.number in text and "$185.00" in text and attachment.filename == f"{invoice.number}.pdf"
    assert len(email.html_body.encode()) < 100_000

    # Asked again for the same event (a retried transaction): nothing more.
    from customer_portal.services.messaging import event_notices

    assert event_notices.invoice_issued(session, invoice=invoice) == 0
    assert len(_emails(session, NotificationKind.INVOICE_ISSUED)) == 1


def test_with_card_payments_the_button_is_pay_now_for_that_invoice(session, office, customer, stripe):
    invoice_id = make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    (email,) = _emails(session, NotificationKind.INVOICE_ISSUED)
    assert f"Pay now: http://localhost:8000/bluewater/pay?invoice={invoice_id}" in email.text_body or (
        f"/bluewater/pay?invoice={invoice_id}" in email.text_body
    )


def test_invoice_emails_go_only_to_send_invoices_addresses_that_did_not_turn_them_off(session, office):
    customer = make_customer(session, name="Two Addresses", emails=3)
    first, second, third = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer.id).order_by(CustomerEmail.id)
    ).all()
    session.add(PortalSettings(enabled=True, slug="bluewater"))
    second.send_invoices = False
    session.add(second)
    session.commit()
    preferences.unsubscribe(session, token=preferences.unsubscribe_token(third.id, NotificationKind.INVOICE_ISSUED))
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.id)
    assert [email.to_address for email in _emails(session, NotificationKind.INVOICE_ISSUED)] == [first.address]


@pytest.mark.parametrize(
    "change",
    [
        {"enabled": False},  # the portal is off: its links would lead nowhere
        {"include_invoices": False},  # the section the email is about is hidden
    ],
)
def test_nothing_is_sent_while_the_portal_or_its_section_is_off(session, office, customer, change):
    portal = session.exec(select(PortalSettings)).one()
    for name, value in change.items():
        setattr(portal, name, value)
    session.add(portal)
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    assert _emails(session, NotificationKind.INVOICE_ISSUED) == []


def test_a_kind_the_office_switched_off_is_not_sent(session, office, customer):
    form = notification_templates.get_template(session, NotificationKind.INVOICE_ISSUED)
    form.enabled = False
    notification_templates.save_template(session, staff=office, form=form)
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    assert _emails(session, NotificationKind.INVOICE_ISSUED) == []


def test_the_offices_wording_is_used_and_checked(session, office, customer):
    form = NotificationForm("invoice_issued", True, "Bill {invoice_number} for {customer_name}", "Owed: {amount}.")
    notification_templates.save_template(session, staff=office, form=form)
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.customer_id, amount="10.00")
    (email,) = _emails(session, NotificationKind.INVOICE_ISSUED)
    assert email.subject.startswith("Bill INV-") and email.subject.endswith("for Maria Delgado")
    assert "Owed: $10.00." in email.text_body

    with pytest.raises(ValidationFailed) as refused:
        notification_templates.save_template(
            session, staff=office, form=NotificationForm("invoice_issued", True, "Hi {total}", "")
        )
    assert refused.value.field_errors == {
        "subject": "Unknown placeholder: {total}.",
        "body": "This cannot be empty; use Restore default to start again.",
    }
    reminder = notification_templates.get_template(session, NotificationKind.PAYMENT_REMINDER)
    reminder.schedule = "-3, 0, soon"
    with pytest.raises(ValidationFailed) as refused:
        notification_templates.save_template(session, staff=office, form=reminder)
    assert refused.value.field_errors == {"schedule": "“soon” is not a whole number of days."}
    office_staff = make_staff(session, role="office")
    with pytest.raises(NotAuthorized):
        notification_templates.save_template(session, staff=office_staff, form=form)


def test_preview_and_send_preview(session, office):
    form = notification_templates.get_template(session, NotificationKind.QUOTE_SENT)
    message = notification_templates.preview(session, form=form)
    assert "Replace the pool pump" in message.subject and "Maria Delgado" in message.text
    assert "<script" not in message.html and "Bluewater Pools" in message.html
    assert notification_templates.send_preview(session, staff=office, form=form) == office.email
    session.commit()
    sent = session.exec(select(OutboxEmail).where(OutboxEmail.to_address == office.email)).one()
    assert sent.subject.startswith("[Preview] ")


def test_office_text_is_escaped_in_html(session, office, customer):
    form = NotificationForm("invoice_issued", True, "Invoice {invoice_number}", "<img src=x onerror=alert(1)> {amount}")
    notification_templates.save_template(session, staff=office, form=form)
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    (email,) = _emails(session, NotificationKind.INVOICE_ISSUED)
    assert "<img src=x" not in email.html_body and "&lt;img src=x onerror=alert(1)&gt;" in email.html_body


def test_a_sent_quote_is_emailed_and_a_revised_one_again(session, office, customer):
    from customer_portal.services.billing import quotes
    from customer_portal.services.billing.line_items import LineInput
    from customer_portal.services.portal import portal_quotes

    draft = quotes.QuoteDraft(customer_id=customer.customer_id, title="New pump", lines=[LineInput("Pump", "1", "900")])
    quote_id = quotes.save_quote_draft(session, staff=office, quote_id=None, draft=draft)
    quotes.send_quote(session, staff=office, quote_id=quote_id)
    session.commit()
    (email,) = _emails(session, NotificationKind.QUOTE_SENT)
    assert "New pump" in email.subject and "$900.00" in email.text_body
    assert f"/bluewater/quotes/{quote_id}" in email.text_body

    portal_quotes.respond(
        session, customer=customer, quote_id=quote_id, action="request_info", client_ip="", message="Which brand?"
    )
    session.commit()
    quotes.send_quote(session, staff=office, quote_id=quote_id)  # the revised quote, sent again
    session.commit()
    assert len(_emails(session, NotificationKind.QUOTE_SENT)) == 2


def _visit(session, office, customer, **readings):
    from customer_portal.models import ServiceLocation

    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer.customer_id)).first()
    form = VisitForm(
        service_location_id=pool.id,
        completed_on=(TODAY - timedelta(days=1)).isoformat(),  # yesterday: today's 15:15 may not have come yet
        completed_time="15:15",
        technician_name="Luis Ortega",
        notes_for_customer="Filter cleaned; pressure normal.",
        checklist=["Skimmed surface", "Vacuumed floor"],
        readings=readings,
    )
    visit_id = record_visit(session, staff=office, form=form, photos=[UploadedPhoto("pool.jpg", image_bytes())])
    session.commit()
    return visit_id


def test_a_visit_report_shows_readings_against_their_ranges_and_photos_for_thirty_days(session, office, customer):
    _visit(session, office, customer, ph="8.2", free_chlorine_ppm="3")
    (email,) = _emails(session, NotificationKind.VISIT_REPORT)
    assert "Luis Ortega" in email.text_body and "3:15 PM" in email.text_body
    assert "pH: 8.2 (ideal 7.2–7.8, out of range)" in email.text_body
    assert "Free chlorine: 3.0 ppm (ideal 1.0–4.0 ppm)" in email.text_body
    assert "Filter cleaned" in email.text_body and "Vacuumed floor" in email.text_body
    photo_url = email.html_body.split('class="photo" src="')[1].split('"')[0]
    path = photo_url.split("://", 1)[1].split("/", 1)[1]
    session.commit()  # (SQLite: the route's own transaction needs the write lock this read took)
    with TestClient(build_api()) as client:
        assert client.get("/" + path).headers["content-type"] == "image/jpeg"
        assert client.get("/" + path[:-1] + ("0" if path[-1] != "0" else "1")).status_code == 404  # tampered
    portal = session.exec(select(PortalSettings)).one()
    portal.include_photos = False
    session.add(portal)
    session.commit()
    with TestClient(build_api()) as client:
        assert client.get("/" + path).status_code == 404  # the office hid photos: the links stop


def test_a_visit_report_leaves_out_what_the_portal_hides(session, office, customer):
    portal = session.exec(select(PortalSettings)).one()
    portal.include_photos = portal.include_water_readings = portal.include_technician_notes = False
    session.add(portal)
    session.commit()
    _visit(session, office, customer, ph="7.5")
    (email,) = _emails(session, NotificationKind.VISIT_REPORT)
    assert "pH" not in email.text_body and "Filter cleaned" not in email.text_body
    assert 'class="photo"' not in email.html_body and "Vacuumed floor" in email.text_body


def _reminders(session, today):
    session.commit()
    return scheduled_notices.send_due_notices(partial(session_scope, session.get_bind()), today=today)


def test_reminders_follow_the_schedule_once_each_and_stop_when_paid(session, office, customer):
    in_three_days = TODAY + timedelta(days=3)
    invoice_id = make_open_invoice(session, staff=office, customer_id=customer.customer_id, due=in_three_days)
    assert _reminders(session, TODAY - timedelta(days=1)).queued == 0  # four days before: not on the schedule
    assert _reminders(session, TODAY).queued == 1
    assert _reminders(session, TODAY).queued == 0  # the next round finds it sent
    (email,) = _emails(session, NotificationKind.PAYMENT_REMINDER)
    assert email.subject.endswith("is due in 3 days") and f"/bluewater/pay?invoice={invoice_id}" in email.text_body

    assert _reminders(session, TODAY + timedelta(days=3)).queued == 1  # the due date
    email = _emails(session, NotificationKind.PAYMENT_REMINDER)[-1]
    assert email.subject.endswith("is due today")

    invoice_actions.record_manual_payment(
        session, staff=office, invoice_id=invoice_id, payment=ManualPayment("check", "120.00", TODAY.isoformat())
    )
    assert _reminders(session, TODAY + timedelta(days=10)).queued == 0  # paid: the 7-day reminder never goes
    assert len(_emails(session, NotificationKind.PAYMENT_REMINDER)) == 2


def test_a_missed_reminder_day_is_made_up_but_only_the_latest(session, office, customer):
    make_open_invoice(session, staff=office, customer_id=customer.customer_id, due=TODAY - timedelta(days=8))
    assert _reminders(session, TODAY).queued == 1
    (email,) = _emails(session, NotificationKind.PAYMENT_REMINDER)
    assert email.subject.endswith("was due 8 days ago")
    assert email.dedupe_key.startswith("payment_reminder:invoice:") and ":day:7:" in email.dedupe_key


def test_two_workers_at_once_queue_each_reminder_once(session, db, office, customer):
    make_open_invoice(session, staff=office, customer_id=customer.customer_id, due=TODAY)
    session.commit()
    reports = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        reports.append(scheduled_notices.send_due_notices(partial(session_scope, db), today=TODAY))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(report.queued for report in reports) == [0, 1]
    assert all(report.errors == [] for report in reports)
    assert len(_emails(session, NotificationKind.PAYMENT_REMINDER)) == 1


def test_no_reminders_for_what_autopay_will_charge_but_a_notice_before_the_charge(session, office, stripe):
    _, identity, _ = make_portal_customer(session, name="Auto Payer")
    card_id = save_card(session, stripe, identity)
    autopay.turn_on(session, customer=identity, card_id=card_id)
    session.commit()
    due = TODAY + timedelta(days=3)
    make_open_invoice(session, staff=office, customer_id=identity.customer_id, amount="95.00", due=due)
    report = _reminders(session, TODAY)
    assert _emails(session, NotificationKind.PAYMENT_REMINDER) == []
    assert report.queued == 1
    (notice,) = _emails(session, NotificationKind.AUTOPAY_NOTICE)
    assert "$95.00" in notice.subject and "Visa •••• 4242" in notice.text_body
    assert _reminders(session, TODAY + timedelta(days=1)).queued == 0  # once per invoice


def test_a_card_expiring_this_month_or_next_is_mentioned_once(session, office, stripe):
    _, identity, _ = make_portal_customer(session, name="Card Holder")
    card = session.get(SavedPaymentMethod, save_card(session, stripe, identity))
    next_month = date(TODAY.year + TODAY.month // 12, TODAY.month % 12 + 1, 1)
    card.exp_year, card.exp_month = next_month.year, next_month.month
    session.add(card)
    session.commit()
    assert _reminders(session, TODAY).queued == 1
    assert _reminders(session, TODAY).queued == 0
    (email,) = _emails(session, NotificationKind.CARD_EXPIRING)
    assert "Visa •••• 4242" in email.subject and next_month.strftime("%B %Y") in email.text_body


def test_one_click_unsubscribe_turns_off_one_kind_for_one_address(session, office, customer):
    token = preferences.unsubscribe_token(customer.email_id, NotificationKind.PAYMENT_REMINDER)
    session.commit()
    with TestClient(build_api(), follow_redirects=False) as client:
        assert client.post(f"/api/email/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
        assert client.post(f"/api/email/unsubscribe/{token}").status_code == 200  # twice is fine
        forged = token.replace("payment_reminder", "invoice_issued")
        assert client.post(f"/api/email/unsubscribe/{forged}").status_code == 404
        other = preferences.unsubscribe_token(customer.email_id + 1, NotificationKind.PAYMENT_REMINDER)
        assert client.post(f"/api/email/unsubscribe/{other[:-2]}00").status_code == 404
        opened = client.get(f"/api/email/unsubscribe/{token}")  # a person (or a scanner) opening the link
        assert opened.status_code == 303 and opened.headers["location"].startswith("/bluewater/unsubscribe?token=")
    session.expire_all()
    shown = {row.kind: row.subscribed for row in preferences.customer_preferences(session, customer=customer)}
    assert shown["payment_reminder"] is False and shown["invoice_issued"] is True
    with pytest.raises(ServiceError):
        preferences.unsubscribe(session, token="1.payment_reminder.0000")


def test_the_customer_chooses_in_the_portal_and_the_office_sees_it(session, office, customer):
    rows = preferences.set_preference(session, customer=customer, kind="visit_report", subscribed=False)
    assert {row.kind: row.subscribed for row in rows}["visit_report"] is False
    session.commit()
    view = preferences.for_office(session, customer_id=customer.customer_id)
    (address,) = view.addresses
    assert "Visit report" in address.unsubscribed and "New invoice" in address.subscribed
    make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    history = preferences.for_office(session, customer_id=customer.customer_id).history
    assert [row.kind for row in history] == ["New invoice"]
    with pytest.raises(ServiceError):
        preferences.set_preference(session, customer=customer, kind="receipts", subscribed=False)


def test_resend_gets_the_unsubscribe_headers_and_the_pdf_alone(session, db, office, customer):
    from customer_portal.adapters.email import ResendSender
    from tests.fakes.resend_server import FakeResend

    fake = FakeResend().start()
    try:
        for n in range(2):
            outbox.enqueue(session, to=f"plain{n}@example.com", template="t", subject="s", text="t")
        make_open_invoice(session, staff=office, customer_id=customer.customer_id)
        outbox.enqueue(session, to="plain3@example.com", template="t", subject="s", text="t")
        session.commit()
        sender = ResendSender(api_key="re_test", default_from="Bluewater <p@bluewater.example>", api_url=fake.url)
        report = outbox.deliver_pending(sender=sender, transaction=partial(session_scope, db), sleep=lambda _: None)
        assert report.sent == 4 and report.failed == 0
        (invoice_email,) = fake.inbox(customer.email)
        assert invoice_email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert invoice_email.headers["List-Unsubscribe"].startswith("<http")
        (pdf,) = invoice_email.attachments
        assert base64.b64decode(pdf["content"]).startswith(b"%PDF")
        (with_pdf,) = [r for r in fake.requests if r["payload"] and "attachments" in r["payload"]]
        assert with_pdf["path"] == "/emails" and with_pdf["payload"]["to"] == [customer.email]  # sent alone
    finally:
        fake.stop()


def test_smtp_carries_the_headers_and_the_attachment(session, db, office, customer, smtp_server):
    from customer_portal.adapters.email import SmtpSender

    make_open_invoice(session, staff=office, customer_id=customer.customer_id)
    session.commit()
    sender = SmtpSender(host="127.0.0.1", port=smtp_server.port, user="", password="", default_from="p@b.example")
    outbox.deliver_pending(sender=sender, transaction=partial(session_scope, db), sleep=lambda _: None)
    (message,) = smtp_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (attachment,) = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_content_type() == "application/pdf"


def test_a_company_in_the_uk_writes_its_own_dates_and_prints_on_a4(session, office, customer):
    company = session.exec(select(CompanyProfile)).one()
    company.country = "GB"
    session.add(company)
    session.commit()
    invoice_id = make_open_invoice(
        session, staff=office, customer_id=customer.customer_id, amount="185.00", due=date(2027, 1, 5)
    )
    (email,) = _emails(session, NotificationKind.INVOICE_ISSUED)
    due = TODAY + timedelta(days=30)  # the terms when the invoice was issued (and emailed)
    assert f"Due: {due.day} {due:%b} {due.year}" in email.text_body and "US$185.00" in email.text_body
    (attachment,) = session.exec(select(OutboxAttachment).where(OutboxAttachment.outbox_email_id == email.id)).all()
    page = PdfReader(io.BytesIO(attachment.content)).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)  # A4
    company.country = "US"
    session.add(company)
    session.commit()
    _, content = portal_invoices.invoice_pdf(session, customer=customer, invoice_id=invoice_id)
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (612, 792)  # Letter
    assert "Jan 5, 2027" in page.extract_text()


def test_a_visit_recorded_long_after_it_happened_sends_no_report(session, office, customer):
    from customer_portal.models import ServiceLocation

    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer.customer_id)).first()
    form = VisitForm(pool.id, (TODAY - timedelta(days=10)).isoformat(), "10:00", technician_name="Luis Ortega")
    record_visit(session, staff=office, form=form, photos=[])
    session.commit()
    assert _emails(session, NotificationKind.VISIT_REPORT) == []  # the office catching up: history only
