"""Dead ends a customer or office met on a fresh install (no email provider, Stripe not set up), walked in a
browser against an app of its own: a page that cannot be used says so, a capitalised portal address is refused
with the lowercase one offered, invites say they wait in the Outbox, a void invoice owes nothing, and a quote
answered in another tab shows that answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from customer_portal import routes
from customer_portal.models import Invoice, InvoiceStatus, PortalSettings, Quote, QuoteStatus, StaffUser
from customer_portal.services.accounts import staff_auth
from customer_portal.services.billing import invoice_actions
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL, DEMO_OWNER_EMAIL
from tests.e2e.conftest import (
    context_without_csp_violations,
    database_of,
    running_app,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    sign_in_as_staff,
)

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Iterator[tuple[str, Callable[..., Any]]]:
    """An app as `make run` gives it: no email provider, payments not set up."""
    data_dir = tmp_path_factory.mktemp("fresh-install")
    with (
        running_app(data_dir, RESEND_API_KEY="", SMTP_HOST="", STRIPE_SECRET_KEY="") as url,
        database_of(data_dir) as database,
    ):
        yield url, database


def _page(browser: Browser, url: str, size: dict) -> Iterator[Page]:
    with context_without_csp_violations(browser, base_url=url, **size) as context:
        yield context.new_page()


@pytest.fixture
def phone_here(browser: Browser, fresh) -> Iterator[Page]:
    yield from _page(browser, fresh[0], PHONE)


@pytest.fixture
def desktop_here(browser: Browser, fresh) -> Iterator[Page]:
    yield from _page(browser, fresh[0], DESKTOP)


def _set_section(session, *, name: str, on: bool) -> None:
    portal = session.exec(select(PortalSettings)).one()
    setattr(portal, name, on)
    session.add(portal)


def test_a_page_that_cannot_be_used_says_so_instead_of_showing_dead_buttons(phone_here: Page, fresh):
    _, database = fresh
    page = phone_here
    sign_in_as_customer(page)
    page.goto("/bluewater/payment-methods")  # by its address: payments are not set up
    expect(page.locator("#section-unavailable")).to_contain_text("This part of the portal is not available")
    expect(page.locator("#add-card")).to_have_count(0)
    assert serious_accessibility_problems(page) == []
    screenshot(page, "section-unavailable-375")
    page.locator("#unavailable-home").click()
    expect(page.locator("#portal-greeting")).to_be_visible()

    database(_set_section, name="include_quotes", on=False)  # the office switches Quotes off
    try:
        page.goto("/bluewater/quotes")
        expect(page.locator("#section-unavailable")).to_be_visible()
        expect(page.locator(".quote-card")).to_have_count(0)
    finally:
        database(_set_section, name="include_quotes", on=True)
    page.goto("/bluewater/quotes")  # the next page load forgets it
    expect(page.locator("#section-unavailable")).to_have_count(0)
    expect(page.locator(".quote-card").first).to_be_visible()


def test_a_capitalised_portal_address_is_refused_with_the_lowercase_one_offered(desktop_here: Page):
    page = desktop_here
    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    page.goto(routes.STAFF_SETTINGS)
    expect(page.locator("#portal-slug")).to_have_value("bluewater")
    page.locator("#portal-slug").fill("Blue-Water")
    page.locator("#save-portal").click()
    expect(page.get_by_text("Web addresses are lowercase: use “blue-water”.")).to_be_visible()
    page.reload()
    expect(page.locator("#portal-slug")).to_have_value("bluewater")  # nothing was saved


def test_invites_without_an_email_provider_say_they_wait_in_the_outbox(desktop_here: Page):
    page = desktop_here
    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    page.goto(routes.STAFF_CUSTOMERS)
    page.locator("#customer-search").fill("customer00003@example.com")
    expect(page.locator(".customer-row")).to_have_count(1)
    page.locator(".customer-row").get_by_role("checkbox").click()
    page.locator("#send-portal-invite").click()
    page.locator("#invite-continue").click()
    page.locator("#invite-send").click()
    expect(page.locator("#invite-progress")).to_contain_text(
        re.compile(r"Invites: [1-9] kept in the Outbox · 0 failed · 0 remaining"), timeout=30_000
    )
    expect(page.locator("#invites-kept")).to_contain_text("No email provider is set up")
    expect(page.get_by_text("on their way")).to_have_count(0)
    screenshot(page, "invites-kept-in-outbox-1280")
    page.locator("#invites-outbox-link").click()
    expect(page).to_have_url(re.compile(r"/staff/outbox/?$"))
    expect(page.get_by_text("customer00003@example.com").first).to_be_visible()


def _void_one_of_marias_open_invoices(session) -> str:
    from customer_portal.models import CustomerEmail

    customer_id = session.exec(
        select(CustomerEmail.customer_id).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)
    ).one()
    invoice = session.exec(
        select(Invoice)
        .where(Invoice.customer_id == customer_id, Invoice.status == InvoiceStatus.OPEN, Invoice.amount_paid_cents == 0)
        .order_by(Invoice.total_cents.desc())
    ).first()
    owner = session.exec(select(StaffUser).where(StaffUser.email == DEMO_OWNER_EMAIL)).one()
    invoice_actions.void_invoice(session, staff=staff_auth._identity(owner), invoice_id=invoice.id)
    return invoice.number


def test_a_void_invoice_owes_nothing_on_the_portal(phone_here: Page, fresh):
    _, database = fresh
    number = database(_void_one_of_marias_open_invoices)
    page = phone_here
    sign_in_as_customer(page)
    page.goto("/bluewater/invoices")
    page.locator("#invoice-filter").click()
    page.get_by_role("option", name="Void").click()
    card = page.locator(".invoice-card", has_text=number)
    expect(card).to_contain_text("Balance$0.00")
    card.get_by_role("link", name=number).click()
    expect(page.locator("#portal-invoice-balance")).to_have_text("$0.00")


def _a_sent_quote_of_marias(session) -> int:
    from customer_portal.models import CustomerEmail

    customer_id = session.exec(
        select(CustomerEmail.customer_id).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)
    ).one()
    return session.exec(
        select(Quote.id).where(Quote.customer_id == customer_id, Quote.status == QuoteStatus.SENT)
    ).first()


def test_a_quote_answered_in_another_tab_shows_that_answer(browser: Browser, fresh):
    url, database = fresh
    quote_id = database(_a_sent_quote_of_marias)
    with context_without_csp_violations(browser, base_url=url, **DESKTOP) as context:
        first, second = context.new_page(), context.new_page()
        sign_in_as_customer(first)
        for tab in (first, second):
            tab.goto(f"/bluewater/quotes/{quote_id}")
            expect(tab.locator("#answer-approve")).to_be_visible()
        second.locator("#answer-reject").click()  # the second tab has its Reject form open
        first.locator("#answer-approve").click()
        first.locator("#signature").fill("Maria Delgado")
        first.locator("#submit-answer").click()
        expect(first.locator("#quote-answered")).to_be_visible()

        second.locator("#submit-answer").click()
        expect(second.locator("#answer-refused")).to_contain_text("already been answered")
        expect(second.locator("#quote-answered")).to_contain_text("signed Maria Delgado")
        expect(second.locator("#submit-answer")).to_have_count(0)
        screenshot(second, "quote-answered-elsewhere-1280")
