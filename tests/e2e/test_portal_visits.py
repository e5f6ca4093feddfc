"""Service history on a phone: the last 90 days, a reading chart, a visit with readings and its photos."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, sign_in_as_customer


def test_service_history_with_chart_and_photos(phone: Page):
    page = phone
    sign_in_as_customer(page)
    page.locator("#tab-service-history").click()
    expect(page).to_have_url(re.compile(r"/service-history/?$"))
    expect(page.locator("#reading-chart")).to_be_visible()
    expect(page.locator("#reading-chart .recharts-line")).to_have_count(1)
    page.locator("#chart-reading").click()  # another reading: its points come from the server, once
    page.get_by_role("option", name="pH").click()
    expect(page.locator("#reading-chart")).to_contain_text("7.2–7.8")
    expect(page.locator("#reading-chart .recharts-line")).to_have_count(1)
    screenshot(page, "service-history-ph-375")
    expect(page.locator("#pool-filter")).to_be_visible()  # the demo customer has a pool and a spa
    page.locator("#pool-filter").click()
    page.get_by_role("option", name="Spa").click()
    cards = page.locator(".visit-card")
    expect(cards.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    cards.first.get_by_role("link").click()
    expect(page.locator("#visit-completed")).to_have_text(
        re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$")
    )
    expect(page.locator(".portal-reading").first).to_contain_text(re.compile("in range|out of range"))
    photo = page.locator(".portal-photo").first
    expect(photo).to_be_visible()
    page.wait_for_function("() => document.querySelector('.portal-photo').naturalWidth > 0")
    photo.click()
    expect(page.locator("#full-photo")).to_be_visible()
    page.wait_for_function("() => document.querySelector('#full-photo').naturalWidth > 0")
