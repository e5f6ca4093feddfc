"""Customer B, signed in, uses customer A's ids with every portal handler: B gets nothing of A's, changes
nothing, and the state sent to B's browser holds no other customer's data, no secrets. The pages are read from
the app's registered routes, so a new portal page is in this matrix without anyone adding it."""

from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.schedule import ServiceSchedule
from customer_portal.models import (
    AuthToken,
    CompanyProfile,
    Payment,
    PortalLogin,
    Quote,
    QuoteStatus,
    ServiceLocation,
    TokenPurpose,
    UserSession,
)
from customer_portal.services.accounts import auth_tokens
from customer_portal.services.accounts.passwords import hash_password
from customer_portal.services.billing import invoice_actions, quotes
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.customers import pool_schedules
from customer_portal.services.portal import portal_requests, portal_schedule
from customer_portal.services.portal.portal_quotes import CustomerQuote
from customer_portal.services.portal.portal_requests import RequestForm
from customer_portal.services.portal.portal_schedule import HoldRequest
from customer_portal.services.visits import holds, visits
from customer_portal.services.visits.photo_upload import UploadedPhoto
from customer_portal.services.visits.visits import VisitForm
from customer_portal.state.portal import PortalState
from customer_portal.state.portal_billing import (
    PortalInvoiceState,
    PortalReceiptState,
)
from customer_portal.state.portal_quotes import PortalQuoteState
from customer_portal.state.portal_visits import PortalHistoryState
from customer_portal.state.schedule import PortalUpcomingState
from tests.factories import image_bytes, make_draft_invoice, make_portal_customer, make_staff
from tests.page_routes import PARAMETER, is_customer_page, page_routes
from tests.state_harness import new_state, open_page, run_handler, send_cookies, whole_client_state

SECRET_NOTE = "Ana-only gate code 4512"
SECRET_TITLE = "Ana-only heater quote"
SECRET_PAUSE = "Ana-only trip to Lisbon"
SECRET_REQUEST = "Ana-only: the skimmer lid by the dog door is cracked"


@pytest.fixture
def world(session):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session)
    ana_customer, ana, ana_token = make_portal_customer(session, name="Ana Alpha")
    _, bo, bo_token = make_portal_customer(session, name="Bo Beta")
    invoice_id = make_draft_invoice(session, staff=staff, customer=ana_customer)
    number = invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
    payment_id = invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=invoice_id, payment=ManualPayment("check", "10.00", "", "Check #555")
    )
    draft = QuoteDraft(customer_id=ana_customer.id, title=SECRET_TITLE, lines=[LineInput("Heater", "1", "3000")])
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    quotes.send_quote(session, staff=staff, quote_id=quote_id)
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == ana_customer.id)).one()
    form = VisitForm(pool.id, "2026-11-01", "09:00", technician_name="Sam", notes_for_customer=SECRET_NOTE)
    visit_id = visits.record_visit(
        session, staff=staff, form=form, photos=[UploadedPhoto("p.jpg", image_bytes((16, 16)))]
    )
    today = holds.today_for(session)
    pool_schedules.store(pool, ServiceSchedule(today.weekday(), 1, today))
    session.add(pool)
    portal_schedule.request_hold(
        session,
        customer=ana,
        request=HoldRequest(pool.id, str(today + timedelta(days=1)), str(today + timedelta(days=3)), SECRET_PAUSE),
    )
    request_id = portal_requests.submit(
        session,
        customer=ana,
        form=RequestForm(pool.id, "repair", SECRET_REQUEST, [1]),
        photos=[UploadedPhoto("lid.jpg", image_bytes((16, 16)))],
    )
    invite = auth_tokens.issue(session, purpose=TokenPurpose.INVITE, customer_email_id=bo.email_id)
    for login in session.exec(select(PortalLogin)):  # real hashes, so a leak of one would be found
        login.password_hash = hash_password("tide-pool-sunrise-9", cost=4)
        session.add(login)
    session.commit()
    secrets = [
        ana_token,
        invite,
        *session.exec(select(AuthToken.token_hash)),
        *session.exec(select(UserSession.token_hash)),
    ]
    secrets += list(session.exec(select(PortalLogin.password_hash)))
    session.commit()  # end the read: on SQLite it holds the write lock the handlers need
    return {
        "bo_token": bo_token,
        "ana_token": ana_token,
        "ids": {
            "invoice_id": invoice_id,
            "payment_id": payment_id,
            "quote_id": quote_id,
            "visit_id": visit_id,
            "pool": pool.id,
            "request_id": request_id,
        },
        "ana_markers": [
            ana.customer_name,
            ana.email,
            number,
            SECRET_TITLE,
            SECRET_NOTE,
            "Check #555",
            SECRET_PAUSE,
            SECRET_REQUEST,
        ],
        "secrets": secrets,
    }


def _customer_page_loads() -> list[tuple[type, str, set[str]]]:
    """Every customer page the app registers (read from routes.py) and what its on_load runs after the portal's
    own check, with the ids its address carries: a new portal page is tested without anyone listing it."""
    import customer_portal.customer_portal as portal_app

    states = {state.__name__: state for state in _all_states(PortalState)}
    cases = []
    for route in page_routes():
        if not is_customer_page(route):
            continue
        for handler in portal_app.app._load_events.get(route.lstrip("/"), []):
            owner, _, name = handler.fn.__qualname__.rpartition(".")
            if owner != "PortalState":  # open_portal: public branding, checked elsewhere
                cases.append((states[owner], name, set(PARAMETER.findall(route)) - {"portal"}))
    return cases


def _all_states(state: type) -> list[type]:
    found = [state]
    for substate in state.get_substates():
        found += _all_states(substate)
    return found


CASES = _customer_page_loads()


def _as_bo(world, state_class):
    state = new_state(state_class)
    send_cookies(state, portal_token=world["bo_token"])
    state.slug = "bluewater"
    return state


def _assert_clean(world, state) -> None:
    text = whole_client_state(state)
    leaked = [marker for marker in world["ana_markers"] + world["secrets"] if marker and marker in text]
    assert leaked == []


@pytest.mark.parametrize(("state_class", "handler", "params"), CASES, ids=[f"{c.__name__}.{h}" for c, h, _ in CASES])
async def test_customer_b_gets_nothing_of_customer_as(session, world, state_class, handler, params):
    state = _as_bo(world, state_class)
    open_page(state, **{name: str(world["ids"][name]) for name in params})
    await run_handler(state, handler)
    if params:
        assert state.missing
    _assert_clean(world, state)


DETAIL_CASES = [case for case in CASES if case[2]]


@pytest.mark.parametrize(
    ("state_class", "handler", "params"), DETAIL_CASES, ids=[c.__name__ for c, _, _ in DETAIL_CASES]
)
@pytest.mark.parametrize("wrong", ["2147483648", "9" * 30, "²"])
async def test_an_id_no_integer_column_holds_is_not_found(session, world, state_class, handler, params, wrong):
    """PostgreSQL answers an id past its INTEGER with an error, not "no such row"."""
    state = _as_bo(world, state_class)
    open_page(state, **dict.fromkeys(params, wrong))
    await run_handler(state, handler)
    assert state.missing


async def test_b_cannot_answer_as_quote(session, world):
    state = _as_bo(world, PortalQuoteState)
    state.quote = CustomerQuote(id=world["ids"]["quote_id"])  # a forged page: A's quote id, through setvar
    state.answering, state.signature = "approve", "Bo Beta"
    await run_handler(state, "submit_answer")
    assert "not available" in state.form_error
    assert session.get(Quote, world["ids"]["quote_id"]).status == QuoteStatus.SENT
    _assert_clean(world, state)


async def test_b_cannot_choose_as_pool(session, world):
    state = _as_bo(world, PortalHistoryState)
    await run_handler(state, "load_history")
    await run_handler(state, "set_pool", str(world["ids"]["pool"]))
    assert state.pool == "all"
    _assert_clean(world, state)


async def test_a_payment_of_as_is_untouched(session, world):
    state = _as_bo(world, PortalReceiptState)
    open_page(state, payment_id=str(world["ids"]["payment_id"]))
    await run_handler(state, "load_receipt")
    assert state.receipt is None and session.get(Payment, world["ids"]["payment_id"]).amount_cents == 1000


async def test_the_owner_does_see_their_invoice(session, world):
    """The control: the same handler, as A, shows exactly what B must not see."""
    state = new_state(PortalInvoiceState)
    send_cookies(state, portal_token=world["ana_token"])
    state.slug = "bluewater"
    open_page(state, invoice_id=str(world["ids"]["invoice_id"]))
    await run_handler(state, "load_invoice")
    text = whole_client_state(state)
    assert not state.missing and world["ana_markers"][2] in text and "Check #555" in text


async def test_the_owner_does_see_their_pause(session, world):
    """The control for the upcoming-visits page: A's own pause request is there for A."""
    state = new_state(PortalUpcomingState)
    send_cookies(state, portal_token=world["ana_token"])
    state.slug = "bluewater"
    await run_handler(state, "load_upcoming")
    assert SECRET_PAUSE in whole_client_state(state)
