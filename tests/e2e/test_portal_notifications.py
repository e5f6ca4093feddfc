"""Notifications as people meet them: the invoice email as it renders on a phone (light and dark), its Pay
button through sign-in to Pay Now, its unsubscribe link without signing in, the portal's Email settings, and the
office's Settings > Notifications with its live preview and Send Preview."""

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import col, select

from customer_portal import routes
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.notifications import NotificationKind
from customer_portal.models import CustomerEmail, OutboxEmail, ServiceLocation
from customer_portal.services.accounts import customer_auth
from customer_portal.services.billing import invoice_actions
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_PASSWORD, DEMO_OWNER_EMAIL
from customer_portal.services.messaging import notification_templates
from customer_portal.services.portal import invites, portal_settings
from customer_portal.services.visits import visits
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import VisitForm
from customer_portal.settings import settings
from tests.e2e.conftest import (
    activate_stripe,
    context_without_csp_violations,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    wait_for_email,
)
from tests.e2e.test_portal_home import _owner
from tests.factories import image_bytes


def _issue_for_maria(page: Page) -> tuple[int, str]:
    """The office issues an invoice for the demo customer (the app, not the test, writes the email)."""
    page.goto(routes.STAFF_INVOICES)
    page.locator("#new-invoice").click()
    page.locator("#customer-picker").fill("delgado")
    page.locator(".customer-option").first.click()
    page.locator("#line-description-0").fill("Green-to-clean treatment")
    page.locator("#line-unit_price-0").fill("185.00")
    page.locator("#save-draft").click()
    expect(page.locator("#invoice-number")).to_have_text("Draft")
    page.locator("#issue-invoice").click()
    number = page.locator("#invoice-number")
    expect(number).to_have_text(re.compile(r"^INV-\d{5}$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1]), number.inner_text()


def _void(session, *, invoice_id: int) -> None:
    invoice_actions.void_invoice(session, staff=_owner(session), invoice_id=invoice_id)


def _email_page(browser: Browser, html: str, *, dark: bool) -> Page:
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme="dark" if dark else "light")
    page = context.new_page()
    page.set_content(html, wait_until="load")
    return page


def test_the_invoice_email_on_a_phone_its_pay_link_and_its_unsubscribe_link(
    browser, page, phone, app_database, fake_resend
):
    activate_stripe(page)  # so the email's button is Pay now (idempotent); the owner stays signed in
    invoice_id, number = _issue_for_maria(page)
    try:
        email = wait_for_email(fake_resend, DEMO_CUSTOMER_EMAIL, f"Invoice {number}")
        assert email.attachments and email.attachments[0]["filename"] == f"{number}.pdf"
        assert len(email.html.encode()) < 100_000

        for dark in (False, True):  # the email as a phone's mail app shows it, in both colour schemes
            shown = _email_page(browser, email.html, dark=dark)
            button = shown.get_by_role("link", name="Pay now")
            expect(button).to_be_visible()
            assert not overflows_sideways(shown)
            card = shown.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor")
            assert card == ("rgb(17, 24, 39)" if dark else "rgb(255, 255, 255)")
            screenshot(shown, f"email-375-invoice-{'dark' if dark else 'light'}")
            pay_link = button.get_attribute("href")
            shown.context.close()

        # The Pay button leads through sign-in to Pay Now with this invoice chosen.
        phone.goto(pay_link)
        expect(phone).to_have_url(re.compile(r"/bluewater[\w-]*/sign-in\?next="))  # whatever the portal is called
        phone.locator("#email").fill(DEMO_CUSTOMER_EMAIL)
        phone.locator("#password").fill(DEMO_CUSTOMER_PASSWORD)
        phone.locator("#portal-sign-in").click()
        expect(phone).to_have_url(re.compile(rf"/bluewater[\w-]*/pay/?\?invoice={invoice_id}$"))

        # The unsubscribe link, opened by a person: a page that asks, then says it is done.
        unsubscribe = email.headers["List-Unsubscribe"].strip("<>")
        with context_without_csp_violations(browser, viewport={"width": 375, "height": 812}) as context:
            stranger = context.new_page()  # no session: the link alone is enough
            stranger.goto(unsubscribe)
            expect(stranger.locator("h1")).to_have_text("Unsubscribe?")
            expect(stranger.get_by_text("New invoice")).to_be_visible()
            assert serious_accessibility_problems(stranger) == []
            stranger.locator("#unsubscribe-confirm").click()
            expect(stranger.locator("#unsubscribe-done")).to_contain_text("will not get New invoice emails")
            screenshot(stranger, "portal-375-unsubscribed")

        # The customer's Email settings show it off; she turns it back on.
        phone.goto("/bluewater/notifications")  # an old portal name redirects
        switch = phone.locator("#notify-invoice_issued")
        expect(switch).to_have_attribute("data-state", "unchecked")
        expect(phone.locator("#notify-visit_report")).to_have_attribute("data-state", "checked")
        assert serious_accessibility_problems(phone) == []
        assert not overflows_sideways(phone)
        screenshot(phone, "portal-375-email-settings")
        switch.click()
        expect(phone.locator("#notification-saved")).to_have_text("New invoice emails on. Saved.")
        phone.reload()
        expect(phone.locator("#notify-invoice_issued")).to_have_attribute("data-state", "checked")
    finally:
        app_database(_void, invoice_id=invoice_id)


def _every_kind_rendered(session) -> dict[str, str]:
    """Each notification's email as the office's preview builds it, the invite's preview, a password reset, and a
    real visit report (with readings, notes and a photo) of a visit recorded for the demo customer."""
    htmls = {
        kind.value: notification_templates.preview(
            session, form=notification_templates.get_template(session, kind)
        ).html
        for kind in NotificationKind
    }
    maria = session.exec(select(CustomerEmail).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)).one()
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == maria.customer_id)).first()
    today = local_day(utcnow(), "America/Phoenix")  # a visit recorded as it happens gets a report
    form = VisitForm(
        pool.id,
        today.isoformat(),
        "00:00",
        technician_name="Luis Ortega",
        notes_for_customer="Filter cleaned.",
        checklist=["Skimmed surface"],
        readings={"free_chlorine_ppm": "3", "ph": "8.1"},
    )
    visits.record_visit(session, staff=_owner(session), form=form, photos=[UploadedPhoto("pool.jpg", image_bytes())])
    report = session.exec(
        select(OutboxEmail).where(OutboxEmail.template == "visit_report").order_by(col(OutboxEmail.id).desc())
    ).first()
    htmls["visit_report_with_photos"] = report.html_body
    htmls["portal_invite"] = invites.preview(session, form=portal_settings.get_portal_settings(session)).html
    customer_auth.request_password_reset(session, email=DEMO_CUSTOMER_EMAIL)
    reset = session.exec(
        select(OutboxEmail).where(OutboxEmail.template == "password_reset").order_by(col(OutboxEmail.id).desc())
    ).first()
    htmls["password_reset"] = reset.html_body
    return htmls


def test_every_notification_renders_on_a_phone(browser, app_database, live_app, e2e_data_dir, monkeypatch):
    monkeypatch.setattr(settings, "public_url", live_app)  # links and photos in emails point at the running app
    monkeypatch.setattr(settings, "data_dir", e2e_data_dir)  # and the visit's photo is stored where it serves them
    for name, html in app_database(_every_kind_rendered).items():
        shown = _email_page(browser, html, dark=False)
        expect(shown.locator("h1")).to_be_visible()
        expect(shown.locator("a.button")).to_be_visible()
        assert not overflows_sideways(shown), name
        assert len(html.encode()) < 100_000, name
        if name == "visit_report_with_photos":
            shown.wait_for_function(
                "() => [...document.querySelectorAll('img.photo')].every(image => image.naturalWidth > 0)"
            )
            assert shown.locator("img.photo").count() >= 1
            expect(shown.get_by_text("Water readings")).to_be_visible()
        screenshot(shown, f"email-375-{name}")
        shown.context.close()


def test_the_office_edits_a_notification_with_a_live_preview_and_sends_itself_a_preview(staff_page: Page, fake_resend):
    page = staff_page
    page.goto(routes.STAFF_SETTINGS)
    page.locator("#settings-notifications").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/staff/settings/notifications/?$"))
    page.locator("#notification-kind").click()
    page.get_by_role("option", name="Payment reminder").click()
    expect(page.locator("#notification-schedule")).to_have_value("-3, 0, 7, 14")

    page.locator("#notification-subject").fill("Friendly reminder: {invoice_number} {due_when}")
    expect(page.locator("#preview-subject")).to_contain_text("Friendly reminder: INV-00042 is due in 3 days")
    frame = page.frame_locator("#notification-preview")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Friendly reminder: INV-00042 is due in 3 days")

    page.locator("#notification-subject").fill("Pay {total}")
    expect(page.locator("#template-warning")).to_have_text("Unknown placeholders: {total}")
    page.locator("#notification-restore").click()
    expect(page.locator("#notification-subject")).to_have_value("Reminder: invoice {invoice_number} {due_when}")
    page.locator("#notification-schedule").fill("-3, soon")
    page.locator("#notification-save").click()
    expect(page.locator("#notification-schedule-error")).to_have_text("“soon” is not a whole number of days.")
    page.locator("#notification-schedule").fill("-2, 0, 10")
    page.locator("#notification-save").click()
    expect(page.get_by_text("Payment reminder saved.")).to_be_visible()
    page.reload()
    page.locator("#notification-kind").click()
    page.get_by_role("option", name="Payment reminder").click()
    expect(page.locator("#notification-schedule")).to_have_value("-2, 0, 10")
    assert serious_accessibility_problems(page) == []
    screenshot(page, "staff-1280-notifications")

    page.locator("#notification-send-preview").click()
    expect(page.locator("#notification-notice")).to_have_text(f"Preview sent to {DEMO_OWNER_EMAIL}.")
    preview = wait_for_email(fake_resend, DEMO_OWNER_EMAIL, "[Preview] Reminder: invoice INV-00042")
    assert "Open the portal" in preview.text
