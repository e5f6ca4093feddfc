"""A service request as people make and answer it: the customer, on a phone, reports green water with a photo
from the camera roll; the office sees it on its home page, replies, books a day and sends a quote made from it;
the customer reads all of it on the request, and the reply arrives by email."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from customer_portal import routes
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL
from tests.e2e.conftest import (
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    sign_in_as_staff,
    wait_for_email,
)
from tests.factories import image_bytes

REPORT = "The water went green after the storm and the skimmer basket is full of leaves."


def _report_green_water(phone: Page, photo_path: str) -> None:
    sign_in_as_customer(phone)
    phone.locator("#tab-requests").click()
    expect(phone).to_have_url(re.compile(r"/bluewater/requests/?$"))
    phone.locator("#new-request").click()
    expect(phone).to_have_url(re.compile(r"/bluewater/requests/new/?$"))

    phone.locator("#send-request").click()  # nothing chosen yet: each field says what it needs
    expect(phone.locator("#request-kind-error")).to_have_text("Choose what the problem is.")
    expect(phone.locator("#request-description-error")).to_contain_text("Tell us what you see")

    phone.locator("#request-kind").select_option("water")
    if phone.locator("#request-pool").input_value() == "":
        phone.locator("#request-pool").select_option(index=1)
    phone.locator("#request-description").fill(REPORT)
    phone.locator("#request-photos input[type=file]").set_input_files(photo_path)
    expect(phone.locator(".selected-photo")).to_have_text("green-water.jpg")
    phone.locator("#day-0").click()
    phone.locator("#day-3").click()
    expect(phone.locator("#day-3")).to_have_attribute("data-state", "checked")
    assert not overflows_sideways(phone)
    screenshot(phone, "portal-375-request-service")
    phone.locator("#send-request").click()

    expect(phone).to_have_url(re.compile(r"/bluewater/requests/\d+/?$"))
    expect(phone.locator("#request-status")).to_contain_text("new")
    expect(phone.get_by_text(REPORT)).to_be_visible()
    expect(phone.get_by_text("Days that suit you: Monday, Thursday")).to_be_visible()
    expect(phone.locator("#no-replies")).to_be_visible()
    phone.locator("#back-to-requests").click()  # the list shows it first, above the demo's closed one
    expect(phone.locator(".request-row").first).to_contain_text("Green or cloudy water")
    expect(phone.locator(".request-row").first).to_contain_text("new")
    phone.go_back()
    phone.wait_for_function("() => document.querySelector('img.request-photo').naturalWidth > 0")
    assert not overflows_sideways(phone)
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "portal-375-request-sent")


def _filter(page: Page, name: str, choice: str) -> None:
    page.locator(f"#request-{name}-filter").click()
    page.get_by_role("option", name=choice, exact=True).click()
    expect(page.locator(f"#request-{name}-filter")).to_contain_text(choice)


def test_a_customer_reports_green_water_and_the_office_answers(phone: Page, page: Page, fake_resend, tmp_path):
    sign_in_as_staff(page)
    waiting = int(page.locator("#figure-service-requests").inner_text())  # the demo has one new request already
    photo = tmp_path / "green-water.jpg"
    photo.write_bytes(image_bytes((1200, 900), gps=True, color=(40, 140, 60)))
    _report_green_water(phone, str(photo))
    request_url = phone.url

    page.reload()
    expect(page.locator("#figure-service-requests")).to_have_text(str(waiting + 1))
    page.locator("#figure-service-requests").click()
    expect(page).to_have_url(re.compile(r"/staff/requests/?$"))
    row = page.locator(".request-row").filter(has_text="Maria Delgado")
    expect(row).to_contain_text("Green or cloudy water")
    # The inbox's filters: another kind hides it, its own kind and "new" show it.
    _filter(page, "kind", "Leak")
    expect(row).to_have_count(0)
    _filter(page, "kind", "Green or cloudy water")
    _filter(page, "status", "New")
    expect(row).to_contain_text("Green or cloudy water")
    _filter(page, "status", "Closed")
    expect(row).to_have_count(0)
    _filter(page, "status", "Open (not closed)")
    row.get_by_role("link", name="Green or cloudy water").click()
    expect(page).to_have_url(re.compile(r"/staff/requests/\d+/?$"))
    expect(page.get_by_text(REPORT)).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.request-photo').naturalWidth > 0")

    page.locator("#request-reply").fill("Sounds like algae. We will shock it and clean the basket.")
    page.locator("#send-reply").click()
    expect(page.get_by_text("Reply sent to the customer.")).to_be_visible()
    expect(page.locator(".request-reply")).to_contain_text("Sounds like algae")
    email = wait_for_email(fake_resend, DEMO_CUSTOMER_EMAIL, "we replied to your service request")
    assert "Sounds like algae" in email.text and "/bluewater/requests/" in email.text

    tomorrow = local_day(utcnow(), "America/Phoenix") + timedelta(days=1)
    page.locator("#request-day").fill(tomorrow.isoformat())
    page.locator("#schedule-request").click()
    expect(page.get_by_text("Scheduled: the customer is told.")).to_be_visible()
    expect(page.locator("#request-scheduled")).to_be_visible()
    screenshot(page, "staff-1280-service-request")

    page.locator("#quote-request").click()
    expect(page).to_have_url(re.compile(r"/staff/quotes/new/?\?request=\d+$"))
    expect(page.locator("#quote-title")).to_have_value("Green or cloudy water")
    page.locator("#line-description-0").fill("Algae treatment and filter clean")
    page.locator("#line-unit_price-0").fill("185")
    page.locator("#send-quote").click()
    expect(page).to_have_url(re.compile(r"/staff/quotes/\d+/?$"))
    page.locator("#quote-request").click()
    expect(page.locator("#request-quote")).to_contain_text("Waiting for the customer")

    phone.goto(request_url)
    expect(phone.locator("#request-status")).to_contain_text("quoted")
    expect(phone.locator("#request-scheduled")).to_contain_text("We will come on")
    expect(phone.locator(".request-reply")).to_contain_text("Sounds like algae")
    expect(phone.locator("#request-quote")).to_contain_text("Waiting for your answer")
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "portal-375-request-answered")

    # Leave the shared demo as found: the request closed, the office's count of new ones back where it was.
    page.locator("#close-request").click()
    expect(page.get_by_text("Closed: the customer is told.")).to_be_visible()
    page.goto(routes.STAFF_HOME)
    expect(page.locator("#figure-service-requests")).to_have_text(str(waiting))
