"""The seed's steps 14–15 in a browser on a phone: save a card through (the fake) Stripe Checkout, turn
AutoPay on, pay two invoices at once, see two payments and two receipts; and a card whose bank wants
3-D Secure, confirmed on the bank's page and finished on the way back."""

import re
import time

from playwright.sync_api import Page, expect

from customer_portal import routes
from customer_portal.domain.money import format_cents, parse_cents
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL
from tests.e2e.conftest import E2E_WEBHOOK_SECRET, activate_stripe, sign_in_as_customer


def _save_card(customer: Page, card: str) -> None:
    customer.goto("/bluewater/payment-methods")
    customer.locator("#add-card").click()
    expect(customer.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
    customer.locator(f"#{card}").click()
    expect(customer.locator("#card-saved")).to_contain_text("is saved.")
    customer.locator("#back-to-cards").click()


def _choose_invoices(customer: Page, how_many: int) -> list[str]:
    """Untick everything, tick the first `how_many` invoices; returns their balances as shown."""
    customer.get_by_role("button", name="None", exact=True).click()
    expect(customer.locator("#pay-total")).to_have_text("$0.00")
    choices = customer.locator(".pay-choice")
    assert choices.count() >= how_many, "the demo customer should owe at least this many invoices"
    balances = []
    for index in range(how_many):
        choices.nth(index).locator(".pay-invoice").click()
        balances.append(choices.nth(index).locator(".pay-balance").inner_text())
    return balances


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def test_card_autopay_and_pay_two_invoices(page: Page, phone: Page, fake_resend, fake_stripe, live_app):
    activate_stripe(page)
    customer = phone
    sign_in_as_customer(customer)
    _save_card(customer, "pm_card_visa")
    customer.locator("#autopay-turn-on").click()
    expect(customer.locator("#autopay-on")).to_be_visible()
    expect(customer.locator(".saved-card")).to_contain_text("AutoPay")

    customer.goto("/bluewater")
    customer.locator("#tab-invoices").click()
    customer.locator("#pay-now").click()
    expect(customer).to_have_url(re.compile(r"/bluewater/pay/?$"))
    balances = _choose_invoices(customer, 2)
    total = format_cents(sum(parse_cents(balance) for balance in balances))
    expect(customer.locator("#pay-total")).to_have_text(total)
    customer.locator("#pay-submit").click()
    expect(customer.get_by_role("alertdialog")).to_contain_text(f"Pay {total} for 2 invoices with Visa •••• 4242?")
    intents_before = len(fake_stripe.succeeded_intents())
    customer.locator("#confirm-pay").click()
    results = customer.locator(".pay-result")
    expect(results).to_have_count(2)
    for index in range(2):
        expect(results.nth(index)).to_contain_text("Paid")
    assert len(fake_stripe.succeeded_intents()) == intents_before + 2  # one PaymentIntent per invoice

    results.nth(0).get_by_role("link", name="View receipt").click()
    expect(customer.get_by_text("Visa •••• 4242")).to_be_visible()
    customer.goto("/bluewater/payments")
    expect(customer.locator(".payment-card").filter(has_text="Visa •••• 4242")).to_have_count(2)

    def receipts():
        return [m for m in fake_resend.inbox(DEMO_CUSTOMER_EMAIL) if m.subject.startswith("Receipt:")]

    _wait_for(lambda: len(receipts()) == 2)  # sent by the app's background email delivery
    assert sorted(m.subject.split(" ")[1] for m in receipts()) == sorted(balances)

    # Stripe's webhooks for all of it, delivered late to the running app (and twice): nothing changes.
    events = list(fake_stripe.events)
    for event in events + events:
        assert fake_stripe.deliver(f"{live_app}/stripe/webhook", E2E_WEBHOOK_SECRET, event) == 200
    assert fake_stripe.deliver(f"{live_app}/stripe/webhook", "whsec_not_ours", events[0]) == 400
    customer.reload()
    expect(customer.locator(".payment-card").filter(has_text="Visa •••• 4242")).to_have_count(2)
    customer.goto("/bluewater/payment-methods")  # the card removed in the cards test stays removed
    expect(customer.locator(".saved-card")).to_have_count(1)

    # The office sees who has AutoPay.
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#portal-filter").click()
    page.get_by_role("option", name="AutoPay on").click()
    row = page.locator(".customer-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("AutoPay")


def _bill_the_demo_customer(page: Page, price: str) -> None:
    """The office issues the demo customer a new invoice (the first test paid what the demo data owed)."""
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#customer-search").fill("Maria Delgado")
    expect(page.locator(".customer-row")).to_have_count(1)
    page.locator(".customer-row a").first.click()
    page.locator("#customer-new-invoice").click()
    page.locator("#line-description-0").fill("Green-to-clean")
    page.locator("#line-unit_price-0").fill(price)
    page.locator("#save-draft").click()
    page.locator("#issue-invoice").click()
    expect(page.locator("#invoice-number")).to_have_text(re.compile(r"^INV-\d{5}$"))


def test_a_bank_confirmation_goes_out_and_back(phone: Page, page: Page):
    activate_stripe(page)
    _bill_the_demo_customer(page, "310.00")
    customer = phone
    sign_in_as_customer(customer)
    _save_card(customer, "pm_card_authenticationRequired")
    customer.goto("/bluewater/pay")
    (balance,) = _choose_invoices(customer, 1)
    assert balance == "$310.00"
    customer.locator("#pay-card").click()
    customer.get_by_role("option", name="Visa •••• 3184").click()
    customer.locator("#pay-submit").click()
    customer.locator("#confirm-pay").click()
    result = customer.locator(".pay-result")
    expect(result).to_contain_text("Your bank asks you to confirm this payment.")
    result.get_by_role("link", name="Confirm with your bank").click()
    expect(customer.get_by_role("heading", name="Fake 3-D Secure")).to_be_visible()  # the bank's page
    customer.locator("#approve").click()
    expect(customer).to_have_url(re.compile(r"/bluewater/pay/return\?payment_intent=pi_"))
    expect(customer.locator(".pay-result")).to_contain_text("Paid")
    expect(customer.locator(".pay-result")).to_contain_text(balance)
