"""A protected staff handler called without a live session changes nothing and returns nothing."""

from datetime import timedelta

import pytest

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.services.accounts import staff_auth
from customer_portal.services.demo.demo_data import seed_demo
from customer_portal.state.customer_list import CustomerListState
from customer_portal.state.staff import DashboardState, StaffState
from tests.factories import STAFF_PASSWORD, make_staff
from tests.state_harness import is_redirect_to, new_state, public_values, run_handler, send_cookies


def _token(session, staff, *, at=None, revoke=False):
    token = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a", now=at).token
    if revoke:
        staff_auth.sign_out(session, token=token)
    session.commit()
    return token


@pytest.fixture
def books(session):
    """A company with money in it, so that a leak would show."""
    seed_demo(session, customers=6, history_weeks=4, photo_customers=0, bcrypt_cost=4)
    session.commit()
    return make_staff(session)


DENIED = {
    "no session": lambda session, staff: "",
    "made-up token": lambda session, staff: "forged-token-value",
    "idle-expired session": lambda session, staff: _token(session, staff, at=utcnow() - timedelta(hours=13)),
    "absolutely expired session": lambda session, staff: _token(session, staff, at=utcnow() - timedelta(days=15)),
    "revoked session": lambda session, staff: _token(session, staff, revoke=True),
}


@pytest.mark.parametrize("case", DENIED)
@pytest.mark.parametrize(
    ("state_class", "handler"), [(DashboardState, "load_dashboard"), (CustomerListState, "load_customers")]
)
async def test_denied_handlers_return_only_a_redirect_and_no_data(session, books, case, state_class, handler):
    state = new_state(state_class, staff_token=DENIED[case](session, books))
    before = public_values(state)
    events = await run_handler(state, handler)
    assert len(events) == 1 and is_redirect_to(events[0], routes.STAFF_SIGN_IN)
    # Nothing was loaded.
    assert public_values(state) == before
    assert not state.is_signed_in


async def test_a_session_that_dies_takes_what_was_shown_with_it(session, books):
    token = _token(session, books)
    state = new_state(DashboardState, staff_token=token)
    await run_handler(state, "load_dashboard")
    assert state.staff_email == books.email and state.summary.active_customers == 6
    staff_auth.sign_out(session, token=token)
    session.commit()
    events = await run_handler(state, "load_dashboard")
    assert is_redirect_to(events[0], routes.STAFF_SIGN_IN)
    assert state.staff_email == "" and state.staff_name == "" and state.summary.active_customers == 0


async def test_a_live_session_loads_the_dashboard(session, books):
    state = new_state(DashboardState, staff_token=_token(session, books))
    assert await run_handler(state, "load_dashboard") == []
    assert state.staff_email == books.email and state.is_signed_in
    assert state.summary.company_name == "Bluewater Pool Care"
    assert state.summary.active_customers == 6


async def test_sign_out_revokes_the_session_server_side(session, books):
    token = _token(session, books)
    state = new_state(StaffState, staff_token=token)
    assert await run_handler(state, "sign_out") == []
    # The browser loads the route that clears its HttpOnly cookie, then the sign-in page.
    assert state.page_load_target == routes.session_end("staff", routes.STAFF_SIGN_IN)
    # A copy of the old cookie is worthless now.
    assert staff_auth.current_staff(session, token=token) is None


async def test_portal_home_needs_a_customer_session_and_shows_invoices_only_with_send_invoices(session):
    from sqlmodel import select

    from customer_portal.models import CustomerEmail, PortalLogin, PortalSettings, SessionKind
    from customer_portal.services.accounts import sessions
    from customer_portal.state.portal import PortalHomeState
    from tests.factories import make_customer

    session.add(PortalSettings(enabled=True, slug="bluewater"))
    customer = make_customer(session, emails=2)
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer.id).order_by(CustomerEmail.id)
    ).all()
    emails[1].send_invoices = False
    tokens = []
    for email in emails:
        login = PortalLogin(customer_email_id=email.id, password_hash="x")
        session.add(login)
        session.flush()
        tokens.append(sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id))
    session.commit()

    anonymous = new_state(PortalHomeState)
    events = await run_handler(anonymous, "load_home")
    assert anonymous.tabs == [] and "sign-in" in repr(events[0])

    tab_keys = []
    for token in tokens:
        state = new_state(PortalHomeState)
        send_cookies(state, portal_token=token)
        await run_handler(state, "load_home")
        tab_keys.append([tab.key for tab in state.tabs])
    assert "invoices" in tab_keys[0] and "invoices" not in tab_keys[1]
    assert "quotes" in tab_keys[1]


async def test_a_section_switched_off_has_no_page(session):
    from sqlmodel import select

    from customer_portal.models import CustomerEmail, PortalLogin, PortalSettings, SessionKind
    from customer_portal.services.accounts import sessions
    from customer_portal.state.portal import PortalContactState
    from tests.factories import make_customer

    portal = PortalSettings(enabled=True, slug="bluewater")
    session.add(portal)
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == make_customer(session).id)).one()
    login = PortalLogin(customer_email_id=email.id, password_hash="x")
    session.add(login)
    session.flush()
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
    session.commit()

    state = new_state(PortalContactState)
    send_cookies(state, portal_token=token)
    state.slug = "bluewater"
    assert await run_handler(state, "load_contact") == []
    portal.include_contact_us = False
    session.add(portal)
    session.commit()
    events = await run_handler(state, "load_contact")
    assert is_redirect_to(events[0], "/bluewater")


@pytest.mark.parametrize(
    ("module", "state_name", "handler", "switch"),
    [
        ("customer_portal.state.portal_billing", "PortalInvoicesState", "load_invoices", "include_invoices"),
        ("customer_portal.state.portal_billing", "PortalPaymentsState", "load_payments", "include_payments"),
        ("customer_portal.state.portal_quotes", "PortalQuotesState", "load_quotes", "include_quotes"),
        ("customer_portal.state.portal_visits", "PortalHistoryState", "load_history", "include_service_history"),
        ("customer_portal.state.portal_cards", "PortalCardsState", "load_cards", "include_payment_methods"),
    ],
)
async def test_a_hidden_sections_handlers_refuse_with_a_message_not_a_crash(
    session, module, state_name, handler, switch
):
    import importlib

    from sqlmodel import select

    from customer_portal.models import PortalSettings
    from tests.factories import make_portal_customer

    _, _, token = make_portal_customer(session)
    portal = session.exec(select(PortalSettings)).one()
    setattr(portal, switch, False)
    session.add(portal)
    session.commit()
    state = new_state(getattr(importlib.import_module(module), state_name))
    send_cookies(state, portal_token=token)
    state.slug = "bluewater"
    events = await run_handler(state, handler)
    # The page says so in place of its content (a toast over an empty page was a dead end).
    assert events == [] and state.unavailable == "This part of the portal is not available."
    assert getattr(state, "rows", getattr(state, "cards", [])) == []
