"""The company's country, chosen in Settings, decides how the office and the portal write dates and money."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes


def _choose_country(page: Page, code: str) -> None:
    page.goto(routes.STAFF_SETTINGS)
    page.locator("#company-country").select_option(code)
    page.locator("#save-company").click()
    expect(page.get_by_text("Company details saved.")).to_be_visible()


def test_a_uk_company_writes_day_month_year_and_back(staff_page: Page):
    page = staff_page
    try:
        _choose_country(page, "GB")
        page.goto(routes.STAFF_INVOICES)
        issued = page.locator(".invoice-row").filter(has_text="INV-").first.locator("td").nth(2)
        expect(issued).to_have_text(re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$"))  # "1 Dec 2026"
    finally:
        _choose_country(page, "US")
    page.goto(routes.STAFF_INVOICES)
    issued = page.locator(".invoice-row").filter(has_text="INV-").first.locator("td").nth(2)
    expect(issued).to_have_text(re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}$"))  # "Dec 1, 2026"
