"""A customer saves a card through (the fake) Stripe Checkout and manages it, on a phone."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import activate_stripe, sign_in_as_customer


def test_add_a_card_through_checkout_then_remove_it(page: Page, phone: Page):
    activate_stripe(page)
    customer = phone
    sign_in_as_customer(customer)
    customer.locator("#tab-payment-methods").click()
    expect(customer).to_have_url(re.compile(r"/payment-methods/?$"))
    customer.locator("#add-card").click()
    expect(customer.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()  # Stripe's page, not ours
    customer.locator("#pm_card_visa").click()
    expect(customer).to_have_url(re.compile(r"/payment-methods/added\?session_id=cs_test_"))
    expect(customer.locator("#card-saved")).to_have_text("Visa •••• 4242 is saved.")
    customer.locator("#back-to-cards").click()
    card = customer.locator(".saved-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Default")
    card.locator(".remove-card").click()
    expect(customer.get_by_role("alertdialog")).to_contain_text("removed from your account and from Stripe")
    customer.locator("#confirm-remove").click()
    expect(customer.locator("#cards-notice")).to_have_text("The card was removed.")
    expect(customer.locator(".saved-card")).to_have_count(0)
