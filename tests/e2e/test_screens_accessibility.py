"""Every page of the app (office, customer portal and public) at a phone's 375 px and a desk's 1280 px: no
axe-core violation of serious or critical impact, one `<main>`, a skip link that is the first stop and moves focus
to it, and nothing wider than the screen. The pages come from the routes module (tests/page_routes.py), so a new
page is checked here without anyone adding it. (Runs after test_payment_settings.py, which starts from a portal
without payments: this turns them on, so Payment Methods and Pay Now show what a customer uses.)"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from sqlmodel import Session, select

from customer_portal.models.billing import Invoice, Payment
from customer_portal.models.customers import CustomerEmail
from customer_portal.models.quotes import Quote
from customer_portal.models.requests import ServiceRequest
from customer_portal.models.visits import ServiceVisit
from customer_portal.services.demo.demo_data import DEMO_CUSTOMER_EMAIL
from tests.e2e.conftest import (
    activate_stripe,
    context_without_csp_violations,
    overflows_sideways,
    serious_accessibility_problems,
    sign_in_as_customer,
)
from tests.page_routes import PARAMETER, is_customer_page, is_staff_page, page_routes

VIEWPORTS = {375: {"width": 375, "height": 812}, 1280: {"width": 1280, "height": 800}}


def _demo_customers_rows(session: Session) -> dict[str, Any]:
    """An id for each parameter in a page's route: the demo customer's own rows, as she and the office see them."""
    customer_id = session.exec(
        select(CustomerEmail.customer_id).where(CustomerEmail.address == DEMO_CUSTOMER_EMAIL)
    ).one()

    def first(model: Any, *conditions: Any) -> int | None:
        query = select(model.id).where(model.customer_id == customer_id, *conditions).order_by(model.id)
        return session.exec(query).first()

    return {
        "portal": "bluewater",
        "customer_id": customer_id,
        "invoice_id": first(Invoice, Invoice.number.is_not(None)),  # issued, with a payment in the demo data
        "quote_id": first(Quote, Quote.number.is_not(None)),
        "visit_id": first(ServiceVisit),
        "payment_id": first(Payment),
        "request_id": first(ServiceRequest),
    }


def _address(route: str, rows: dict[str, Any]) -> str:
    def value(match) -> str:
        if rows.get(match.group(1)) is None:
            pytest.fail(f"{route}: no demo row for [{match.group(1)}]; add one to _demo_customers_rows")
        return str(rows[match.group(1)])

    return PARAMETER.sub(value, route)


def _problems_on(page: Page, address: str, width: int) -> list[str]:
    page.goto(address)
    page.locator("h1").first.wait_for()
    problems = serious_accessibility_problems(page)
    if page.locator("main").count() != 1:
        problems.append(f"{page.locator('main').count()} <main> elements")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.id") != "skip-link":
        problems.append("the first Tab does not reach the skip link")
    else:
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.tagName") != "MAIN":
            problems.append("the skip link does not move focus to <main>")
    if width == 375 and overflows_sideways(page):
        problems.append(f"{page.evaluate('document.documentElement.scrollWidth')} px wide on a 375 px screen")
    return problems


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_page_is_accessible_and_fits_the_screen(browser: Browser, live_app: str, app_database, width: int):
    rows = app_database(_demo_customers_rows)
    found: dict[str, list[str]] = {}
    options = {"base_url": live_app, "viewport": VIEWPORTS[width], "is_mobile": width == 375}
    with (
        context_without_csp_violations(browser, **options) as visitor,
        context_without_csp_violations(browser, **options) as office,
        context_without_csp_violations(browser, **options) as customer,
    ):
        visitor_page, office_page, customer_page = visitor.new_page(), office.new_page(), customer.new_page()
        activate_stripe(office_page)  # so Payment Methods and Pay Now show what a customer uses
        sign_in_as_customer(customer_page)
        for route in page_routes():
            if is_staff_page(route):
                page = office_page
            elif is_customer_page(route):
                page = customer_page
            else:
                page = visitor_page
            found[route] = _problems_on(page, _address(route, rows), width)
    assert {route: problems for route, problems in found.items() if problems} == {}
