"""Two-factor as the office meets it: the owner requires it for the team; an office manager invited by email joins,
sets it up while signing in (the QR code's key typed into an authenticator app), saves the recovery codes, later
signs in on a phone with one of them; the owner resets it; once it is their choice again they set it up and turn it
off in My account; and the owner's own My account page."""

import re

import pyotp
from playwright.sync_api import Browser, Page, expect

from customer_portal import routes
from customer_portal.services.demo.demo_data import DEMO_OWNER_EMAIL
from tests.e2e.conftest import (
    AUTHENTICATORS,
    context_without_csp_violations,
    fresh_code,
    screenshot,
    serious_accessibility_problems,
    set_up_two_factor_in_my_account,
    sign_in_as_staff,
    wait_for_email,
)

MANAGER = "sam.office@bluewater-pools.example"
MANAGER_PASSWORD = "harbor-skimmer-basket-63"


def _switch_requirement(page: Page, on: bool) -> None:
    switch = page.locator("#require-two-factor")
    expect(switch).to_have_attribute("data-state", "unchecked" if on else "checked")
    switch.click()
    expect(switch).to_have_attribute("data-state", "checked" if on else "unchecked")


def test_a_required_second_factor_from_invitation_to_recovery_code_to_reset(
    page: Page, browser: Browser, live_app: str, fake_resend
):
    sign_in_as_staff(page)
    page.goto(routes.STAFF_TEAM)
    _switch_requirement(page, on=True)
    page.locator("#invite-name").fill("Sam Office")
    page.locator("#invite-email").fill(MANAGER)
    page.locator("#send-staff-invite").click()
    expect(page.get_by_text("Invited: they have an email with a link to join.")).to_be_visible()

    link = re.search(r"https?://\S+/staff/join\?token=[\w-]+", wait_for_email(fake_resend, MANAGER, "invited").text)
    phone = {"base_url": live_app, "viewport": {"width": 375, "height": 812}, "is_mobile": True}
    with context_without_csp_violations(browser, **phone) as manager_context:
        manager = manager_context.new_page()
        manager.goto(link.group(0))
        manager.locator("#password").fill(MANAGER_PASSWORD)
        manager.locator("#password_again").fill(MANAGER_PASSWORD)
        manager.locator("#join-team").click()
        expect(manager.locator("#joined-sign-in-next")).to_contain_text("uses two-factor")
        manager.locator("#join-sign-in").click()
        manager.locator("#email").fill(MANAGER)
        manager.locator("#password").fill(MANAGER_PASSWORD)
        manager.locator("#sign-in").click()

        expect(manager.get_by_role("heading", name="Set up two-factor")).to_be_visible()
        expect(manager.locator("#totp-qr")).to_be_visible()
        app = pyotp.TOTP(manager.locator("#totp-secret").inner_text().replace(" ", ""))
        screenshot(manager, "staff-375-two-factor-setup")
        assert serious_accessibility_problems(manager) == []
        manager.locator("#code").fill("000000" if app.now() != "000000" else "111111")
        manager.locator("#confirm-setup").click()
        expect(manager.locator("#setup-code-error")).to_contain_text("does not match")
        manager.locator("#code").fill(fresh_code(app))
        manager.locator("#confirm-setup").click()
        codes = manager.locator(".recovery-code")
        expect(codes).to_have_count(10)
        recovery_code = codes.nth(4).inner_text()
        screenshot(manager, "staff-375-recovery-codes")
        manager.locator("#codes-saved").click()
        expect(manager.locator("#company-name")).to_be_visible()

    with context_without_csp_violations(browser, **phone) as another_phone:
        later = another_phone.new_page()
        later.goto(routes.STAFF_SIGN_IN)
        later.locator("#email").fill(MANAGER)
        later.locator("#password").fill(MANAGER_PASSWORD)
        later.locator("#sign-in").click()
        expect(later.get_by_role("heading", name="Two-factor")).to_be_visible()
        assert serious_accessibility_problems(later) == []
        screenshot(later, "staff-375-two-factor-code")
        later.locator("#code").fill(recovery_code)
        later.locator("#verify-code").click()
        expect(later.locator("#company-name")).to_be_visible()
        assert wait_for_email(fake_resend, MANAGER, "recovery code was used")

        page.reload()
        member = page.locator(".team-member").filter(has_text=MANAGER)
        expect(member.locator(".two-factor-on")).to_be_visible()
        screenshot(page, "staff-1280-team-two-factor")
        member.locator(".reset-two-factor").click()
        expect(page.get_by_text("Two-factor reset")).to_be_visible()
        expect(member.locator(".two-factor-on")).to_have_count(0)
        later.goto(routes.STAFF_CUSTOMERS)  # the reset signed them out
        expect(later).to_have_url(re.compile(r"/staff/sign-in"))

    _switch_requirement(page, on=False)  # as the other tests expect the office

    # Their own choice now: the password alone signs them in; My account sets two-factor up and turns it off.
    with context_without_csp_violations(browser, **phone) as own_phone:
        manager = own_phone.new_page()
        sign_in_as_staff(manager, MANAGER_PASSWORD, email=MANAGER)
        expect(manager.locator("#company-name")).to_be_visible()
        set_up_two_factor_in_my_account(manager, MANAGER)
        expect(manager.locator("#two-factor-status")).to_contain_text("On:")
        manager.locator("#off_password").fill("not-my-password-at-all")
        manager.locator("#turn-off-two-factor").click()
        expect(manager.locator("#off_password-error")).to_contain_text("not your current password")
        manager.locator("#off_password").fill(MANAGER_PASSWORD)
        manager.locator("#turn-off-two-factor").click()
        expect(manager.locator("#two-factor-message")).to_have_text("Two-factor is off.")
        expect(manager.locator("#two-factor-status")).to_contain_text("Off:")
        assert wait_for_email(fake_resend, MANAGER, "Two-factor is off")

    page.reload()
    member = page.locator(".team-member").filter(has_text=MANAGER)
    member.locator(".deactivate-member").click()
    expect(member).to_contain_text("deactivated")


def test_the_owner_sees_their_two_factor_and_makes_new_recovery_codes(staff_page: Page, live_app: str):
    page = staff_page
    page.goto(routes.STAFF_ACCOUNT)
    expect(page.locator("#two-factor-status")).to_contain_text("On:")
    page.locator("#two-factor #code").fill("12345")
    page.locator("#new-recovery-codes").click()
    expect(page.locator("#new-codes-error")).to_contain_text("6-digit code")
    app = AUTHENTICATORS[f"{live_app} {DEMO_OWNER_EMAIL}"]
    page.locator("#two-factor #code").fill(fresh_code(app))
    page.locator("#new-recovery-codes").click()
    expect(page.locator(".recovery-code")).to_have_count(10)
    screenshot(page, "staff-1280-my-account-new-codes")
    page.locator("#codes-saved").click()
    expect(page.locator("#recovery-codes-left")).to_have_text("10")
