"""Staff sign in, see the shell, get a clear message for a wrong password, and sign out for good."""

import re

from playwright.sync_api import Page, expect

from customer_portal import routes
from customer_portal.services.accounts.staff_auth import SIGN_IN_REFUSED
from tests.e2e.conftest import sign_in_as_staff as _sign_in


def test_staff_sign_in_and_see_the_shell(page: Page):
    page.goto(routes.STAFF_HOME)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/?$"))  # protected: sent to sign in first
    _sign_in(page)
    expect(page).to_have_url(re.compile(r"/staff/?$"))
    expect(page.locator("#company-name")).to_have_text("Bluewater Pool Care")
    expect(page.locator("#figure-active-customers")).to_have_text(re.compile(r"^\d+$"))  # other tests add customers
    expect(page.locator("#staff-name")).to_have_text("Dana Whitaker")
    sections = {
        "customers": "Customers",
        "invoices": "Invoices",
        "quotes": "Quotes",
        "visits": "Service visits",
        "settings": "Settings",
    }
    for section, title in sections.items():
        page.locator(f"#nav-{section}").click()
        expect(page).to_have_url(re.compile(rf"/staff/{section}/?$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text("Checking your session")).to_have_count(0)


def test_a_wrong_password_gets_the_clear_message(page: Page):
    _sign_in(page, password="not-my-password")
    expect(page.locator("#sign-in-error")).to_have_text(SIGN_IN_REFUSED)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/?$"))


def test_sign_out_ends_the_session_even_for_a_copied_cookie(page: Page):
    _sign_in(page)
    expect(page.locator("#company-name")).to_have_text("Bluewater Pool Care")
    copied = [cookie for cookie in page.context.cookies() if cookie["name"] == "cp_staff_session"]
    assert copied and copied[0]["value"]

    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(r"/staff/sign-in/?$"))

    # Put the old token back, as someone who copied it would: the server no longer honours it.
    page.context.add_cookies(copied)
    page.goto(routes.STAFF_INVOICES)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/?$"))
    expect(page.locator("#staff-name")).to_have_count(0)


def test_a_section_opened_directly_in_a_new_tab_shows_its_content(page: Page):
    _sign_in(page)
    expect(page.locator("#company-name")).to_have_text("Bluewater Pool Care")
    fresh_tab = page.context.new_page()  # a new tab is a new Reflex client with the same cookie
    fresh_tab.goto(routes.STAFF_INVOICES)
    expect(fresh_tab.locator("#staff-name")).to_have_text("Dana Whitaker")
    expect(fresh_tab.locator(".invoice-row").first).to_be_visible()
    expect(fresh_tab.get_by_text("Checking your session")).to_have_count(0)
