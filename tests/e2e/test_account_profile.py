"""A customer updates their phone and moves their login to a new email on a phone: the link goes to the new
address, the login moves only when it is opened and confirmed, then the new address signs in. The demo's address
is put back the same way, for the tests after it."""

import re

from playwright.sync_api import Page, expect

from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_PASSWORD
from tests.e2e.conftest import (
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    wait_for_email,
)

NEW_ADDRESS = "maria.home@example.com"


def _move_login(phone: Page, fake_resend, to: str) -> None:
    phone.locator("#new_email").fill(to)
    phone.locator("#email_password").fill(DEMO_CUSTOMER_PASSWORD)
    phone.locator("#change-email").click()
    expect(phone.locator("#account-done")).to_contain_text(f"open the link we sent to {to}")
    email = wait_for_email(fake_resend, to, "Confirm your new login email")
    phone.goto(re.search(r"https?://\S+/confirm-email\?token=[\w-]+", email.text).group(0))
    expect(phone.get_by_text(to)).to_be_visible()
    phone.locator("#confirm-email").click()
    expect(phone.locator("#email-confirmed")).to_contain_text(to)


def test_a_customer_updates_their_phone_and_login_email(phone: Page, fake_resend):
    sign_in_as_customer(phone)
    phone.locator("#home-account").click()
    expect(phone.locator(".signed-in-device").first).to_be_visible()  # the page has its data
    phone.locator("#phone").fill("call me maybe")
    phone.locator("#save-phone").click()
    expect(phone.locator("#phone-error")).to_contain_text("Enter a phone number like")
    phone.locator("#phone").fill("(602) 555-0199")
    phone.locator("#save-phone").click()
    expect(phone.locator("#account-done")).to_have_text("Your phone number is saved.")

    phone.locator("#new_email").fill(DEMO_CUSTOMER_EMAIL)
    phone.locator("#email_password").fill(DEMO_CUSTOMER_PASSWORD)
    phone.locator("#change-email").click()
    expect(phone.locator("#new_email-error")).to_have_text("That is your login email already.")
    assert not overflows_sideways(phone)
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "portal-375-account-profile")

    _move_login(phone, fake_resend, NEW_ADDRESS)
    sign_in_as_customer(phone, email=NEW_ADDRESS)  # the new address signs in
    phone.locator("#home-account").click()
    expect(phone.locator(".signed-in-device").first).to_be_visible()
    expect(phone.locator("#phone")).to_have_value("(602) 555-0199")
    _move_login(phone, fake_resend, DEMO_CUSTOMER_EMAIL)  # the demo's address back
    sign_in_as_customer(phone)
