"""The office quotes a customer: writes the quote, sends it, finds it in the list."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes


def test_write_and_send_a_quote(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator(".customer-row a").first.click()
    page.locator("#customer-new-quote").click()
    expect(page).to_have_url(re.compile(r"/staff/quotes/new/?\?customer=\d+$"))

    page.locator("#quote-title").fill("Heater replacement")
    page.locator("#line-description-0").fill("Gas heater 400k BTU")
    page.locator("#line-unit_price-0").fill("3,250.00")
    page.locator("#add-line").click()
    page.locator("#line-description-1").fill("Installation (hours)")
    page.locator("#line-quantity-1").fill("4")
    page.locator("#line-unit_price-1").fill("95")
    expect(page.locator("#draft-total")).to_have_text("$3,630.00")
    page.locator("#send-quote").click()

    expect(page).to_have_url(re.compile(r"/staff/quotes/\d+/?$"))
    expect(page.locator("#quote-number")).to_have_text(re.compile(r"^Q-\d{5}$"))
    expect(page.locator("#quote-total")).to_have_text("$3,630.00")
    expect(page.locator("#send-quote")).to_have_count(0)  # a sent quote is no longer editable

    page.goto(routes.STAFF_QUOTES)
    page.locator("#quote-search").fill("heater")
    expect(page.locator(".quote-row")).to_have_count(1)
    expect(page.locator(".quote-row")).to_contain_text("sent")


def test_a_quote_needs_a_title(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_QUOTE_NEW)
    page.locator("#customer-picker").fill("delgado")
    page.locator(".customer-option").first.click()
    page.locator("#line-description-0").fill("Tile repair")
    page.locator("#line-unit_price-0").fill("300")
    page.locator("#save-quote").click()
    expect(page.locator("#quote-title-error")).to_contain_text("Give the quote a short title")
