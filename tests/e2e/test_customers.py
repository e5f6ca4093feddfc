"""The office creates a customer with two emails and two pools (one on a service schedule), finds it, edits and
archives it."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes
from customer_portal.models import Customer, CustomerStatus
from tests.e2e.conftest import screenshot


def _fill_new_customer(page: Page, name: str, first_email: str) -> None:
    page.goto(routes.STAFF_CUSTOMER_NEW)
    page.locator("#customer-name").fill(name)
    page.locator("#customer-phone").fill("(480) 555-0177")
    page.locator("#email-0").fill(first_email)
    page.locator("#add-email").click()
    page.locator("#email-1").fill("billing." + first_email)
    page.locator(".email-send-invoices").nth(1).click()  # the billing address gets no invoices
    page.locator("#location-address-0").fill("77 Saguaro Ln, Tempe, AZ 85281")
    page.locator("#location-volume_gallons-0").fill("16000")
    page.locator("#location-service_day-0").click()
    page.get_by_role("option", name="Tuesday").click()
    page.locator("#location-every_weeks-0").click()
    page.get_by_role("option", name="Every other week").click()
    page.locator("#location-service_from-0").fill("2026-12-01")
    page.locator("#add-pool").click()
    page.locator("#location-label-1").fill("Spa")
    page.locator("#location-address-1").fill("77 Saguaro Ln, Tempe, AZ 85281")


def test_create_a_customer_with_two_emails_and_two_pools(staff_page: Page):
    page = staff_page
    _fill_new_customer(page, "Hannah Lindqvist-Browser", "hannah.browser@example.com")
    page.locator("#save-customer").click()

    expect(page).to_have_url(re.compile(r"/staff/customers/\d+/?$"))
    expect(page.locator("#customer-name")).to_have_value("Hannah Lindqvist-Browser")
    expect(page.locator(".email-row")).to_have_count(2)
    expect(page.locator("#email-1")).to_have_value("billing.hannah.browser@example.com")
    expect(page.locator(".email-send-invoices").nth(1)).to_have_attribute("data-state", "unchecked")
    expect(page.locator(".location-row")).to_have_count(2)
    expect(page.locator("#location-label-1")).to_have_value("Spa")
    expect(page.locator("#location-service_day-0")).to_have_text("Tuesday")  # the pool's service schedule
    expect(page.locator("#location-every_weeks-0")).to_have_text("Every other week")
    expect(page.locator("#location-service_from-0")).to_have_value("2026-12-01")
    expect(page.locator("#location-service_day-1")).to_have_text("Not scheduled")
    expect(page.locator("#customer-emails")).to_contain_text("No emails yet.")

    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#customer-search").fill("lindqvist-browser")
    expect(page.locator(".customer-row")).to_have_count(1)
    expect(page.locator(".customer-row")).to_contain_text("hannah.browser@example.com")


def test_bad_input_is_shown_beside_the_field_and_nothing_is_lost(staff_page: Page):
    page = staff_page
    _fill_new_customer(page, "Typo Customer", "not-an-email")
    page.locator("#save-customer").click()
    expect(page.locator(".email-row").nth(0)).to_contain_text("Enter an email address like name@example.com.")
    expect(page).to_have_url(re.compile(r"/staff/customers/new/?$"))
    expect(page.locator("#customer-name")).to_have_value("Typo Customer")  # what was typed is still there
    page.locator("#email-0").fill("typo.fixed@example.com")
    page.locator("#email-1").fill("typo.billing@example.com")
    page.locator("#save-customer").click()
    expect(page).to_have_url(re.compile(r"/staff/customers/\d+/?$"))


def test_an_over_long_pool_label_is_named_beside_it_not_cut_short(staff_page: Page):
    """A 150-character label was saved as its first 100 without a word; the limit is the column's."""
    page = staff_page
    _fill_new_customer(page, "Long Label Customer", "long.label@example.com")
    label = "Back yard pool behind the casita " * 5  # 165 characters
    page.locator("#location-label-0").fill(label)
    expect(page.locator("#location-label-0")).to_have_value(label[:101])  # the form keeps one over the limit
    page.locator("#customer-phone").fill("5" * 45)
    page.locator("#save-customer").click()
    expect(page.locator(".location-row").nth(0)).to_contain_text("Use at most 100 characters.")
    expect(page.get_by_text("Use at most 40 characters.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/staff/customers/new/?$"))
    screenshot(page, "customer-over-long-label")
    page.locator("#location-label-0").fill("Back yard pool")
    page.locator("#customer-phone").fill("(480) 555-0178")
    page.locator("#save-customer").click()
    expect(page).to_have_url(re.compile(r"/staff/customers/\d+/?$"))
    expect(page.locator("#location-label-0")).to_have_value("Back yard pool")


def test_archive_and_restore_from_the_detail_page(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator(".customer-row a").first.click()
    expect(page.locator("#archive-customer")).to_be_visible()
    page.locator("#archive-customer").click()
    expect(page.locator("#archived-banner")).to_be_visible()
    page.locator("#restore-customer").click()
    expect(page.locator("#archived-banner")).to_have_count(0)


def test_select_all_on_this_page(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    expect(page.locator(".customer-row").first).to_be_visible()
    page.locator("#select-page").click()
    rows = page.locator(".customer-row").count()
    expect(page.locator("#selected-count")).to_have_text(f"{rows} selected")


def test_view_as_customer_opens_the_portal_read_only(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#customer-search").fill("maria.delgado@example.com")
    expect(page.locator(".customer-row")).to_have_count(1)
    page.locator(".customer-row a").first.click()
    page.locator(".view-as-customer").first.click()
    expect(page.locator("#view-as-banner")).to_contain_text("You are viewing the portal as Maria Delgado")
    expect(page.locator("#portal-greeting")).to_contain_text("Maria Delgado")
    page.locator("#tab-contact").click()
    expect(page.locator("#contact-block")).to_be_visible()
    expect(page.locator("#send-message")).to_have_count(0)  # actions are disabled
    page.locator("#portal-sign-out").click()
    expect(page).to_have_url(re.compile(r"/staff/customers/?$"))


def _customers_for_a_second_page(session) -> None:
    # Named to sort after the demo customers, so other tests' first rows stay theirs.
    session.add_all(Customer(name=f"Zz Paging {number:02d}", status=CustomerStatus.ACTIVE) for number in range(30))


def test_the_office_pages_and_sorts_the_customer_list(staff_page: Page, app_database):
    app_database(_customers_for_a_second_page)
    page = staff_page
    page.goto(routes.STAFF_CUSTOMERS)
    rows = page.locator(".customer-row")
    expect(page.get_by_text(re.compile(r"customers · page 1 of [2-9]"))).to_be_visible()
    expect(rows).to_have_count(25)
    first_page = rows.first.inner_text()
    page.locator("#page-next").click()
    expect(page.get_by_text(re.compile(r"customers · page 2 of "))).to_be_visible()
    expect(rows.first).not_to_have_text(first_page)
    on_second_page = rows.count()
    page.locator("#sort-email").click()  # the same page, in the new order
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Email")
    expect(page.get_by_text(re.compile(r"customers · page 2 of "))).to_be_visible()
    expect(rows).to_have_count(on_second_page)
    screenshot(page, "customer-list-sorted-1280")
