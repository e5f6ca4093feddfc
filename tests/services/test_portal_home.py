"""The portal's home at a glance: the balance and Pay Now, all paid with the AutoPay card, the last visit as its
page shows it, quotes waiting; each part only while its section is shown, and only the customer's own."""

from dataclasses import replace

from sqlmodel import select

from customer_portal.models import PortalSettings, ServiceLocation
from customer_portal.services.billing import invoice_actions, quotes
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.payments import autopay
from customer_portal.services.portal.portal_home import portal_home
from customer_portal.services.visits import visits
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import VisitForm
from tests.factories import (
    image_bytes,
    make_open_invoice,
    make_portal_customer,
    make_staff,
    next_event_identity,
    save_card,
)


def _visit(
    session, staff, customer_id: int, day: str, readings: dict[str, str], photos: int = 0, at: str = "09:30"
) -> int:
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer_id)).one()
    form = VisitForm(pool.id, day, at, technician_name="Sam Ortiz", readings=readings)
    uploads = [UploadedPhoto(f"p{n}.jpg", image_bytes((16, 16))) for n in range(photos)]
    visit_id = visits.record_visit(session, staff=staff, form=form, photos=uploads)
    session.commit()
    return visit_id


def _sent_quote(session, staff, customer_id: int) -> int:
    draft = QuoteDraft(customer_id=customer_id, title="New pump", lines=[LineInput("Pump", "1", "900.00")])
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    quotes.send_quote(session, staff=staff, quote_id=quote_id)
    session.commit()
    return quote_id


def test_what_is_owed_with_pay_now_the_last_visit_and_quotes_waiting(session, stripe):
    staff = make_staff(session)
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    _, bo, _ = make_portal_customer(session, name="Bo Beta")
    make_open_invoice(session, staff=staff, customer_id=ana.customer_id, amount="120.00")
    make_open_invoice(session, staff=staff, customer_id=ana.customer_id, amount="30.50")
    make_open_invoice(session, staff=staff, customer_id=bo.customer_id, amount="999.00")
    _visit(session, staff, ana.customer_id, "2026-10-01", {"ph": "7.5"})
    latest = _visit(session, staff, ana.customer_id, "2026-11-02", {"ph": "8.2", "free_chlorine_ppm": "3"}, photos=2)
    _visit(session, staff, bo.customer_id, "2026-11-20", {"ph": "7.4"})
    _sent_quote(session, staff, ana.customer_id)
    _sent_quote(session, staff, bo.customer_id)
    ana = next_event_identity(session, ana)  # Stripe is on: Pay Now is offered

    home = portal_home(session, customer=ana)
    assert (home.shows_balance, home.balance, home.owes, home.can_pay) == (True, "$150.50", True, True)
    assert home.autopay_card == "" and home.quotes_waiting == 1
    visit = home.last_visit
    assert visit is not None and visit.id == latest and visit.completed.startswith("Nov 2, 2026")
    assert (visit.technician, visit.readings_shown, visit.out_of_range) == ("Sam Ortiz", 2, ["pH"])
    assert visit.photo_id == visits.get_visit(session, visit_id=latest).photo_ids[0]

    assert not portal_home(session, customer=replace(ana, read_only=True)).can_pay  # viewing as the customer


def test_all_paid_shows_the_autopay_card(session, stripe):
    staff = make_staff(session)
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    ana = next_event_identity(session, ana)
    invoice_id = make_open_invoice(session, staff=staff, customer_id=ana.customer_id, amount="45.00")
    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=invoice_id, payment=ManualPayment("check", "45.00", "")
    )
    autopay.turn_on(session, customer=ana, card_id=save_card(session, stripe, ana))
    session.commit()

    home = portal_home(session, customer=ana)
    assert (home.balance, home.owes, home.can_pay) == ("$0.00", False, False)
    assert home.autopay_card == "Visa •••• 4242" and home.last_visit is None and home.quotes_waiting == 0


def test_each_part_follows_its_section_and_switches(session):
    staff = make_staff(session)
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    make_open_invoice(session, staff=staff, customer_id=ana.customer_id, amount="80.00")
    _visit(session, staff, ana.customer_id, "2026-11-02", {"ph": "8.2"}, photos=1)
    _sent_quote(session, staff, ana.customer_id)
    portal = session.exec(select(PortalSettings)).one()
    portal.include_photos = portal.include_water_readings = False
    session.add(portal)
    session.commit()

    home = portal_home(session, customer=next_event_identity(session, ana))
    assert home.owes and not home.can_pay  # no Stripe: nothing to pay with online
    assert home.last_visit is not None and (home.last_visit.readings_shown, home.last_visit.photo_id) == (0, 0)

    portal.include_invoices = portal.include_service_history = portal.include_quotes = False
    session.add(portal)
    session.commit()
    hidden = portal_home(session, customer=next_event_identity(session, ana))
    assert (hidden.shows_balance, hidden.owes, hidden.last_visit, hidden.quotes_waiting) == (False, False, None, 0)


def test_the_next_visit_of_each_scheduled_pool(session):
    from datetime import timedelta

    from customer_portal.domain.clock import local_day, utcnow
    from customer_portal.domain.schedule import ServiceSchedule
    from customer_portal.services.customers import pool_schedules

    staff = make_staff(session)
    _, ana, _ = make_portal_customer(session, name="Ana Ruiz")
    assert portal_home(session, customer=ana).next_visits == []  # no schedule yet
    today = local_day(utcnow(), "America/Phoenix")
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == ana.customer_id)).one()
    pool_schedules.store(pool, ServiceSchedule(today.weekday(), 2, today - timedelta(days=14)))
    session.add(pool)
    session.commit()
    (upcoming,) = portal_home(session, customer=ana).next_visits
    assert upcoming.day == f"{today:%A}, {today:%B} {today.day}, {today.year}"  # today is a service day
    assert upcoming.schedule == f"Every other {today:%A}" and upcoming.pool == pool.address

    _visit(session, staff, ana.customer_id, today.isoformat(), {}, at="00:00")  # today's is done: two weeks on
    after = today + timedelta(days=14)
    (upcoming,) = portal_home(session, customer=ana).next_visits
    assert upcoming.day == f"{after:%A}, {after:%B} {after.day}, {after.year}"
