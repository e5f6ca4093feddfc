"""The Pay Now and AutoPay handlers as a browser calls them: the owner pays; another customer who sends
the first one's invoice, card or PaymentIntent ids gets nothing, charges nothing and learns nothing."""

import pytest
from sqlmodel import select

from customer_portal.models import CompanyProfile, Invoice, InvoiceStatus, SavedPaymentMethod
from customer_portal.state.portal_cards import PortalCardsState
from customer_portal.state.portal_pay import PortalPayReturnState, PortalPayState
from tests.factories import make_open_invoice, make_portal_customer, make_staff, save_card
from tests.services.test_pay_now import assert_money_matches
from tests.state_harness import new_state, open_page, run_handler, send_cookies, whole_client_state


@pytest.fixture
def world(session, stripe):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session)
    ana_customer, ana, ana_token = make_portal_customer(session, name="Ana Alpha")
    bo_customer, bo, bo_token = make_portal_customer(session, name="Bo Beta")
    ana_card = save_card(session, stripe, ana)
    save_card(session, stripe, bo, "pm_card_mastercard")
    ana_invoices = [
        make_open_invoice(session, staff=staff, customer_id=ana_customer.id, amount=a) for a in ("70", "30")
    ]
    bo_invoice = make_open_invoice(session, staff=staff, customer_id=bo_customer.id, amount="55")
    numbers = [session.get(Invoice, i).number for i in ana_invoices]
    session.commit()
    return {
        "ana": (ana_token, ana_invoices, ana_card),
        "bo": (bo_token, bo_invoice),
        "ana_markers": ["Ana Alpha", ana.email, *numbers, "Visa •••• 4242"],
    }


def _state(cls, token, **params):
    state = new_state(cls)
    send_cookies(state, portal_token=token)
    state.slug = "bluewater"
    open_page(state, portal="bluewater", **params)
    return state


async def test_the_customer_pays_two_invoices_through_the_handlers(session, stripe, world):
    token, (first, second), card = world["ana"]
    state = _state(PortalPayState, token)
    await run_handler(state, "load_pay")
    assert sorted(state.selected) == [first, second] and state.selected_total == "$100.00"
    assert state.card_id == str(card) and state.card_label == "Visa •••• 4242"
    await run_handler(state, "ask_to_confirm")
    assert state.confirming
    await run_handler(state, "pay")
    assert [r.result for r in state.results] == ["paid", "paid"]
    assert (state.selected, state.invoices, state.paying, state.confirming) == ([], [], False, False)
    await run_handler(state, "pay")  # a second click after the first finished: nothing chosen, nothing charged
    assert len(stripe.succeeded_intents()) == 2
    text = whole_client_state(state)
    assert "pm_fake" not in text and "cus_fake" not in text and "portal-attempt-" not in text
    assert_money_matches(session, stripe)


async def test_an_invoice_link_preselects_only_that_invoice(session, stripe, world):
    token, (first, _), _ = world["ana"]
    state = _state(PortalPayState, token, invoice=str(first))
    await run_handler(state, "load_pay")
    assert state.selected == [first] and state.selected_total == "$70.00"


async def test_another_customers_ids_get_nothing(session, stripe, world):
    _, ana_invoices, ana_card = world["ana"]
    bo_token, bo_invoice = world["bo"]
    state = _state(PortalPayState, bo_token, invoice=str(ana_invoices[0]))
    await run_handler(state, "load_pay")
    assert state.selected == [bo_invoice]
    await run_handler(state, "toggle_invoice", ana_invoices[0])
    assert state.selected == [bo_invoice]
    # A hand-made event with Ana's invoice and card (Reflex lets any client send any values).
    state.selected, state.card_id = [ana_invoices[0]], str(ana_card)
    await run_handler(state, "pay")
    assert state.notice == "Choose one of your saved cards."
    state.card_id = ""
    await run_handler(state, "load_pay")
    state.selected = [ana_invoices[0]]
    state.card_id = str(state.cards[0].id)  # Bo's own card, Ana's invoice
    await run_handler(state, "pay")
    assert [(r.result, r.invoice_number) for r in state.results] == [("refused", "")]
    returned = _state(PortalPayReturnState, bo_token, payment_intent="pi_fake000001")
    await run_handler(returned, "finish")
    assert returned.problem == "That payment is not available."
    cards = _state(PortalCardsState, bo_token)
    await run_handler(cards, "load_cards")
    cards.autopay_choice = str(ana_card)
    await run_handler(cards, "set_autopay", True)
    assert cards.notice == "Choose one of your saved cards for AutoPay."
    await run_handler(cards, "ask_to_remove", ana_card)
    assert cards.removing == []
    session.commit()
    assert stripe.succeeded_intents() == []
    assert session.get(Invoice, ana_invoices[0]).status == InvoiceStatus.OPEN
    text = whole_client_state(state) + whole_client_state(returned) + whole_client_state(cards)
    assert [marker for marker in world["ana_markers"] if marker in text] == []


async def test_autopay_on_and_removing_its_card_asks_first(session, stripe, world):
    token, _, card = world["ana"]
    state = _state(PortalCardsState, token)
    await run_handler(state, "load_cards")
    assert state.autopay_choice == str(card) and not state.autopay.enabled
    await run_handler(state, "set_autopay", True)
    assert state.autopay.enabled and state.cards[0].is_autopay and state.notice == "AutoPay is on."
    await run_handler(state, "ask_to_remove", card)
    assert [c.id for c in state.removing] == [card]  # the question, with the AutoPay warning, is open
    await run_handler(state, "cancel_remove")
    assert state.removing == [] and len(state.cards) == 1
    await run_handler(state, "ask_to_remove", card)
    await run_handler(state, "remove_card")
    assert state.notice == "The card was removed. AutoPay is now off."
    assert state.cards == [] and not state.autopay.enabled
    session.commit()
    assert session.exec(select(SavedPaymentMethod).where(SavedPaymentMethod.id == card)).first() is None
