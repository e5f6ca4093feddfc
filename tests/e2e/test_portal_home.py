"""The portal's home on a phone: the balance with Pay Now, the quote waiting, the last visit with its photo and
readings; each leads to its page. The page fits 375 px and has no serious axe-core violation."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from customer_portal.domain.transitions import QUOTE
from customer_portal.models import CompanyProfile, CustomerEmail, Quote, StaffUser, id_of
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.billing import invoice_actions, quotes
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


def _owner(session) -> StaffIdentity:
    owner = session.exec(select(StaffUser).where(StaffUser.email == DEMO_OWNER_EMAIL)).one()
    return StaffIdentity(id=id_of(owner), email=owner.email, name=owner.name, role=owner.role)


def _maria_owes_and_has_a_quote_waiting(session) -> tuple[int, int]:
    staff = _owner(session)
    maria = session.exec(select(CustomerEmail).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)).one().customer_id
    invoice_id = make_open_invoice(session, staff=staff, customer_id=maria, amount="85.00")
    draft = QuoteDraft(customer_id=maria, title="Salt cell", lines=[LineInput("Salt cell", "1", "640.00")])
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    quotes.send_quote(session, staff=staff, quote_id=quote_id)
    return invoice_id, quote_id


def _take_back(session, *, invoice_id: int, quote_id: int) -> None:
    """Leave the demo customer as the other tests expect her: this invoice void, this quote lapsed."""
    invoice_actions.void_invoice(session, staff=_owner(session), invoice_id=invoice_id)
    quote = session.get(Quote, quote_id)
    quote.status = QUOTE.apply(quote.status, "expire")
    session.add(quote)


def test_the_home_answers_at_a_glance_on_a_phone(phone: Page, app_database):
    invoice_id, quote_id = app_database(_maria_owes_and_has_a_quote_waiting)
    try:
        _walk_the_home(phone)
    finally:
        app_database(_take_back, invoice_id=invoice_id, quote_id=quote_id)


def _walk_the_home(page: Page) -> None:
    activate_stripe(page)  # so Pay Now is offered (idempotent)
    sign_in_as_customer(page)

    expect(page.locator("#home-balance")).to_have_text(re.compile(r"^\$[\d,]+\.\d\d$"))
    expect(page.locator("#home-pay-now")).to_be_visible()
    expect(page.locator("#home-quotes-waiting")).to_contain_text("waiting for your answer")
    expect(page.locator("#home-last-visit")).to_be_visible()
    expect(page.locator("#home-next-visits")).to_contain_text(re.compile(r"\w+day, \w+ \d{1,2}, \d{4}"))
    expect(page.locator("#home-next-visits")).to_contain_text("Every ")  # the demo pools are serviced weekly
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
