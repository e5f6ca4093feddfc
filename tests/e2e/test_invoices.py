"""The office bills a customer: writes a draft, issues it, records a check, and cannot void it once paid."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes


def test_create_issue_and_collect_an_invoice(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator(".customer-row a").first.click()
    page.locator("#customer-new-invoice").click()
    expect(page).to_have_url(re.compile(r"/staff/invoices/new/?\?customer=\d+$"))

    page.locator("#line-description-0").fill("Weekly pool service")
    page.locator("#line-quantity-0").fill("4")
    page.locator("#line-unit_price-0").fill("45.00")
    page.locator("#add-line").click()
    page.locator("#line-description-1").fill("Filter clean")
    page.locator("#line-unit_price-1").fill("85")
    expect(page.locator("#draft-total")).to_have_text("$265.00")

    page.locator("#save-draft").click()
    expect(page).to_have_url(re.compile(r"/staff/invoices/\d+/?$"))
    expect(page.locator("#invoice-number")).to_have_text("Draft")
    page.locator("#issue-invoice").click()
    expect(page.locator("#invoice-number")).to_have_text(re.compile(r"^INV-\d{5}$"))
    expect(page.locator("#invoice-balance")).to_have_text("$265.00")

    page.locator("#payment-amount").fill("100.00")
    page.locator("#payment-reference").fill("Check #2201")
    page.locator("#record-payment").click()
    expect(page.locator("#invoice-balance")).to_have_text("$165.00")
    expect(page.locator(".payment-row")).to_have_count(1)

    page.locator("#payment-amount").fill("999")
    page.locator("#record-payment").click()
    expect(page.get_by_text("The balance is $165.00; enter at most that.")).to_be_visible()

    page.locator("#payment-amount").fill("165")
    page.locator("#record-payment").click()
    expect(page.locator("#invoice-balance")).to_have_text("$0.00")
    expect(page.locator("#void-invoice")).to_have_count(0)  # a paid invoice cannot be voided
    expect(page.locator("#record-payment")).to_have_count(0)


def test_a_bad_price_is_shown_beside_the_line(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_INVOICES)
    page.locator("#new-invoice").click()
    page.locator("#customer-picker").fill("delgado")
    page.locator(".customer-option").first.click()
    page.locator("#line-description-0").fill("Chemicals")
    page.locator("#line-unit_price-0").fill("12,5")
    expect(page.locator("#draft-total")).to_have_text("—")
    page.locator("#save-draft").click()
    expect(page.locator(".line-row").first).to_contain_text("is not an amount; type it like 12.50")
    expect(page).to_have_url(re.compile(r"/staff/invoices/new/?$"))


def test_the_audit_log_lists_changes_by_group(staff_page: Page):
    page = staff_page
    page.locator("#nav-audit-log").click()
    expect(page).to_have_url(re.compile(r"/staff/audit-log/?$"))
    expect(page.locator(".audit-row").first).to_be_visible()
    page.locator("#audit-group").click()
    page.get_by_role("option", name="Sign-ins").click()
    expect(page.locator(".audit-row").first).to_contain_text("staff.signed_in")  # this very sign-in
    expect(page.locator(".audit-row").first).to_contain_text("owner@bluewater-pools.example")
