"""The owner activates Stripe in Settings > Payments and tests the connection; customers then see Payment
Methods. (Runs last among the portal tests: it turns payment features on.)"""

from playwright.sync_api import Page, expect

from customer_portal import routes
from tests.fakes.stripe_server import GOOD_SECRET_KEY


def test_activate_stripe(staff_page: Page):
    page = staff_page
    page.goto(routes.STAFF_SETTINGS)
    expect(page.locator("#stripe-not-activated")).to_be_visible()
    page.locator("#payments-secret_key").fill("sk_test_wrong_key_000000")
    page.locator("#payments-publishable_key").fill("pk_test_fake_abcdef")
    page.locator("#save-payments").click()
    expect(page.locator("#stripe-activated")).to_be_visible()
    page.locator("#test-stripe").click()
    expect(page.locator("#payments-notice")).to_contain_text("Stripe refused the secret key")

    page.locator("#payments-secret_key").fill(GOOD_SECRET_KEY)
    page.locator("#save-payments").click()
    expect(page.locator("#payments-notice")).to_have_text("Payment settings saved.")
    page.locator("#test-stripe").click()
    expect(page.locator("#payments-notice")).to_have_text("Connected to Stripe account “Bluewater Pool Care LLC”.")
    expect(page.locator("#payments-secret_key")).to_have_attribute("placeholder", "sk_test_…cdef")
    assert GOOD_SECRET_KEY not in page.content()
