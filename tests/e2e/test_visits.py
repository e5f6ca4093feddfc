"""The office records a visit with a photo and readings, then sees the photo (served by the guarded route)."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes
from tests.factories import image_bytes


def test_record_a_visit_with_a_photo_and_readings(staff_page: Page, tmp_path):
    photo = tmp_path / "after-service.jpg"
    photo.write_bytes(image_bytes((1200, 900), gps=True))
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator(".customer-row a").first.click()
    page.locator("#customer-new-visit").click()
    expect(page).to_have_url(re.compile(r"/staff/visits/new/?\?customer=\d+$"))

    page.locator("#visit-service_location_id").click()
    page.get_by_role("option").first.click()
    page.locator("#visit-technician_name").fill("Jordan Blake")
    page.locator("#reading-free_chlorine_ppm").fill("3")
    page.locator("#reading-ph").fill("8.1")
    page.get_by_text("Brushed walls and steps").click()
    page.locator("#chemical-name-0").fill("Muriatic acid")
    page.locator("#chemical-amount-0").fill("16")
    page.locator("#visit-notes").fill("pH was high; added acid.")
    page.locator("#visit-photos input[type=file]").set_input_files(str(photo))
    expect(page.locator(".selected-photo")).to_have_text("after-service.jpg")
    page.locator("#save-visit").click()

    expect(page).to_have_url(re.compile(r"/staff/visits/\d+/?$"))
    expect(page.locator(".reading-row")).to_have_count(2)
    expect(page.locator(".reading-row").nth(1)).to_contain_text("out of range")
    expect(page.get_by_text("✓ Brushed walls and steps")).to_be_visible()
    image = page.locator(".visit-photo img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.visit-photo img').naturalWidth > 0")

    # Outside the signed-in browser the same photo is refused.
    photo_path = image.get_attribute("src")
    assert page.request.get(photo_path).status == 200
    anonymous = page.context.browser.new_context(base_url=page.url.split("/staff")[0])
    assert anonymous.request.get(photo_path).status == 404
    anonymous.close()


def test_a_missing_technician_is_shown_beside_the_field(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_VISIT_NEW)
    page.locator("#customer-picker").fill("delgado")
    page.locator(".customer-option").first.click()
    page.locator("#visit-service_location_id").click()
    page.get_by_role("option").first.click()
    page.locator("#save-visit").click()
    expect(page.locator("#visit-technician_name-error")).to_have_text("Enter the technician's name.")
