"""Paying by bank account as a customer does it on a phone: Pay Now, "Pay with a new card or bank account", the
(fake) Stripe Checkout with a test bank, back to the results; both invoices show "payment processing" to the
customer and the office for the days the debits take, then clear (Stripe's webhooks) into bank payments with
receipts. The account was not kept: Payment Methods does not list it. And a new card with "Save it for next
time" ticked, which Payment Methods then lists."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL
from tests.e2e.conftest import (
    E2E_WEBHOOK_SECRET,
    activate_stripe,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    wait_for_email,
)
from tests.e2e.test_portal_pay import _bill_the_demo_customer, _choose_invoices


def test_two_invoices_paid_from_a_bank_account_clear_days_later(
    phone: Page, page: Page, fake_stripe, fake_resend, live_app
):
    activate_stripe(page)
    _bill_the_demo_customer(page, "140.00")
    _bill_the_demo_customer(page, "65.00")
    customer = phone
    sign_in_as_customer(customer)
    customer.goto("/bluewater/pay")
    balances = _choose_invoices(customer, 2)
    # "new" when the customer has cards saved already (as after test_portal_pay.py); either way, this button
    expect(customer.locator("#pay-new-method")).to_have_text(re.compile(r"^Pay with a (new )?card or bank account$"))
    assert not overflows_sideways(customer)
    screenshot(customer, "portal-375-pay-new-method")
    customer.locator("#pay-new-method").click()

    expect(customer.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    customer.locator("#pm_usBankAccount_success").click()
    expect(customer).to_have_url(re.compile(r"/bluewater/pay/new-method\?session_id=cs_test_"))
    expect(customer.locator("#new-method-used")).to_have_text(
        "Paid with Stripe Test Bank account •••• 6789, not saved."
    )
    results = customer.locator(".pay-result")
    expect(results).to_have_count(2)
    for index in range(2):
        expect(results.nth(index)).to_contain_text("Bank payments take up to four business days")
    texts = results.all_inner_texts()
    assert sorted(balance for balance in balances for text in texts if balance in text) == sorted(balances)
    numbers = [re.findall(r"INV-\d{5}", text)[0] for text in texts]
    assert serious_accessibility_problems(customer) == []
    screenshot(customer, "portal-375-bank-payment-processing")
    customer.reload()  # the return page loaded again charges nothing more
    expect(customer.locator(".pay-result")).to_have_count(2)
    processing = [intent for intent in fake_stripe.payment_intents.values() if intent["status"] == "processing"]
    assert len(processing) == 2

    # Days of "processing", for the customer and the office; no way to pay them twice meanwhile.
    customer.locator("#to-invoices").click()
    for number in numbers:
        expect(customer.locator(".invoice-card").filter(has_text=number)).to_contain_text("payment processing")
    page.goto(routes.STAFF_INVOICES)
    for number in numbers:
        expect(page.locator(".invoice-row").filter(has_text=number)).to_contain_text("payment processing")
    customer.goto("/bluewater/pay")
    for number in numbers:
        expect(customer.locator(".pay-choice").filter(has_text=number)).to_contain_text("being confirmed")

    # The bank clears both; Stripe says so by webhook.
    for intent in processing:
        fake_stripe.settle(intent["id"])
    cleared = {intent["id"] for intent in processing}
    for event in fake_stripe.events:
        if event["type"] == "payment_intent.succeeded" and event["data"]["object"]["id"] in cleared:
            assert fake_stripe.deliver(f"{live_app}/stripe/webhook", E2E_WEBHOOK_SECRET, event) == 200
    customer.goto("/bluewater/invoices")
    for number in numbers:
        expect(customer.locator(".invoice-card").filter(has_text=number)).to_contain_text("paid")
    receipt = wait_for_email(fake_resend, DEMO_CUSTOMER_EMAIL, f"for {numbers[0]}")
    assert "Stripe Test Bank account •••• 6789" in receipt.text
    customer.goto("/bluewater/payment-methods")
    expect(customer.locator(".saved-card").filter(has_text="Stripe Test Bank")).to_have_count(0)


def test_a_new_card_saved_for_next_time_is_listed_with_the_customers_cards(phone: Page, page: Page):
    """The other choice on the same path: "Save it for next time" ticked keeps the card, which Payment Methods then
    lists (and can remove, which this test does to leave the demo customer as found)."""
    activate_stripe(page)
    _bill_the_demo_customer(page, "42.00")
    customer = phone
    sign_in_as_customer(customer)
    customer.goto("/bluewater/pay")
    _choose_invoices(customer, 1)
    customer.locator("#keep-new-method").click()
    expect(customer.locator("#keep-new-method")).to_have_attribute("data-state", "checked")
    customer.locator("#pay-new-method").click()
    expect(customer.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    customer.locator("#pm_card_mastercard").click()
    expect(customer.locator("#new-method-used")).to_have_text("Paid with Mastercard •••• 4444, saved for next time.")
    expect(customer.locator(".pay-result")).to_contain_text("Paid")
    customer.goto("/bluewater/payment-methods")
    kept = customer.locator(".saved-card").filter(has_text="4444")
    expect(kept).to_have_count(1)
    screenshot(customer, "portal-375-new-card-kept")
    kept.locator(".remove-card").click()
    customer.locator("#confirm-remove").click()
    expect(customer.locator("#cards-notice")).to_have_text("The card was removed.")
    expect(kept).to_have_count(0)
