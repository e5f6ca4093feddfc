"""`make demo`: the app as `make run` starts it, with card payments and email working and nothing leaving this
machine: the project's fake Stripe and fake Resend (the same ones the tests use) run beside it.

The app imports nothing from here. It is pointed at the fakes through the settings a self-hoster would use for
the real services (STRIPE_SECRET_KEY, STRIPE_API_BASE, RESEND_API_KEY, RESEND_API_URL), so what you try is the
app's own Stripe and Resend code. Refuses to start with APP_ENV=production.

    .venv/bin/python -m tests.fakes.demo
    .venv/bin/python -m tests.fakes.demo code    # the demo owner's two-factor code right now
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyotp

from tests.fakes.resend_server import FakeResend
from tests.fakes.stripe_server import GOOD_SECRET_KEY, TEST_BANKS, TEST_CARDS, FakeStripe

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_WEBHOOK_SECRET = "whsec_demo_0123456789"


def demo_environment(stripe: FakeStripe, resend: FakeResend) -> dict[str, str]:
    return {
        **os.environ,
        "STRIPE_SECRET_KEY": GOOD_SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": "pk_test_demo",
        "STRIPE_WEBHOOK_SECRET": DEMO_WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe.url,
        "RESEND_API_KEY": "re_demo_key",
        "RESEND_API_URL": resend.url,
    }


def demo_owner_key() -> str:
    """Owners sign in with two-factor while payments are activated, as they are here: the demo owner gets it (set
    up through the app's own services) and this is the key an authenticator app needs. A demo on this machine
    only, which is why its key may be printed."""
    from sqlmodel import select

    from customer_portal.db import session_scope
    from customer_portal.models import StaffUser
    from customer_portal.services.accounts import two_factor_account
    from customer_portal.services.accounts.staff_identity import StaffIdentity
    from customer_portal.services.demo.demo_data import DEMO_OWNER_EMAIL
    from customer_portal.services.secrets_box import open_sealed

    with session_scope() as session:
        user = session.exec(select(StaffUser).where(StaffUser.email == DEMO_OWNER_EMAIL)).first()
        if user is None:
            return "(this database has no demo owner)"
        if user.totp_enabled_at is None:
            staff = StaffIdentity(id=user.id or 0, email=user.email, name=user.name, role=user.role)
            prompt = two_factor_account.begin_setup(session, staff=staff)
            code = pyotp.TOTP(prompt.secret.replace(" ", "")).now()
            two_factor_account.confirm_setup(session, staff=staff, code=code, session_token="")
        return open_sealed(user.totp_secret_sealed or "") or ""


def how_to_try(port: str, owner_key: str) -> str:
    cards = "\n".join(
        f"    {brand.title()} •••• {last4}  ({card})" for card, (brand, last4) in {**TEST_CARDS, **TEST_BANKS}.items()
    )
    return f"""
Payments and email are on, against local fakes (nothing is charged, nothing leaves this machine).

  1. Sign in at http://localhost:{port}/bluewater as maria.delgado@example.com / blue-lagoon-77.
  2. Payment Methods > Add a card or bank account: the fake Stripe Checkout page offers these:
{cards}
     Visa saves and pays; "chargeDeclined" is declined when charged; "authenticationRequired" asks for 3-D
     Secure, which its own page lets you approve or fail; the test bank's debits stay "Payment processing"
     (as real ones do for days; the fake clears them only when a test tells it to); "microdeposits" waits for
     the customer to confirm two small deposits.
  3. Turn AutoPay on with it, then Invoices > Pay Now: tick two invoices and pay; or "Pay with a new card or
     bank account" to enter one on the (fake) Checkout page just for this payment.
  4. Read the emails (receipts, notifications) in the office: http://localhost:{port}/staff/outbox,
     as owner@bluewater-pools.example / swim-lessons-42. Owners use two-factor while payments are on: add
     this key to an authenticator app, or print the current code with `python -m tests.fakes.demo code`:
       authenticator key: {owner_key}
"""


def main() -> int:
    if sys.argv[1:] == ["code"]:
        print(pyotp.TOTP(demo_owner_key()).now())
        return 0
    if os.environ.get("APP_ENV", "development").lower() == "production":
        print("make demo runs the app against fake Stripe and Resend; it refuses APP_ENV=production.", file=sys.stderr)
        return 2
    stripe, resend = FakeStripe().start(), FakeResend().start()
    environment = demo_environment(stripe, resend)
    python = sys.executable
    try:
        subprocess.run([python, "-m", "customer_portal.cli", "prepare"], env=environment, cwd=PROJECT_ROOT, check=True)
        print(how_to_try(environment.get("PORT", "3000"), demo_owner_key()), flush=True)
        reflex = str(Path(python).parent / "reflex")
        server = subprocess.Popen([reflex, "run", "--env", "prod"], env=environment, cwd=PROJECT_ROOT)
        try:
            return server.wait()
        except KeyboardInterrupt:
            server.terminate()
            return server.wait()
    finally:
        stripe.stop()
        resend.stop()


if __name__ == "__main__":
    sys.exit(main())
