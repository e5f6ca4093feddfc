"""The customer answers a quote on a phone: Approve needs their typed name; the answer is final."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in_as_customer


def test_approve_a_quote_with_a_typed_signature(phone: Page):
    page = phone
    sign_in_as_customer(page)
    page.locator("#tab-quotes").click()
    expect(page).to_have_url(re.compile(r"/quotes/?$"))
    page.locator("#quote-filter").click()
    page.get_by_role("option", name="Waiting for your answer").click()
    card = page.locator(".quote-card").first
    expect(card).to_contain_text("sent")
    card.locator(".quote-action").click()
    expect(page.locator("#portal-quote-total")).to_have_text(re.compile(r"^\$"))

    page.locator("#answer-approve").click()
    page.locator("#submit-answer").click()
    expect(page.locator("#answer-error")).to_have_text("Type your full name to approve.")
    page.locator("#signature").fill("Maria Delgado")
    page.locator("#submit-answer").click()
    expect(page.locator("#quote-answered")).to_contain_text("signed Maria Delgado")
    expect(page.locator("#answer-approve")).to_have_count(0)  # no second answer
