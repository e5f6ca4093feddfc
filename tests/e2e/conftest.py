"""Browser tests: the real app, built for production, in headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from sqlmodel import Session

from customer_portal import routes
from customer_portal.cookies import STAFF_REMEMBERED_BROWSER_COOKIE
from customer_portal.services.demo.demo_data import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_PASSWORD,
    DEMO_OWNER_EMAIL,
    DEMO_STAFF_PASSWORD,
)
from customer_portal.settings import PROJECT_ROOT
from tests.fakes.resend_server import FakeResend
from tests.fakes.stripe_server import FakeStripe

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that work as root with no network (see ENVIRONMENT.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_SECONDS = 300
# As in the Makefile: bun from npm (in .tools/), no telemetry or version checks (there is no network).
REFLEX_ENVIRONMENT = {
    "REFLEX_USE_SYSTEM_BUN": "1",
    "REFLEX_TELEMETRY_ENABLED": "false",
    "REFLEX_CHECK_LATEST_VERSION": "false",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ready(url: str, verify: bool = True) -> bool:
    context = None if verify else ssl._create_unverified_context()  # Caddy's internal CA in the deploy tests
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return response.status == 200
    except OSError:
        return False


def cli(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "customer_portal.cli", *args], env=env, cwd=PROJECT_ROOT, check=True)


@pytest.fixture(scope="session")
def fake_resend() -> Iterator[FakeResend]:
    """The app sends its email here, through the real resend SDK; tests read the inbox."""
    fake = FakeResend().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_stripe() -> Iterator[FakeStripe]:
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def e2e_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e-data")


@contextmanager
def database_of(data_dir: Path) -> Iterator[Callable[..., Any]]:
    """`run(service, **kwargs)`: a service in one transaction on a running app's SQLite database in `data_dir`."""
    with database_at(f"sqlite:///{data_dir / 'portal.db'}") as run:
        yield run


@contextmanager
def database_at(url: str) -> Iterator[Callable[..., Any]]:
    """`run(service, **kwargs)`: a service in one transaction on a running app's database (to arrange a test)."""
    from customer_portal.db import build_engine

    engine = build_engine(url)

    def run(service: Callable[..., Any], /, **kwargs: Any) -> Any:
        with Session(engine, expire_on_commit=False) as session:
            result = service(session, **kwargs)
            session.commit()
            return result

    yield run
    engine.dispose()


@pytest.fixture
def app_database(live_app: str, e2e_data_dir: Path) -> Iterator[Callable[..., Any]]:
    with database_of(e2e_data_dir) as run:
        yield run


def app_environment(port: int, data_dir: Path, **settings: str) -> dict[str, str]:
    """What an app started by a test runs with: SQLite in `data_dir` unless DATABASE_URL is among `settings`,
    Reflex quiet and offline, served at http://localhost:`port`."""
    return {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        **REFLEX_ENVIRONMENT,
        "PATH": f"{PROJECT_ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": str(port),
        "PUBLIC_URL": f"http://localhost:{port}",
        "DATA_DIR": str(data_dir),
        **settings,
    }


@contextmanager
def running_app(data_dir: Path, **settings: str) -> Iterator[str]:
    """`reflex run --env prod` on a free port over a small demo company in `data_dir`, with these settings
    (environment variables) on top; yields its address and stops it afterwards."""
    port = free_port()
    base_url = f"http://localhost:{port}"
    env = app_environment(port, data_dir, **settings)
    cli(env, "migrate")
    cli(env, "seed-demo", "--customers", "6", "--weeks", "8")

    log_path = Path(data_dir) / "app.log"
    with kept_build(data_dir), open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--loglevel", "info"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_serving(server, base_url, log_path)
            yield base_url
        finally:
            stop(server)


@contextmanager
def kept_build(scratch: Path) -> Iterator[None]:
    """The build in .web/ carries its server's address; a second app (or a release build) rebuilds it for its
    own. Keep the build that is there, and put it back afterwards, so an app still running keeps its pages."""
    build = PROJECT_ROOT / ".web" / "build"
    kept = Path(scratch) / "build-of-the-app-before"
    if build.is_dir():
        shutil.copytree(build, kept, dirs_exist_ok=True)
    try:
        yield
    finally:
        if kept.is_dir():
            shutil.rmtree(build, ignore_errors=True)
            shutil.copytree(kept, build)


def wait_until_serving(server: subprocess.Popen, base_url: str, log_path: Path, *, verify: bool = True) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while not (_ready(f"{base_url}/api/health", verify) and _ready(f"{base_url}/", verify)):
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The app did not start:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.25)


RESEND_KEY = "re_test_e2e_never_logged"
ACCESS_LINE = re.compile(r"^\d{4}-\d\d-\d\dT[\d:.]+Z INFO customer_portal\.access \[\w+\] GET /api/health 200 ", re.M)


@pytest.fixture(scope="session")
def live_app(e2e_data_dir: Path, fake_resend: FakeResend, fake_stripe: FakeStripe) -> Iterator[str]:
    """The app with email through the fake Resend and Stripe pointed at the fake Stripe. When the run ends, its
    whole log is read: timestamped access lines, no deprecation warning while starting, and none of the passwords,
    keys or codes the tests used."""
    from tests.fakes.stripe_server import GOOD_SECRET_KEY

    with running_app(
        e2e_data_dir,
        RESEND_API_KEY=RESEND_KEY,
        RESEND_API_URL=fake_resend.url,
        STRIPE_API_BASE=fake_stripe.url,
        STRIPE_SECRET_KEY="",
    ) as base_url:
        with database_of(e2e_data_dir) as run:
            AUTHENTICATORS[_person(base_url, DEMO_OWNER_EMAIL)] = run(_turn_on_two_factor, email=DEMO_OWNER_EMAIL)
        yield base_url
    log = (e2e_data_dir / "app.log").read_text()
    secrets = {
        "staff password": DEMO_STAFF_PASSWORD,
        "customer password": DEMO_CUSTOMER_PASSWORD,
        "Stripe secret key": GOOD_SECRET_KEY,
        "Resend key": RESEND_KEY,
        "a session handoff code": "code=",
    }
    assert [name for name, secret in secrets.items() if secret in log] == [], "a secret reached the app's log"
    assert ACCESS_LINE.search(log), "no timestamped access log line for /api/health"
    start = log.split("App Running", 1)[0]  # what an operator reads while the app comes up
    assert "DeprecationWarning" not in start, "the app's start printed a deprecation warning"


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: a sync Playwright kept open across modules would hold an event loop open.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def context_without_csp_violations(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A browser context that fails the test if Chromium blocked anything under the pages' Content-Security-Policy
    (every browser test thereby checks the CSP against the pages it walks)."""
    context = browser.new_context(**options)
    context.set_default_timeout(20_000)
    violations: list[str] = []
    context.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield context
    context.close()
    assert violations == [], violations


@pytest.fixture
def page(browser: Browser, live_app: str) -> Iterator[Page]:
    with context_without_csp_violations(browser, base_url=live_app, viewport={"width": 1280, "height": 800}) as ctx:
        yield ctx.new_page()


# Two-factor as people at their own computers meet it. Per app address and email: the authenticator app on their
# phone (the live app's demo owner has one from the start: owners need it once payments are activated), and the
# cookie "remember this browser" left, which the next sign-in on that app brings along.
AUTHENTICATORS: dict[str, pyotp.TOTP] = {}
_REMEMBERED_BROWSER: dict[str, dict[str, Any]] = {}
_LAST_STEP: dict[str, int] = {}  # per secret: the newest step this run has used


def _person(origin: str, email: str) -> str:
    return f"{origin.rstrip('/')} {email}"


def _origin(url: str) -> str:
    return re.match(r"^https?://[^/]+", url).group(0)  # type: ignore[union-attr]


def _turn_on_two_factor(session: Session, *, email: str) -> pyotp.TOTP:
    """Two-factor set up through My account's services, as the owner would; the app their phone now holds."""
    from sqlmodel import select

    from customer_portal.models import StaffUser
    from customer_portal.services.accounts import two_factor_account
    from customer_portal.services.accounts.staff_identity import StaffIdentity

    user = session.exec(select(StaffUser).where(StaffUser.email == email)).one()
    staff = StaffIdentity(id=user.id or 0, email=user.email, name=user.name, role=user.role)
    prompt = two_factor_account.begin_setup(session, staff=staff)
    app = pyotp.TOTP(prompt.secret.replace(" ", ""))
    two_factor_account.confirm_setup(session, staff=staff, code=app.now(), session_token="")
    _LAST_STEP[app.secret] = app.timecode(datetime.now(UTC))
    return app


def fresh_code(app: pyotp.TOTP) -> str:
    """A code the server has not seen: each 30-second step signs in once, and a step either side of now counts.
    For an app this run has used: the earliest unused step, keeping later ones for the next call (waiting when all
    three are spent). For one it has not (the server may have seen this step): the latest."""
    while True:
        now = app.timecode(datetime.now(UTC))
        last = _LAST_STEP.get(app.secret, now)
        unused = [step for step in (now - 1, now, now + 1) if step > last]
        if unused:
            _LAST_STEP[app.secret] = unused[0]
            return app.generate_otp(unused[0])
        time.sleep(1)


def enter_second_factor(page: Page, app: pyotp.TOTP, *, remember: bool = True) -> None:
    page.locator("#code").fill(fresh_code(app))
    if remember:
        page.locator("#remember").check()
    page.locator("#verify-code").click()


def sign_in_as_staff(
    page: Page, password: str = DEMO_STAFF_PASSWORD, *, email: str = DEMO_OWNER_EMAIL, app: pyotp.TOTP | None = None
) -> None:
    """Sign in at the office's sign-in page. Two-factor as a person at their own computer meets it: the browser
    remembered from an earlier sign-in skips the code; otherwise the app's code, with "remember" ticked."""
    page.goto(routes.STAFF_SIGN_IN)
    person = _person(_origin(page.url), email)
    app = app or AUTHENTICATORS.get(person)
    if remembered := _REMEMBERED_BROWSER.get(person):
        page.context.add_cookies([remembered])
        page.reload()  # the page's websocket reads cookies when it opens
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#sign-in").click()
    code_step = page.locator("#code")
    page.locator("#company-name").or_(code_step).or_(page.locator("#sign-in-error")).first.wait_for()
    if app is None or not code_step.is_visible():
        return
    AUTHENTICATORS[person] = app
    enter_second_factor(page, app)
    page.locator("#company-name").wait_for()
    (cookie,) = [c for c in page.context.cookies() if c["name"] == STAFF_REMEMBERED_BROWSER_COOKIE]
    _REMEMBERED_BROWSER[person] = cookie


def set_up_two_factor_in_my_account(page: Page, email: str = DEMO_OWNER_EMAIL) -> pyotp.TOTP:
    """My account > Set up two-factor, as an owner does when payments ask for it; the app now on their phone."""
    page.goto(routes.STAFF_ACCOUNT)
    page.locator("#start-two-factor").click()
    app = pyotp.TOTP(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.locator("#two-factor #code").fill(fresh_code(app))
    page.locator("#confirm-setup").click()
    page.locator("#codes-saved").click()
    page.locator("#recovery-codes-left").wait_for()
    AUTHENTICATORS[_person(_origin(page.url), email)] = app
    return app


@pytest.fixture
def staff_page(page: Page) -> Page:
    """A page signed in as the demo owner, on the staff home."""
    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    return page


@pytest.fixture
def phone(browser: Browser, live_app: str) -> Iterator[Page]:
    """A phone-sized page (375 px wide), not signed in."""
    options = {"base_url": live_app, "viewport": {"width": 375, "height": 812}, "is_mobile": True}
    with context_without_csp_violations(browser, **options) as context:
        yield context.new_page()


def sign_in_as_customer(page: Page, email: str = DEMO_CUSTOMER_EMAIL, password: str = DEMO_CUSTOMER_PASSWORD) -> None:
    """The demo customer signs in through the portal's first address (an old name redirects)."""
    page.goto("/bluewater/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#portal-sign-in").click()
    page.locator("#portal-greeting").wait_for()


E2E_WEBHOOK_SECRET = "whsec_e2e_0123456789"


def _save_stripe_keys(page: Page) -> bool:
    """Settings > Payments with the fake Stripe's keys; whether payments are now activated."""
    from tests.fakes.stripe_server import GOOD_SECRET_KEY

    page.goto(routes.STAFF_SETTINGS)
    page.locator("#payments-secret_key").fill(GOOD_SECRET_KEY)
    page.locator("#payments-publishable_key").fill("pk_test_fake_abcdef")
    page.locator("#payments-webhook_secret").fill(E2E_WEBHOOK_SECRET)
    page.locator("#save-payments").click()
    notice = page.locator("#payments-notice")
    notice.wait_for()
    return "saved" in notice.inner_text()


def activate_stripe(page: Page) -> None:
    """Payments on, as the owner does it (idempotent: saving the same keys again is harmless). An owner without
    two-factor is asked to set it up first (My account), and does."""
    sign_in_as_staff(page)
    page.locator("#company-name").wait_for()
    if not _save_stripe_keys(page):
        expect(page.locator("#payments-notice")).to_contain_text("two-factor")
        set_up_two_factor_in_my_account(page)
        assert _save_stripe_keys(page)
    page.locator("#stripe-activated").wait_for()


def wait_for_email(fake: FakeResend, address: str, subject_part: str, seconds: float = 30):
    """The newest email to `address` whose subject contains `subject_part`, once the app has sent it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in reversed(fake.inbox(address)):
            if subject_part in message.subject:
                return message
        time.sleep(0.25)
    raise AssertionError(f"no email to {address} containing {subject_part!r}; got {fake.inbox(address)}")


def screenshot(page: Page, name: str) -> Path:
    """Keep a picture of what the test saw (test-artifacts/, not committed) for a person to look at."""
    path = PROJECT_ROOT / "test-artifacts" / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


AXE = PROJECT_ROOT / ".tools/node_modules/axe-core/axe.min.js"


FINITE_ANIMATIONS_FINISHED = """() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect.getComputedTiming().iterations !== Infinity)
    .map(animation => animation.finished.catch(() => null)))"""


def serious_accessibility_problems(page: Page) -> list[str]:
    """axe-core's violations of serious or critical impact on the page as it stands, one line each."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: `make test` installs it into .tools/")
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # judge the page at rest, not whatever the last tap left under the pointer
    page.evaluate(FINITE_ANIMATIONS_FINISHED)  # nor a toast half faded in, whose text is still pale
    # Evaluated through DevTools rather than added as a <script>: the page's CSP rightly refuses inline scripts.
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['html'][:120]} "
        f"{violation['nodes'][0]['any'][0]['message'][:160] if violation['nodes'][0]['any'] else ''}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def overflows_sideways(page: Page) -> bool:
    """Whether the page is wider than the window (a table or form running off a phone's screen)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
