"""A customer saves a card through (the fake) Stripe Checkout and manages it, on a phone; and a bank account that
Stripe verifies by micro-deposits, days later."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import E2E_WEBHOOK_SECRET, activate_stripe, sign_in_as_customer


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


def test_a_bank_account_confirmed_by_micro_deposits_appears_days_later(page: Page, phone: Page, fake_stripe, live_app):
    """No instant verification: Stripe sends two small deposits; the account is listed only once the customer has
    confirmed them on Stripe's page (here, the fake's) and Stripe's webhook says so."""
    activate_stripe(page)
    customer = phone
    sign_in_as_customer(customer)
    customer.goto("/bluewater/payment-methods")
    customer.locator("#add-card").click()
    customer.locator("#pm_usBankAccount_microdeposits").click()
    expect(customer.locator("#card-problem")).to_contain_text("two small deposits")
    customer.locator("#back-to-cards").click()
    bank = customer.locator(".saved-card").filter(has_text="1116")
    expect(bank).to_have_count(0)

    (waiting,) = [i for i in fake_stripe.setup_intents.values() if i["status"] == "requires_action"]
    event = fake_stripe.verify_microdeposits(waiting["id"])  # days later, the customer types the two amounts
    assert fake_stripe.deliver(f"{live_app}/stripe/webhook", E2E_WEBHOOK_SECRET, event) == 200
    customer.reload()
    expect(bank).to_have_count(1)
    expect(bank).to_contain_text("Bank payments take up to four business days")
    bank.locator(".remove-card").click()  # leave the demo customer as found
    customer.locator("#confirm-remove").click()
    expect(bank).to_have_count(0)
