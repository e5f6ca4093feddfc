"""The office imports customers from a CSV file: preview, problems shown per row, import, re-import safely."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes

CSV = """name,email,phone,address
Ivy Import,ivy.import@example.com,(480) 555-0300,1 Import Way
,missing.name@example.com,,
Bad Mail,bad-mail,,
"""


def _preview(page: Page, path) -> None:
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#import-customers").click()
    expect(page).to_have_url(re.compile(r"/staff/customers/import/?$"))
    page.locator("#customer-csv input[type=file]").set_input_files(str(path))
    page.locator("#preview-import").click()


def test_import_a_csv_twice(staff_page: Page, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(CSV)
    page = staff_page
    _preview(page, path)
    expect(page.locator("#import-counts")).to_have_text("1 to import · 0 already on file · 2 with problems")
    expect(page.locator(".import-row").nth(1)).to_contain_text("The name is missing.")
    expect(page.locator(".import-row").nth(2)).to_contain_text("is not a valid email address")
    page.locator("#run-import").click()
    expect(page.locator("#import-message")).to_contain_text("Imported 1 customers.")

    _preview(page, path)
    expect(page.locator("#import-counts")).to_have_text("0 to import · 1 already on file · 2 with problems")
    expect(page.locator("#run-import")).to_have_count(0)
