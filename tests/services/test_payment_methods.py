"""Saved cards through Stripe Checkout (setup mode), against the fake Stripe with the real SDK."""

import pytest
from sqlmodel import select

from customer_portal.models import PaymentSettings, SavedPaymentMethod
from customer_portal.services.errors import NotAuthorized, ServiceError
from customer_portal.services.payments import payment_methods
from tests.factories import make_portal_customer, next_event_identity


def _add_card(session, stripe, customer, card="pm_card_visa") -> str:
    url = payment_methods.start_adding_card(session, customer=customer, portal_slug="bluewater")
    session.commit()
    session_id = url.rsplit("/", 1)[1]
    success = stripe.complete_checkout(session_id, card)
    assert success.endswith(f"/bluewater/payment-methods/added?session_id={session_id}")
    label = payment_methods.finish_adding_card(session, customer=customer, checkout_session_id=session_id)
    session.commit()
    return session_id, label


def test_add_cards_through_checkout_first_is_default(session, stripe):
    _, customer, _ = make_portal_customer(session, name="Card Holder")
    session_id, label = _add_card(session, stripe, customer)
    assert label == "Visa •••• 4242"
    _add_card(session, stripe, customer, "pm_card_mastercard")
    cards = payment_methods.list_cards(session, customer=customer)
    assert [(c.label, c.expires, c.is_default) for c in cards] == [
        ("Visa •••• 4242", "12/2030", True),
        ("Mastercard •••• 4444", "12/2030", False),
    ]
    assert len(stripe.customers) == 1  # one Stripe customer, reused
    # Reloading the return page stores nothing twice.
    payment_methods.finish_adding_card(session, customer=customer, checkout_session_id=session_id)
    session.commit()
    assert len(session.exec(select(SavedPaymentMethod)).all()) == 2


def test_an_unfinished_or_someone_elses_checkout_is_refused(session, stripe):
    _, ana, _ = make_portal_customer(session, name="Ana")
    _, bo, _ = make_portal_customer(session, name="Bo")
    url = payment_methods.start_adding_card(session, customer=ana, portal_slug="bluewater")
    session.commit()
    session_id = url.rsplit("/", 1)[1]
    with pytest.raises(ServiceError, match="not saved"):
        payment_methods.finish_adding_card(session, customer=ana, checkout_session_id=session_id)
    stripe.complete_checkout(session_id)
    with pytest.raises(ServiceError, match="not available"):
        payment_methods.finish_adding_card(session, customer=bo, checkout_session_id=session_id)
    with pytest.raises(ServiceError, match="not available"):
        payment_methods.finish_adding_card(session, customer=ana, checkout_session_id="cs_test_made_up")


def test_default_and_remove_detach_in_stripe(session, stripe):
    _, customer, _ = make_portal_customer(session)
    _add_card(session, stripe, customer)
    _add_card(session, stripe, customer, "pm_card_mastercard")
    first, second = payment_methods.list_cards(session, customer=customer)
    payment_methods.make_default(session, customer=customer, card_id=second.id)
    session.commit()
    assert [c.is_default for c in payment_methods.list_cards(session, customer=customer)] == [True, False]
    payment_methods.remove_card(session, customer=customer, card_id=second.id)
    session.commit()
    remaining = payment_methods.list_cards(session, customer=customer)
    assert [(c.id, c.is_default) for c in remaining] == [(first.id, True)]
    detached = [m for m in stripe.payment_methods.values() if m["customer"] is None]
    assert [m["card"]["last4"] for m in detached] == ["4444"]


def test_another_customers_card_cannot_be_touched(session, stripe):
    _, ana, _ = make_portal_customer(session, name="Ana")
    _, bo, _ = make_portal_customer(session, name="Bo")
    _add_card(session, stripe, ana)
    card = payment_methods.list_cards(session, customer=ana)[0]
    for action in (payment_methods.make_default, payment_methods.remove_card):
        with pytest.raises(ServiceError, match="not available"):
            action(session, customer=bo, card_id=card.id)
    assert payment_methods.list_cards(session, customer=bo) == []
    assert len(payment_methods.list_cards(session, customer=ana)) == 1


def test_no_card_features_without_stripe(session, stripe):
    _, customer, _ = make_portal_customer(session)
    session.delete(session.exec(select(PaymentSettings)).one())
    session.commit()
    with pytest.raises(NotAuthorized):
        payment_methods.list_cards(session, customer=next_event_identity(session, customer))
