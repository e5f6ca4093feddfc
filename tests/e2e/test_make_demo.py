"""`make demo` as a newcomer meets it: the app starts beside the fake Stripe and Resend with payments on; on a
phone, a card is saved through the fake Checkout and an invoice paid; the receipt goes out through the fake
Resend and can be read in the office's Outbox."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pyotp
from playwright.sync_api import Browser, expect

from customer_portal import routes
from customer_portal.settings import PROJECT_ROOT
from tests.e2e.conftest import (
    app_environment,
    context_without_csp_violations,
    free_port,
    kept_build,
    screenshot,
    sign_in_as_customer,
    sign_in_as_staff,
    stop,
    wait_until_serving,
)


def test_make_demo_takes_a_card_payment_and_emails_the_receipt(browser: Browser, tmp_path: Path):
    port = free_port()
    base_url = f"http://localhost:{port}"
    env = app_environment(port, tmp_path)
    log_path = tmp_path / "demo.log"
    with kept_build(tmp_path), open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.fakes.demo"],  # what `make demo` runs
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_serving(server, base_url, log_path)
            options = {"base_url": base_url, "viewport": {"width": 375, "height": 812}, "is_mobile": True}
            with context_without_csp_violations(browser, **options) as context:
                customer = context.new_page()
                sign_in_as_customer(customer)
                customer.locator("#tab-payment-methods").click()
                customer.locator("#add-card").click()
                expect(customer.get_by_role("heading", name="Fake Stripe Checkout")).to_be_visible()
                customer.locator("#pm_card_visa").click()
                expect(customer.locator("#card-saved")).to_have_text("Visa •••• 4242 is saved.")
                customer.goto("/bluewater/pay")
                customer.locator("#pay-submit").click()
                customer.locator("#confirm-pay").click()
                expect(customer.locator(".pay-result").first).to_contain_text("Paid")
                screenshot(customer, "demo-375-paid")
            with context_without_csp_violations(browser, base_url=base_url) as context:
                office = context.new_page()
                key = re.search(r"authenticator key: (\w+)", log_path.read_text()).group(1)
                sign_in_as_staff(office, app=pyotp.TOTP(key))  # the key the demo printed, in an authenticator app
                office.locator("#company-name").wait_for()
                office.goto(routes.STAFF_OUTBOX)
                receipt = office.locator(".outbox-row").filter(has_text="Receipt:").first
                deadline = time.monotonic() + 30
                while "sent" not in receipt.inner_text() and time.monotonic() < deadline:
                    office.wait_for_timeout(1000)  # the sender goes round every few seconds; the page shows
                    office.reload()  # what was true when it loaded, so look again as a person would
                expect(receipt).to_contain_text("sent")
                expect(receipt).to_contain_text("resend")  # through the app's Resend code, to the fake
        finally:
            stop(server)
    assert "Payments and email are on, against local fakes" in log_path.read_text()
