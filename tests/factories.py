"""Build test data with real services and models. Passwords hash at bcrypt cost 4 to keep tests fast."""

from __future__ import annotations

from itertools import count

from sqlmodel import Session

from customer_portal.models import Customer, CustomerEmail, CustomerStatus, ServiceLocation, StaffRole
from customer_portal.services.accounts import staff_auth

FAST_BCRYPT_COST = 4
STAFF_PASSWORD = "tide-pool-sunrise-9"
_sequence = count(1)


def make_staff(
    session: Session, *, email: str | None = None, role: StaffRole = StaffRole.OWNER, password: str = STAFF_PASSWORD
) -> staff_auth.StaffIdentity:
    identity = staff_auth.create_staff_user(
        session,
        email=email or f"staff{next(_sequence)}@pools.example",
        password=password,
        name="Test Staff",
        role=role,
        bcrypt_cost=FAST_BCRYPT_COST,
    )
    session.commit()
    return identity


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
