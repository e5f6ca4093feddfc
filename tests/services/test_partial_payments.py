"""Paying part of an invoice: off until the office allows it; then one invoice at a time, from the office's
minimum (or the whole balance when less is owed) up to the balance; the invoice stays open for the rest."""

import pytest
from sqlmodel import select

from customer_portal.models import Invoice, InvoiceStatus, OutboxEmail
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.payments import pay_now, payment_settings
from tests.factories import make_staff
from tests.services.test_pay_now import _pay, assert_money_matches, payer  # noqa: F401  (a fixture)


def _pay_part(session, identity, invoice_ids, card_id, cents):
    session.commit()
    from customer_portal.db import session_scope

    return pay_now.pay_invoices(
        session_scope,
        customer=identity,
        invoice_ids=invoice_ids,
        card_id=card_id,
        portal_slug="bluewater",
        amount_cents=cents,
    )


def _allow(session, staff, minimum: str) -> None:
    payment_settings.save_partial_payments(session, staff=staff, allowed=True, minimum=minimum)
    session.commit()


def test_off_by_default_invoices_are_paid_whole(session, stripe, payer):  # noqa: F811
    identity, card_id, (first, _, _), _ = payer
    assert pay_now.pay_now_view(session, customer=identity).partial_minimum_cents is None
    with pytest.raises(ServiceError, match="paid in full"):
        _pay_part(session, identity, [first], card_id, 5000)
    assert stripe.succeeded_intents() == []


def test_part_now_and_the_rest_later(session, stripe, payer):  # noqa: F811
    identity, card_id, (first, _, _), staff = payer
    _allow(session, staff, "20.00")
    assert pay_now.pay_now_view(session, customer=identity).partial_minimum_cents == 2000
    (outcome,) = _pay_part(session, identity, [first], card_id, 5000)
    assert (outcome.result, outcome.amount) == ("paid", "$50.00")
    session.expire_all()
    invoice = session.get(Invoice, first)
    assert (invoice.status, invoice.amount_paid_cents) == (InvoiceStatus.OPEN, 5000)  # $70.00 still owed
    receipt = session.exec(select(OutboxEmail).where(OutboxEmail.template == "payment_receipt")).one()
    assert "Receipt: $50.00" in receipt.subject
    (outcome,) = _pay(session, identity, [first], card_id)  # the rest, whole
    assert outcome.amount == "$70.00"
    session.expire_all()
    assert session.get(Invoice, first).status == InvoiceStatus.PAID
    assert_money_matches(session, stripe)


@pytest.mark.parametrize(
    ("cents", "message"),
    [(1999, "Pay from $20.00 to $120.00 of this invoice."), (12001, "Pay from $20.00 to $120.00 of this invoice.")],
)
def test_below_the_minimum_or_above_the_balance_is_refused(session, stripe, payer, cents, message):  # noqa: F811
    identity, card_id, (first, _, _), staff = payer
    _allow(session, staff, "20.00")
    with pytest.raises(ValidationFailed) as refused:
        _pay_part(session, identity, [first], card_id, cents)
    assert refused.value.field_errors == {"amount": message}
    assert stripe.succeeded_intents() == []


def test_a_part_is_of_one_invoice_and_a_small_balance_is_paid_whole(session, stripe, payer):  # noqa: F811
    identity, card_id, (first, second, third), staff = payer
    _allow(session, staff, "50.00")
    with pytest.raises(ServiceError, match="Choose one invoice"):
        _pay_part(session, identity, [first, second], card_id, 5000)
    with pytest.raises(ValidationFailed) as refused:  # $45.00 owed, below the $50.00 minimum: only the whole
        _pay_part(session, identity, [third], card_id, 3000)
    assert refused.value.field_errors == {
        "amount": "Pay the whole $45.00: it is less than the smallest part taken ($50.00)."
    }
    (outcome,) = _pay_part(session, identity, [third], card_id, 4500)
    assert outcome.result == "paid"
    assert_money_matches(session, stripe)


def test_only_the_owner_sets_it_and_the_minimum_must_be_an_amount(session):
    owner, office = make_staff(session), make_staff(session, role="office")
    with pytest.raises(NotAuthorized):
        payment_settings.save_partial_payments(session, staff=office, allowed=True, minimum="10")
    with pytest.raises(ValidationFailed) as refused:
        payment_settings.save_partial_payments(session, staff=owner, allowed=True, minimum="ten")
    assert "partial_minimum" in refused.value.field_errors
    view = payment_settings.save_partial_payments(session, staff=owner, allowed=True, minimum="$25")
    assert (view.partial_payments, view.partial_minimum) == (True, "25.00")
