"""The portal's home on a phone: the balance with Pay Now, the quote waiting, the last visit with its photo and
readings; each leads to its page. The page fits 375 px and has no serious axe-core violation."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from customer_portal.models import CompanyProfile, CustomerEmail, StaffUser, id_of
from customer_portal.services.accounts.staff_auth import StaffIdentity
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL, DEMO_OWNER_EMAIL
from tests.e2e.conftest import (
    activate_stripe,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
)
from tests.factories import make_open_invoice


def _maria_owes_and_has_a_quote_waiting(session) -> None:
    owner = session.exec(select(StaffUser).where(StaffUser.email == DEMO_OWNER_EMAIL)).one()
    staff = StaffIdentity(id=id_of(owner), email=owner.email, name=owner.name, role=owner.role)
    maria = session.exec(select(CustomerEmail).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)).one().customer_id
    make_open_invoice(session, staff=staff, customer_id=maria, amount="85.00")
    draft = QuoteDraft(customer_id=maria, title="Salt cell", lines=[LineInput("Salt cell", "1", "640.00")])
    quotes.send_quote(
        session, staff=staff, quote_id=quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    )


def test_the_home_answers_at_a_glance_on_a_phone(phone: Page, app_database):
    app_database(_maria_owes_and_has_a_quote_waiting)
    activate_stripe(phone)  # so Pay Now is offered (idempotent)
    page = phone
    sign_in_as_customer(page)

    expect(page.locator("#home-balance")).to_have_text(re.compile(r"^\$[\d,]+\.\d\d$"))
    expect(page.locator("#home-pay-now")).to_be_visible()
    expect(page.locator("#home-quotes-waiting")).to_contain_text("waiting for your answer")
    expect(page.locator("#home-last-visit")).to_be_visible()
    page.wait_for_function("() => document.querySelector('#home-visit-photo')?.naturalWidth > 0")
    expect(page.locator("#home-balance-card")).to_contain_text("Balance due")
    screenshot(page, "portal-375-home")
    assert not overflows_sideways(page)
    assert serious_accessibility_problems(page) == []

    page.locator("#home-visit-link").click()
    expect(page).to_have_url(re.compile(r"/bluewater/service-history/\d+/?$"))
    page.go_back()
    page.locator("#home-pay-now").click()
    expect(page).to_have_url(re.compile(r"/bluewater/pay/?$"))


def _accent(session, *, color: str) -> str:
    company = session.exec(select(CompanyProfile)).one()
    before, company.accent_color = company.accent_color, color
    session.add(company)
    return before


def test_the_companys_colour_carries_the_header_and_buttons_and_stays_readable(phone: Page, app_database):
    """A pale yellow accent: the header and the buttons take it, with black text (white would be 1.3:1)."""
    before = app_database(_accent, color="#fde047")
    try:
        page = phone
        page.goto("/bluewater/sign-in")
        sign_in = page.locator("#portal-sign-in")
        expect(sign_in).to_have_css("background-color", "rgb(253, 224, 71)")
        expect(sign_in).to_have_css("color", "rgb(0, 0, 0)")
        expect(page.locator("header > div")).to_have_css("background-color", "rgb(253, 224, 71)")
        expect(page.locator("#portal-company-name")).to_have_css("color", "rgb(0, 0, 0)")
        sign_in_as_customer(page)
        screenshot(page, "portal-375-home-yellow-accent")
        assert serious_accessibility_problems(page) == []
    finally:
        app_database(_accent, color=before)
