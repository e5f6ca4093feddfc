"""Pausing service as people do it: the customer, on a phone, sees the next visits and asks to pause a week; the
office answers on its Schedule with a note; the customer sees the answer and the paused visit, then withdraws it."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from customer_portal.domain.clock import local_day, utcnow
from tests.e2e.conftest import (
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    sign_in_as_customer,
    sign_in_as_staff,
)


def test_a_customer_pauses_a_week_and_the_office_approves(phone: Page, page: Page):
    sign_in_as_customer(phone)
    phone.locator("#home-upcoming").click()
    expect(phone).to_have_url(re.compile(r"/bluewater/upcoming-visits/?$"))
    first_pool = phone.locator(".upcoming-pool").first
    expect(first_pool.locator(".upcoming-visit")).to_have_count(4)
    second_visit = first_pool.locator(".upcoming-visit").nth(1).inner_text()

    today = local_day(utcnow(), "America/Phoenix")
    phone.locator("#hold-starts_on").fill((today - timedelta(days=1)).isoformat())
    phone.locator("#hold-ends_on").fill((today + timedelta(days=3)).isoformat())
    phone.locator("#hold-submit").click()
    expect(phone.locator("#hold-starts_on-error")).to_have_text("A pause cannot start in the past.")

    # The week of the second visit: it starts the day after the first visit.
    phone.locator("#hold-starts_on").fill((today + timedelta(days=7)).isoformat())
    phone.locator("#hold-ends_on").fill((today + timedelta(days=13)).isoformat())
    phone.locator("#hold-note").fill("Away for a week")
    phone.locator("#hold-submit").click()
    expect(phone.locator("#hold-done")).to_contain_text("We will email you")
    expect(phone.locator(".hold-row").first).to_contain_text("Waiting for an answer")
    assert not overflows_sideways(phone)
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "portal-375-upcoming-visits")

    sign_in_as_staff(page)
    expect(page.locator("#figure-pause-requests")).to_have_text("1")  # the staff home says there is one
    page.locator("#figure-pause-requests").click()
    expect(page).to_have_url(re.compile(r"/staff/schedule/?$"))
    request = page.locator(".hold-request").filter(has_text="Away for a week")
    request.get_by_role("textbox").fill("Enjoy the trip!")
    request.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved: the customer is told.")).to_be_visible()
    expect(page.locator(".hold-approved").filter(has_text="Maria Delgado")).to_be_visible()
    screenshot(page, "staff-1280-schedule")

    phone.reload()
    hold = phone.locator(".hold-row").first
    expect(hold).to_contain_text("Approved")
    expect(hold).to_contain_text("Our answer: Enjoy the trip!")
    paused = phone.locator(".upcoming-pool").first.locator(".upcoming-visit").nth(1)
    expect(paused).to_contain_text(second_visit)
    expect(paused.locator(".visit-paused")).to_be_visible()

    hold.get_by_role("button", name="Withdraw").click()  # leave the demo customer as the other tests expect
    expect(phone.locator(".hold-row").first).to_contain_text("Withdrawn")
