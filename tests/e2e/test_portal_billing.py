"""The customer's Invoices tab on a phone: outstanding balance, filter, sort, one invoice, its PDF, the statement."""

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in_as_customer


def test_invoices_on_a_phone(phone: Page):
    page = phone
    sign_in_as_customer(page)
    page.locator("#tab-invoices").click()
    expect(page).to_have_url(re.compile(r"/invoices/?$"))
    expect(page.locator("#outstanding-balance")).to_have_text(re.compile(r"^\$\d"))
    cards = page.locator(".invoice-card")
    expect(cards.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing runs off a phone screen

    page.locator("#invoice-filter").click()
    page.get_by_role("option", name="Paid").click()
    expect(page.get_by_text("No invoices to show.")).to_be_visible()
    page.locator("#invoice-filter").click()
    page.get_by_role("option", name="Outstanding").click()
    expect(cards.first).to_contain_text(re.compile("open|overdue"))

    cards.first.get_by_role("link").click()
    expect(page.locator("#portal-invoice-number")).to_contain_text("INV-")
    balance = page.locator("#portal-invoice-balance").inner_text()
    pdf = page.request.get(page.locator("#invoice-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert balance.startswith("$")


def test_the_billing_statement(phone: Page):
    page = phone
    sign_in_as_customer(page)
    page.goto(page.url.rstrip("/") + "/statement")
    expect(page.locator("#statement-period")).to_contain_text(re.compile(r"Jan 1, \d{4} to Dec 31, \d{4}"))
    page.locator("#start").fill("2026-01-01")
    page.locator("#end").fill("2026-12-31")
    page.locator("#statement-show").click()
    expect(page.locator("#statement-period")).to_have_text("Statement Jan 1, 2026 to Dec 31, 2026")
    expect(page.locator(".statement-row").first).to_be_visible()
    expect(page.locator("#statement-closing")).to_have_text(re.compile(r"^\$"))
    pdf = page.request.get(page.locator("#statement-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_payments_and_a_receipt(phone: Page):
    page = phone
    sign_in_as_customer(page)
    page.locator("#tab-payments").click()
    expect(page).to_have_url(re.compile(r"/payments/?$"))
    card = page.locator(".payment-card").first
    expect(card).to_be_visible()
    amount = card.locator("p").first.inner_text()
    card.get_by_role("link", name="Receipt").click()
    expect(page.locator("#receipt-amount")).to_have_text(amount)
    pdf = page.request.get(page.locator("#receipt-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert amount in text and "PAID" in text and "Received from" in text  # what the page shows
    page.go_back()
    page.locator("#payments-from").fill("2099-01-01")  # a period with nothing in it
    expect(page.get_by_text("No payments to show.")).to_be_visible()
