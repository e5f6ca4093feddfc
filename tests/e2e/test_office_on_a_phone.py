"""The office run from a phone (375 px): add a customer and find them, send the portal invite, record a visit with a
photo taken on the phone, bill them and take a check payment. At each step the page fits the screen, and the
screens only reached through a step (the invite dialog, the line-item editor, the visit form) have no serious
axe-core violation."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    context_without_csp_violations,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_staff,
    wait_for_email,
)
from tests.factories import image_bytes
from tests.fakes.resend_server import FakeResend

NAME = "Rosa Phone-Office"
EMAIL = "rosa.phone.office@example.com"


@pytest.fixture
def office_phone(browser: Browser, live_app: str) -> Iterator[Page]:
    """The owner signed in on a phone."""
    options = {"base_url": live_app, "viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
    with context_without_csp_violations(browser, **options) as context:
        page = context.new_page()
        sign_in_as_staff(page)
        page.locator("#company-name").wait_for()
        yield page


def _fits_and_passes_axe(page: Page, name: str) -> None:
    screenshot(page, f"office-375-{name}")
    assert not overflows_sideways(page), f"{name}: wider than the phone's screen"
    assert serious_accessibility_problems(page) == [], name


def test_the_office_from_a_phone(office_phone: Page, fake_resend: FakeResend, tmp_path):
    page = office_phone

    # The sections are one row that scrolls sideways: the last is reached with a tap.
    page.locator("#nav-audit-log").tap()
    expect(page).to_have_url(re.compile(r"/staff/audit-log/?$"))
    expect(page.locator("#nav-audit-log")).to_have_attribute("aria-current", "page")
    page.locator("#nav-customers").tap()
    expect(page).to_have_url(re.compile(r"/staff/customers/?$"))

    # A new customer: the form is one column.
    page.locator("#new-customer").tap()
    page.locator("#customer-name").fill(NAME)
    page.locator("#customer-phone").fill("(480) 555-0188")
    page.locator("#email-0").fill(EMAIL)
    page.locator("#location-address-0").fill("12 Ocotillo Dr, Mesa, AZ 85201")
    page.locator("#location-volume_gallons-0").fill("14000")
    _fits_and_passes_axe(page, "new-customer")
    page.locator("#save-customer").tap()
    expect(page).to_have_url(re.compile(r"/staff/customers/\d+/?$"))

    # Find them again from the list.
    page.locator("#nav-customers").tap()
    page.locator("#customer-search").fill("phone-office")
    expect(page.locator(".customer-row")).to_have_count(1)
    expect(page.locator(".customer-row")).to_contain_text(EMAIL)  # under the name: the email column is hidden
    expect(page.get_by_text("1 customer · page 1 of 1")).to_be_visible()
    _fits_and_passes_axe(page, "customer-search")
    page.locator(".customer-row a").first.tap()
    expect(page.locator("#customer-name")).to_have_value(NAME)

    # Send the portal invite from their page.
    page.locator("#send-portal-invite").tap()
    expect(page.locator("#invite-count")).to_have_text("1 invite will be sent:")
    _fits_and_passes_axe(page, "invite-dialog")
    page.locator("#invite-continue").tap()
    expect(page.locator("#review-subject")).to_contain_text("customer portal is ready")
    page.locator("#invite-send").tap()
    expect(page.get_by_text("1 invite is on its way.")).to_be_visible()
    assert "create-login?token=" in wait_for_email(fake_resend, EMAIL, "customer portal is ready").text

    # Record a visit with a photo from the phone's camera.
    photo = tmp_path / "IMG_0412.jpg"
    photo.write_bytes(image_bytes((1600, 1200), gps=True))
    page.locator("#customer-new-visit").tap()
    page.locator("#visit-service_location_id").tap()
    page.get_by_role("option").first.tap()
    page.locator("#visit-technician_name").fill("Sam Ortega")
    page.locator("#reading-free_chlorine_ppm").fill("2.5")
    page.locator("#reading-ph").fill("7.5")
    page.locator("#visit-notes").fill("Cleaned the filter; water is clear.")
    page.locator("#visit-photos input[type=file]").set_input_files(str(photo))
    expect(page.locator(".selected-photo")).to_have_text("IMG_0412.jpg")
    _fits_and_passes_axe(page, "visit-form")
    page.locator("#save-visit").tap()
    expect(page).to_have_url(re.compile(r"/staff/visits/\d+/?$"))
    expect(page.locator(".visit-photo img")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('.visit-photo img').naturalWidth > 0")
    _fits_and_passes_axe(page, "visit-detail")

    # Bill the visit and take a check at the door.
    page.locator("#nav-customers").tap()
    page.locator("#customer-search").fill("phone-office")
    page.locator(".customer-row a").first.tap()
    page.locator("#customer-new-invoice").tap()
    page.locator("#line-description-0").fill("Weekly service and filter clean")
    page.locator("#line-unit_price-0").fill("95")
    page.locator("#add-line").tap()
    page.locator("#line-description-1").fill("Chlorine tabs")
    page.locator("#line-quantity-1").fill("2")
    page.locator("#line-unit_price-1").fill("12.50")
    expect(page.locator("#draft-total")).to_have_text("$120.00")
    _fits_and_passes_axe(page, "line-item-editor")
    page.locator("#issue-invoice").tap()
    expect(page.locator("#invoice-number")).to_have_text(re.compile(r"^INV-\d{5}$"))
    page.locator("#payment-amount").fill("120")
    page.locator("#payment-reference").fill("Check #1045")
    page.locator("#record-payment").tap()
    expect(page.locator("#invoice-balance")).to_have_text("$0.00")
    expect(page.locator(".payment-row")).to_contain_text("Check #1045")
    _fits_and_passes_axe(page, "invoice-paid")


def test_a_quote_written_on_a_phone_for_a_chosen_customer(office_phone: Page):
    """The quote editor with its customer chosen (the customer's pools to pick from, the line items) at 375 px;
    a title over its column's 200 characters is named beside the field, and the quote goes out once fixed."""
    page = office_phone
    page.locator("#nav-customers").tap()
    page.locator(".customer-row a").first.tap()
    page.locator("#customer-new-quote").tap()
    expect(page).to_have_url(re.compile(r"/staff/quotes/new/?\?customer=\d+$"))
    page.locator("#quote-title").fill("Variable-speed pump " * 12)  # 240 characters
    page.locator("#line-description-0").fill("Variable-speed pump, 1.5 HP")
    page.locator("#line-unit_price-0").fill("1,290.00")
    page.locator("#send-quote").tap()
    expect(page.get_by_text("Use at most 200 characters.")).to_be_visible()
    _fits_and_passes_axe(page, "quote-editor")
    page.locator("#quote-title").fill("Variable-speed pump")
    page.locator("#send-quote").tap()
    expect(page.locator("#quote-number")).to_have_text(re.compile(r"^Q-\d{5}$"))
    expect(page.locator("#quote-total")).to_have_text("$1,290.00")
    _fits_and_passes_axe(page, "quote-sent")
