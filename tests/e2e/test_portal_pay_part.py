"""Paying part of an invoice, as the office turns it on and a customer uses it on a phone."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from customer_portal import routes
from customer_portal.models import CustomerEmail
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL
from tests.e2e.conftest import activate_stripe, screenshot, serious_accessibility_problems, sign_in_as_customer
from tests.e2e.test_portal_home import _owner
from tests.e2e.test_portal_pay import _save_card
from tests.factories import make_open_invoice


def _invoice_for_maria(session) -> int:
    maria = session.exec(select(CustomerEmail).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)).one()
    return make_open_invoice(session, staff=_owner(session), customer_id=maria.customer_id, amount="150.00")


def _partial_payments(page: Page, *, on: bool, minimum: str = "20") -> None:
    page.goto(routes.STAFF_SETTINGS)
    box = page.locator("#payments-partial_payments")
    box.set_checked(on)
    page.locator("#payments-partial_minimum").fill(minimum)
    page.locator("#save-partial-payments").click()
    expect(page.locator("#payments-notice")).to_have_text("Partial payments saved.")


def test_the_office_allows_parts_and_a_customer_pays_part_of_an_invoice(page: Page, phone: Page, app_database):
    activate_stripe(page)  # signs the owner in
    _partial_payments(page, on=True)
    invoice_id = app_database(_invoice_for_maria)
    try:
        customer = phone
        sign_in_as_customer(customer)
        _save_card(customer, "pm_card_visa")
        customer.goto(f"/bluewater/pay?invoice={invoice_id}")
        expect(customer.locator("#pay-total")).to_have_text("$150.00")
        customer.locator("#pay-part").fill("15")
        expect(customer.locator("#pay-total")).to_have_text("$15.00")
        customer.locator("#pay-submit").click()
        customer.locator("#confirm-pay").click()
        expect(customer.locator("#pay-part-error")).to_have_text("Pay from $20.00 to $150.00 of this invoice.")

        customer.locator("#pay-part").fill("60.00")
        customer.locator("#pay-submit").click()
        expect(customer.get_by_role("alertdialog")).to_contain_text("Pay $60.00")
        customer.locator("#confirm-pay").click()
        result = customer.locator(".pay-result")
        expect(result).to_have_count(1)
        expect(result).to_contain_text("Paid")
        expect(result).to_contain_text("$60.00")
        screenshot(customer, "portal-375-paid-part")
        assert serious_accessibility_problems(customer) == []

        customer.goto(f"/bluewater/invoices/{invoice_id}")
        expect(customer.get_by_text(re.compile(r"\$90\.00"))).to_be_visible()  # the rest stays owed
    finally:
        _partial_payments(page, on=False, minimum="0")  # as the other tests expect it
