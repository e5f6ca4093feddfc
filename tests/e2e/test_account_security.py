"""What a customer and an attacker meet in a real browser: a forgotten password, and session cookies that no
script can read."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.models import CustomerEmail, PortalLogin
from customer_portal.services.accounts.passwords import hash_password
from tests.e2e.conftest import screenshot, sign_in_as_customer, sign_in_as_staff, wait_for_email
from tests.fakes.resend_server import FakeResend

FORGETFUL = "customer00004@example.com"
OLD_PASSWORD = "coral-reef-swim-31"
NEW_PASSWORD = "kelp-forest-dive-58"


def _give_login(session, *, address: str, password: str) -> None:
    email = session.exec(select(CustomerEmail).where(CustomerEmail.address == address)).one()
    session.add(PortalLogin(customer_email_id=email.id, password_hash=hash_password(password, cost=4)))


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/bluewater/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#portal-sign-in").click()


def test_forgot_password_end_to_end_on_a_phone(phone: Page, app_database, fake_resend: FakeResend):
    app_database(_give_login, address=FORGETFUL, password=OLD_PASSWORD)
    page = phone
    page.goto("/bluewater/sign-in")
    page.locator("#forgot-password-link").click()
    # The sign-in page has an #email too: wait for the route change, or the fill lands on the page being left.
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.locator("#email").fill(FORGETFUL)
    page.locator("#send-reset").click()
    expect(page.locator("#reset-sent")).to_be_visible()

    email = wait_for_email(fake_resend, FORGETFUL, "Reset your")
    link = re.search(r"(https?://\S+/reset-password\?token=\S+)", email.text).group(1)
    page.goto(link)
    expect(page.locator("#username")).to_have_value(FORGETFUL)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#password_again").fill(NEW_PASSWORD)
    page.locator("#set-password").click()
    expect(page.locator("#portal-greeting")).to_contain_text("Hello,")
    screenshot(page, "reset-password-signed-in-375")

    page.locator("#portal-sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/?$"))
    _sign_in(page, FORGETFUL, OLD_PASSWORD)
    expect(page.locator("#portal-sign-in-error")).to_have_text("That email and password do not match a portal login.")
    _sign_in(page, FORGETFUL, NEW_PASSWORD)
    expect(page.locator("#portal-greeting")).to_be_visible()

    page.goto(link)  # the same link a second time
    expect(page.locator("#link-problem")).to_have_text("This link has already been used.")
    expect(page.locator("#set-password")).to_have_count(0)


def _session_cookie(page: Page, name: str) -> dict:
    matching = [cookie for cookie in page.context.cookies() if cookie["name"] == name]
    assert len(matching) == 1, page.context.cookies()
    return matching[0]


def test_session_cookies_are_http_only_and_never_reach_a_script(page: Page):
    frames: list[str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(str(frame))))
    sign_in_as_customer(page)
    portal = _session_cookie(page, CUSTOMER_SESSION_COOKIE)
    assert portal["httpOnly"] and portal["sameSite"] == "Lax" and portal["value"]
    assert CUSTOMER_SESSION_COOKIE not in page.evaluate("document.cookie")
    assert not any(portal["value"] in frame for frame in frames)  # nor in anything the server sent over the socket

    page.locator("#portal-sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/?$"))
    assert [c for c in page.context.cookies() if c["name"] == CUSTOMER_SESSION_COOKIE] == []

    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    staff = _session_cookie(page, STAFF_SESSION_COOKIE)
    assert staff["httpOnly"] and STAFF_SESSION_COOKIE not in page.evaluate("document.cookie")
    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(r"/staff/sign-in/?$"))
    assert [c for c in page.context.cookies() if c["name"] == STAFF_SESSION_COOKIE] == []
