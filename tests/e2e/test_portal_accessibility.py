"""No page of the customer portal has an axe-core violation of serious or critical impact, on a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from customer_portal.settings import PROJECT_ROOT
from tests.e2e.conftest import activate_stripe, sign_in_as_customer

AXE = PROJECT_ROOT / ".tools/node_modules/axe-core/axe.min.js"


def _serious_violations(page: Page) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # judge the page at rest, not whatever the last tap left under the pointer
    # Evaluated through DevTools rather than added as a <script>: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['html'][:120]} "
        f"{violation['nodes'][0]['any'][0]['message'][:160] if violation['nodes'][0]['any'] else ''}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module", autouse=True)
def _axe_is_installed():
    if not Path(AXE).is_file():
        pytest.fail("axe-core is missing: `make test` installs it into .tools/")


def test_public_portal_pages(phone: Page):
    problems = {}
    for path in ("/bluewater/sign-in", "/bluewater/forgot-password", "/bluewater/create-login?token=not-a-real-one"):
        phone.goto(path)
        phone.locator("h1").first.wait_for()
        problems[path] = _serious_violations(phone)
    assert {path: found for path, found in problems.items() if found} == {}


def test_signed_in_portal_pages(page: Page, phone: Page):
    activate_stripe(page)  # so Payment Methods is there to check too
    page = phone
    sign_in_as_customer(page)
    home = page.url
    problems = {"home": _serious_violations(page)}

    def visit(name: str, tab: str, detail_selector: str | None = None) -> None:
        page.goto(home)
        page.locator(f"#tab-{tab}").click()
        page.locator("h1").first.wait_for()
        problems[name] = _serious_violations(page)
        if detail_selector:
            page.locator(detail_selector).first.click()
            page.locator("h1").first.wait_for()
            problems[f"{name} detail"] = _serious_violations(page)

    visit("invoices", "invoices", ".invoice-card a")
    visit("payments", "payments", ".payment-card a")
    visit("quotes", "quotes", ".quote-action")
    visit("service history", "service-history", ".visit-card a")
    visit("contact", "contact")
    visit("payment methods", "payment-methods")
    page.goto(home.rstrip("/") + "/pay")
    page.locator("h1").first.wait_for()
    problems["pay now"] = _serious_violations(page)
    page.goto(home.rstrip("/") + "/statement")
    page.locator("h1").first.wait_for()
    problems["statement"] = _serious_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
