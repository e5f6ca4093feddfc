"""Build test data with real services and models. Passwords hash at bcrypt cost 4 to keep tests fast."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pyotp
from sqlmodel import Session

from customer_portal.domain.clock import utcnow
from customer_portal.models import (
    Customer,
    CustomerEmail,
    CustomerStatus,
    ServiceLocation,
    SessionKind,
    StaffRole,
    StaffUser,
)
from customer_portal.services.accounts import sessions, staff_auth, two_factor_account
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.secrets_box import open_sealed

FAST_BCRYPT_COST = 4
STAFF_PASSWORD = "tide-pool-sunrise-9"
_sequence = count(1)


def make_staff(
    session: Session,
    *,
    email: str | None = None,
    role: StaffRole = StaffRole.OWNER,
    password: str = STAFF_PASSWORD,
    two_factor: bool = False,
) -> StaffIdentity:
    """A staff member; with `two_factor`, set up through My account's service (see `authenticator`)."""
    identity = staff_auth.create_staff_user(
        session,
        email=email or f"staff{next(_sequence)}@pools.example",
        password=password,
        name="Test Staff",
        role=role,
        bcrypt_cost=FAST_BCRYPT_COST,
    )
    if two_factor:
        prompt = two_factor_account.begin_setup(session, staff=identity)
        code = pyotp.TOTP(prompt.secret.replace(" ", "")).now()
        two_factor_account.confirm_setup(session, staff=identity, code=code, session_token="")
    session.commit()
    return identity


def signed_in_token(session: Session, staff: StaffIdentity) -> str:
    """A session as a whole sign-in leaves it (second factor passed), for tests about what comes after."""
    token = sessions.start_session(session, kind=SessionKind.STAFF, staff_user_id=staff.id, second_factor=True)
    session.commit()
    return token


def authenticator(session: Session, staff_id: int) -> pyotp.TOTP:
    """The staff member's authenticator app, as their phone would hold it. Its code for the step just used at
    setup is spent: tests take `next_code`."""
    user = session.get(StaffUser, staff_id)
    assert user is not None and user.totp_secret_sealed
    return pyotp.TOTP(open_sealed(user.totp_secret_sealed) or "")


def next_code(totp: pyotp.TOTP, steps: int = 1) -> str:
    """The code the app shows `steps` steps from now (accepted one step early; later than any code used so far)."""
    return totp.at(utcnow() + timedelta(seconds=30 * steps))


def make_customer(session: Session, *, name: str = "Pat Swimmer", emails: int = 1, pools: int = 1) -> Customer:
    customer = Customer(name=name, status=CustomerStatus.ACTIVE)
    session.add(customer)
    session.flush()
    for index in range(emails):
        number = next(_sequence)
        session.add(
            CustomerEmail(customer_id=customer.id, address=f"customer{number}@example.com", is_primary=index == 0)
        )
    for index in range(pools):
        session.add(ServiceLocation(customer_id=customer.id, address=f"{100 + index} Palm Way, Phoenix, AZ"))
    session.commit()
    return customer


def make_draft_invoice(
    session: Session, *, staff, customer: Customer, lines=(("Weekly service", "4", "45.00"),)
) -> int:
    from customer_portal.services.billing.invoice_actions import InvoiceDraft, save_draft
    from customer_portal.services.billing.line_items import LineInput

    draft = InvoiceDraft(customer_id=customer.id, lines=[LineInput(d, q, p) for d, q, p in lines])
    invoice_id = save_draft(session, staff=staff, invoice_id=None, draft=draft)
    session.commit()
    return invoice_id


def image_bytes(
    size: tuple[int, int] = (640, 480), image_format: str = "JPEG", *, gps: bool = False, color=(10, 120, 150)
) -> bytes:
    """A real image made with Pillow; with gps=True it carries EXIF with a camera make and a GPS position."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, color)
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        location = exif.get_ifd(0x8825)
        location[1], location[2] = "N", (33.0, 27.0, 12.5)
        options["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def make_portal_customer(
    session: Session, *, name: str = "Pat Swimmer", send_invoices: bool = True, slug: str = "bluewater"
):
    """A customer with one email, a portal login and a live portal session: (customer, CustomerIdentity, token)."""
    from sqlmodel import select

    from customer_portal.models import CustomerEmail, PortalLogin, PortalSettings, SessionKind
    from customer_portal.services.accounts import customer_auth, sessions

    if session.exec(select(PortalSettings)).first() is None:
        session.add(PortalSettings(enabled=True, slug=slug))
    customer = make_customer(session, name=name)
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).one()
    email.send_invoices = send_invoices
    login = PortalLogin(customer_email_id=email.id, password_hash="not used")
    session.add_all([email, login])
    session.flush()
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
    session.commit()
    return customer, customer_auth.current_customer(session, token=token), token


def next_event_identity(session: Session, identity):
    """The identity this customer's next portal event carries: every event checks the session again, and the
    sections it may see come with that check (so an identity from before a settings change is out of date)."""
    from customer_portal.models import SessionKind
    from customer_portal.services.accounts import customer_auth, sessions

    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=identity.login_id)
    session.commit()
    return customer_auth.current_customer(session, token=token)


def make_open_invoice(session: Session, *, staff, customer_id: int, amount: str = "120.00", due=None) -> int:
    """An issued invoice of one line for `amount`; `due` (a date) overrides the 30-day terms."""
    from customer_portal.models import Invoice
    from customer_portal.services.billing.invoice_actions import InvoiceDraft, issue_invoice, save_draft
    from customer_portal.services.billing.line_items import LineInput

    draft = InvoiceDraft(customer_id=customer_id, lines=[LineInput("Pool service", "1", amount)])
    invoice_id = save_draft(session, staff=staff, invoice_id=None, draft=draft)
    issue_invoice(session, staff=staff, invoice_id=invoice_id)
    if due is not None:
        invoice = session.get(Invoice, invoice_id)
        invoice.due_date = due
        session.add(invoice)
    session.commit()
    return invoice_id


def save_card(session: Session, fake_stripe, customer, card: str = "pm_card_visa") -> int:
    """A card saved the way a customer does it: Checkout in setup mode at the fake, then the return page."""
    from sqlmodel import select

    from customer_portal.models import SavedPaymentMethod
    from customer_portal.services.payments import payment_methods

    url = payment_methods.start_adding_card(session, customer=customer, portal_slug="bluewater")
    session.commit()
    session_id = url.rsplit("/", 1)[1]
    fake_stripe.complete_checkout(session_id, card)
    payment_methods.finish_adding_card(session, customer=customer, checkout_session_id=session_id)
    session.commit()
    return session.exec(
        select(SavedPaymentMethod.id)
        .where(SavedPaymentMethod.customer_id == customer.customer_id)
        .order_by(SavedPaymentMethod.id.desc())
    ).first()
