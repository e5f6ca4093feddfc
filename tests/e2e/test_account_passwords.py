"""Changing one's own password as people do: the customer on a phone (wrong current password, a guessable new one,
then a good one; the laptop they were also signed in on is signed out), and an office member at a desk signing
out a forgotten session and changing theirs; and one who forgot theirs getting back in through the emailed link.
Each puts the demo password back, for the tests after it."""

import re

from playwright.sync_api import Browser, Page, expect

from customer_portal import routes
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_PASSWORD, DEMO_OFFICE_EMAIL, DEMO_STAFF_PASSWORD
from tests.e2e.conftest import (
    context_without_csp_violations,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    sign_in_as_staff,
    wait_for_email,
)

NEW = "coral-reef-swim-31"


def _change(page: Page, current: str, new: str) -> None:
    page.locator("#current_password").fill(current)
    page.locator("#password").fill(new)
    page.locator("#password_again").fill(new)
    page.locator("#change-password").click()


def test_a_customer_changes_their_password_on_a_phone(phone: Page, browser: Browser, live_app: str):
    with context_without_csp_violations(browser, base_url=live_app) as laptop_context:
        laptop = laptop_context.new_page()
        sign_in_as_customer(laptop)
        sign_in_as_customer(phone)
        phone.locator("#home-account").click()
        expect(phone).to_have_url(re.compile(r"/bluewater/account/?$"))

        _change(phone, "not-my-password", NEW)
        expect(phone.locator("#current_password-error")).to_have_text("That is not your current password.")
        expect(phone.locator("#current_password")).to_have_value("")  # nothing typed stays on the page
        _change(phone, DEMO_CUSTOMER_PASSWORD, "MariaDelgado2026")
        expect(phone.locator("#password-error")).to_contain_text("This password is too easy to guess.")
        _change(phone, DEMO_CUSTOMER_PASSWORD, NEW)
        expect(phone.locator("#account-done")).to_contain_text("Your password is changed.")
        assert not overflows_sideways(phone)
        assert serious_accessibility_problems(phone) == []
        screenshot(phone, "portal-375-account")

        laptop.goto("/bluewater/invoices")  # the other device's session ended with the old password
        expect(laptop).to_have_url(re.compile(r"/bluewater/sign-in"))
        sign_in_as_customer(laptop, password=NEW)

    phone.goto("/bluewater/account")
    _change(phone, NEW, DEMO_CUSTOMER_PASSWORD)  # the demo password back, for the other tests
    expect(phone.locator("#account-done")).to_contain_text("Your password is changed.")


def test_an_office_member_signs_out_elsewhere_and_changes_their_password(page: Page, browser: Browser, live_app: str):
    with context_without_csp_violations(browser, base_url=live_app) as other_context:
        forgotten = other_context.new_page()
        sign_in_as_staff(forgotten)
        forgotten.locator("#company-name").wait_for()
        sign_in_as_staff(page)
        page.get_by_role("link", name="My account").first.click()
        expect(page).to_have_url(re.compile(r"/staff/account/?$"))
        devices = page.locator(".signed-in-device")
        expect(devices.filter(has_text="This device")).to_have_count(1)
        expect(devices.first).to_contain_text("Chrome on Linux")  # headless Chromium, named as a person would
        others = devices.filter(has_not_text="This device")
        count = others.count()
        assert count >= 1
        others.first.get_by_role("button", name="Sign out").click()
        expect(page.locator("#account-done")).to_have_text("That device is signed out.")
        expect(devices.filter(has_not_text="This device")).to_have_count(count - 1)
        page.locator("#sign-out-elsewhere").click()  # and any others
        expect(page.locator("#account-done")).to_contain_text("other device")
        forgotten.goto(routes.STAFF_CUSTOMERS)
        expect(forgotten).to_have_url(re.compile(r"/staff/sign-in"))

    _change(page, DEMO_STAFF_PASSWORD, NEW)
    expect(page.locator("#account-done")).to_contain_text("Your password is changed.")
    assert serious_accessibility_problems(page) == []
    screenshot(page, "staff-1280-my-account")
    _change(page, NEW, DEMO_STAFF_PASSWORD)
    expect(page.locator("#account-done")).to_contain_text("Your password is changed.")
    page.goto(routes.STAFF_HOME)
    expect(page.locator("#company-name")).to_be_visible()  # this device stayed signed in throughout


def test_an_office_member_who_forgot_their_password_gets_back_in(page: Page, fake_resend):
    page.goto(routes.STAFF_SIGN_IN)
    page.locator("#staff-forgot-password").click()
    expect(page).to_have_url(re.compile(r"/staff/forgot-password/?$"))
    page.locator("#email").fill(DEMO_OFFICE_EMAIL)
    page.locator("#send-staff-reset").click()
    expect(page.locator("#staff-reset-sent")).to_contain_text("If that email has an office login")
    email = wait_for_email(fake_resend, DEMO_OFFICE_EMAIL, "Reset your office password")
    link = re.search(r"https?://\S+/staff/reset-password\?token=[\w-]+", email.text).group(0)

    page.goto(link)
    page.locator("#password").fill("ChrisOrtega2026")
    page.locator("#password_again").fill("ChrisOrtega2026")
    page.locator("#save-staff-password").click()
    expect(page.locator("#password-error")).to_contain_text("This password is too easy to guess.")
    page.locator("#password").fill(NEW)
    page.locator("#password_again").fill(NEW)
    page.locator("#save-staff-password").click()
    expect(page.locator("#staff-reset-done")).to_contain_text("Your password is changed.")
    assert serious_accessibility_problems(page) == []
    page.goto(link)  # a link works once
    expect(page.locator("#staff-reset-problem")).to_contain_text("already been used")

    page.goto(routes.STAFF_SIGN_IN)
    page.locator("#email").fill(DEMO_OFFICE_EMAIL)
    page.locator("#password").fill(NEW)
    page.locator("#sign-in").click()
    page.locator("#company-name").wait_for()
    page.goto(routes.STAFF_ACCOUNT)
    _change(page, NEW, DEMO_STAFF_PASSWORD)  # the demo password back
    expect(page.locator("#account-done")).to_contain_text("Your password is changed.")
