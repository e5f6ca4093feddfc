"""The owner hires an office manager without the command line: Settings > Team, an invitation by email (sent
again, which retires the first link), the new member joins by choosing a password and lands in the office (as
office staff: no Team, no owner settings); then leaves, and the owner's Deactivate signs them out on the spot;
comes back (Reactivate) and is made an owner and an office member again."""

import re
import time

from playwright.sync_api import Browser, Page, expect

from customer_portal import routes
from tests.e2e.conftest import (
    context_without_csp_violations,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_staff,
    wait_for_email,
)

MANAGER = "pat.office@bluewater-pools.example"


def test_an_owner_invites_an_office_manager_who_joins_then_is_deactivated(
    page: Page, browser: Browser, live_app: str, fake_resend
):
    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    page.goto(routes.STAFF_SETTINGS)
    page.locator("#manage-team").click()
    expect(page).to_have_url(re.compile(r"/staff/settings/team/?$"))
    page.locator("#invite-name").fill("Pat Office")
    page.locator("#invite-email").fill("pat@office")  # a browser takes it; an email needs a domain like example.com
    page.locator("#send-staff-invite").click()
    expect(page.locator("#invite-email-error")).to_contain_text("Enter an email address")
    page.locator("#invite-email").fill(MANAGER)
    page.locator("#send-staff-invite").click()
    expect(page.get_by_text("Invited: they have an email with a link to join.")).to_be_visible()
    member = page.locator(".team-member").filter(has_text=MANAGER)
    expect(member).to_contain_text("invited")
    assert serious_accessibility_problems(page) == []

    first_link = _join_link(wait_for_email(fake_resend, MANAGER, "invited you"))
    member.get_by_role("button", name="Send again").click()  # lost in their spam folder, say
    expect(page.get_by_text("Invitation sent again.")).to_be_visible()
    link = _join_link(_second_invitation(fake_resend))
    assert link != first_link
    with context_without_csp_violations(browser, base_url=live_app) as manager_context:
        manager = manager_context.new_page()
        manager.goto(first_link)  # the newer invitation replaced it
        expect(manager.locator("#join-problem")).to_contain_text("already been used")
        manager.goto(link)
        expect(manager.locator("#username")).to_have_value(MANAGER)
        manager.locator("#password").fill("marina-pump-lid-47")
        manager.locator("#password_again").fill("marina-pump-lid-47")
        manager.locator("#join-team").click()
        expect(manager.locator("#company-name")).to_be_visible()  # in the office, signed in
        expect(manager.get_by_role("link", name="Customers").first).to_be_visible()
        manager.goto(routes.STAFF_SETTINGS)
        expect(manager.locator("#manage-team")).to_have_count(0)  # office staff do not run the team
        manager.goto(routes.STAFF_TEAM)
        expect(manager.get_by_text("Only the account owner can do this.")).to_be_visible()

        page.reload()
        member = page.locator(".team-member").filter(has_text=MANAGER)
        expect(member).to_contain_text("active")
        expect(member).to_contain_text("Last signed in")
        screenshot(page, "staff-1280-team")
        member.locator(".deactivate-member").click()
        expect(page.get_by_text("Deactivated: they are signed out everywhere.")).to_be_visible()
        expect(member).to_contain_text("deactivated")

        manager.goto(routes.STAFF_CUSTOMERS)
        expect(manager).to_have_url(re.compile(r"/staff/sign-in"))

    # Back from leave: Reactivate; a promotion to owner and back.
    member.get_by_role("button", name="Reactivate").click()
    expect(page.get_by_text("Reactivated.")).to_be_visible()
    expect(member).to_contain_text("active")
    role = member.locator(".member-role")
    role.select_option("owner")
    expect(page.get_by_text("Role changed.")).to_be_visible()
    page.reload()
    expect(page.locator(".team-member").filter(has_text=MANAGER).locator(".member-role")).to_have_value("owner")
    page.locator(".team-member").filter(has_text=MANAGER).locator(".member-role").select_option("office")
    expect(page.locator(".team-member").filter(has_text=MANAGER).locator(".member-role")).to_have_value("office")
    page.locator(".team-member").filter(has_text=MANAGER).locator(".deactivate-member").click()  # as found
    expect(page.locator(".team-member").filter(has_text=MANAGER)).to_contain_text("deactivated")


def _join_link(invitation) -> str:
    return re.search(r"https?://\S+/staff/join\?token=[\w-]+", invitation.text).group(0)


def _second_invitation(fake_resend):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        invitations = [message for message in fake_resend.inbox(MANAGER) if "invited you" in message.subject]
        if len(invitations) == 2:
            return invitations[-1]
        time.sleep(0.25)
    raise AssertionError("the invitation was not sent again")
