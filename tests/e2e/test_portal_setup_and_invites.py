"""The help article's steps 1-13 in a browser: set the portal up, preview the invite, invite two customers,
create a login from the invite email, sign out and in, and see Invoices only where Send Invoices is on."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes
from tests.e2e.conftest import wait_for_email
from tests.fakes.resend_server import FakeResend

INVOICES_ON = "customer00002@example.com"
INVOICES_OFF = "customer00001@example.com"  # the demo customer whose only email has Send Invoices off
PASSWORD = "sand-dollar-beach-5"


def _link_in(message) -> str:
    return re.search(r"(https?://\S+/create-login\?token=\S+)", message.text).group(1)


def _set_switch(page: Page, name: str, on: bool) -> None:
    switch = page.locator(f"#switch-{name}")
    if (switch.get_attribute("data-state") == "checked") != on:
        switch.click()
    expect(switch).to_have_attribute("data-state", "checked" if on else "unchecked")


def _select_customer(page: Page, email: str) -> None:
    page.locator("#customer-search").fill(email)
    row = page.locator(".customer-row", has_text=email)
    expect(page.locator(".customer-row")).to_have_count(1)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").click()
    expect(row.get_by_role("checkbox")).to_have_attribute("data-state", "checked")


def test_steps_1_to_13(staff_page: Page, fake_resend: FakeResend, live_app: str):
    page = staff_page
    # Steps 1-2: Settings > Customer Portal, toggle. Off first: the portal says so and invites cannot go.
    page.locator("#nav-settings").click()
    expect(page.locator("#portal-slug")).to_have_value("bluewater")  # the settings have loaded
    _set_switch(page, "enabled", False)
    expect(page.locator("#unsaved")).to_be_visible()
    page.locator("#save-portal").click()
    expect(page.locator("#unsaved")).to_have_count(0)
    page.goto(routes.STAFF_CUSTOMERS)
    expect(page.locator("#invites-off")).to_be_visible()
    visitor = page.context.browser.new_page(base_url=live_app)
    visitor.goto("/bluewater/sign-in")
    expect(visitor.locator("#portal-off")).to_be_visible()

    # Steps 2-6: on, a new web address, Included in Portal, the invite email, Save.
    page.goto(routes.STAFF_SETTINGS)
    expect(page.locator("#portal-slug")).to_have_value("bluewater")
    _set_switch(page, "enabled", True)
    page.locator("#portal-slug").fill("bluewater-pools")
    expect(page.locator("#portal-address")).to_have_text(f"{live_app}/bluewater-pools")
    page.locator("#portal-invite_subject").fill("Hello {first_name}")
    page.locator("#save-portal").click()
    expect(page.get_by_text("Unknown placeholder: {first_name}.")).to_be_visible()
    page.locator("#restore-default").click()
    page.get_by_text("As an email app shows it").click()  # the invite as customers get it, with its button
    invite = page.frame_locator("#invite-preview-html")
    expect(invite.get_by_role("link", name="Create your login")).to_be_visible()
    expect(invite.get_by_role("heading", level=1)).to_contain_text("customer portal is ready")
    page.locator("#portal-invite_reply_to").fill("office@bluewater-pools.example")
    page.locator("#save-portal").click()
    expect(page.locator("#unsaved")).to_have_count(0)

    # The old address keeps working: it redirects to the new one.
    visitor.goto("/bluewater/sign-in")
    expect(visitor).to_have_url(re.compile(r"/bluewater-pools/sign-in/?$"))

    # Step 7: Send Preview, to the signed-in staff member.
    page.locator("#send-preview").click()
    expect(page.locator("#settings-notice")).to_have_text("Preview sent to owner@bluewater-pools.example.")
    preview = wait_for_email(fake_resend, "owner@bluewater-pools.example", "[Preview] Your")
    assert "Maria Delgado" in preview.text

    # Steps 8-10: select two customers, Send Portal Invite, Continue, review, Send.
    page.goto(routes.STAFF_CUSTOMERS)
    _select_customer(page, INVOICES_ON)
    _select_customer(page, INVOICES_OFF)
    expect(page.locator("#selected-count")).to_have_text("2 selected")
    page.locator("#send-portal-invite").click()
    expect(page.locator("#invite-count")).to_have_text("2 invites will be sent:")
    page.locator("#invite-continue").click()
    expect(page.locator("#review-subject")).to_contain_text("customer portal is ready")
    page.locator("#invite-send").click()
    expect(page.locator("#invite-progress")).to_contain_text("2 sent · 0 failed · 0 remaining", timeout=30_000)

    # Steps 11-13: Create Login from the email, then sign in with the email as username.
    invite = wait_for_email(fake_resend, INVOICES_ON, "customer portal is ready")
    assert invite.reply_to == "office@bluewater-pools.example"
    customer = page.context.browser.new_page(base_url=live_app)
    customer.goto(_link_in(invite))
    expect(customer.locator("#username")).to_have_value(INVOICES_ON)
    customer.locator("#password").fill("short")
    customer.locator("#password_again").fill("short")
    customer.locator("#set-password").click()
    expect(customer.locator("#password-error")).to_have_text("Use at least 8 characters.")
    customer.locator("#password").fill("Password2026!")  # long enough, but among the first guesses anyone makes
    customer.locator("#password_again").fill("Password2026!")
    customer.locator("#set-password").click()
    expect(customer.locator("#password-error")).to_contain_text("This password is too easy to guess.")
    customer.locator("#password").fill(PASSWORD)
    customer.locator("#password_again").fill(PASSWORD)
    customer.locator("#set-password").click()
    expect(customer.locator("#portal-greeting")).to_contain_text("Hello,")
    expect(customer.locator("#tab-invoices")).to_be_visible()

    customer.locator("#portal-sign-out").click()
    expect(customer).to_have_url(re.compile(r"/bluewater-pools/sign-in/?$"))
    customer.goto(_link_in(invite))
    expect(customer.locator("#link-problem")).to_have_text("This link has already been used.")
    customer.goto("/bluewater-pools/sign-in")
    customer.locator("#email").fill(INVOICES_ON)
    customer.locator("#password").fill(PASSWORD)
    customer.locator("#portal-sign-in").click()
    expect(customer.locator("#tab-invoices")).to_be_visible()
    customer.locator("#portal-sign-out").click()
    expect(customer).to_have_url(re.compile(r"/bluewater-pools/sign-in/?$"))  # signing out is a page load

    # The customer whose email has Send Invoices off sees no Invoices tab.
    other = wait_for_email(fake_resend, INVOICES_OFF, "customer portal is ready")
    customer.goto(_link_in(other))
    customer.locator("#password").fill(PASSWORD)
    customer.locator("#password_again").fill(PASSWORD)
    customer.locator("#set-password").click()
    expect(customer.locator("#portal-greeting")).to_be_visible()
    expect(customer.locator("#tab-quotes")).to_be_visible()
    expect(customer.locator("#tab-invoices")).to_have_count(0)


def test_contact_us_message_reaches_the_office(phone: Page, fake_resend: FakeResend):
    from tests.e2e.conftest import sign_in_as_customer

    page = phone
    sign_in_as_customer(page)
    page.locator("#tab-contact").click()
    expect(page.locator("#contact-block")).to_contain_text("(602) 555-0143")
    page.locator("#send-message").click()
    expect(page.locator("#contact-message-error")).to_have_text("Write your message.")
    page.locator("#contact-message").fill("The gate code changed to 9921.")
    page.locator("#send-message").click()
    expect(page.locator("#message-sent")).to_contain_text("maria.delgado@example.com")
    message = wait_for_email(fake_resend, "office@bluewater-pools.example", "Portal message from Maria Delgado")
    assert "9921" in message.text and message.reply_to == "maria.delgado@example.com"
