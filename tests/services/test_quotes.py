from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import AuditLogEntry, Quote, QuoteStatus
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft, QuoteQuery
from customer_portal.services.errors import ServiceError, ValidationFailed
from tests.factories import make_customer, make_staff

TODAY = local_day(utcnow(), "America/Phoenix")


@pytest.fixture
def staff(session):
    return make_staff(session)


@pytest.fixture
def customer(session):
    return make_customer(session, name="Priya Patel")


def _draft(customer, **overrides) -> QuoteDraft:
    values = {
        "customer_id": customer.id,
        "title": "Pump replacement",
        "terms": "50% deposit on approval.",
        "lines": [LineInput("Variable-speed pump", "1", "1,450.00"), LineInput("Labor (hours)", "3", "95")],
    }
    return QuoteDraft(**{**values, **overrides})


def _sent(session, staff, customer, **overrides) -> Quote:
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=_draft(customer, **overrides))
    quotes.send_quote(session, staff=staff, quote_id=quote_id)
    session.commit()
    return session.get(Quote, quote_id)


def test_draft_then_send_numbers_dates_and_prices_it(session, staff, customer):
    quote_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=_draft(customer))
    detail = quotes.get_quote(session, quote_id=quote_id)
    assert (detail.number, detail.status, detail.total) == ("Draft", "draft", "$1,735.00")
    assert detail.can_edit and detail.can_send and [line.amount for line in detail.lines] == ["$1,450.00", "$285.00"]
    number = quotes.send_quote(session, staff=staff, quote_id=quote_id)
    quote = session.get(Quote, quote_id)
    assert (number, quote.status, quote.issue_date) == ("Q-00001", QuoteStatus.SENT, TODAY)
    assert quote.expires_on == TODAY + timedelta(days=30)
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "quote.sent")).one().entity_id == quote_id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"expires_on": "next week"}, "expires_on"),
        ({"lines": [LineInput("Pump", "1", "one thousand")]}, "lines.0.unit_price"),
        ({"lines": []}, "lines"),
    ],
)
def test_bad_quotes_are_refused_field_by_field(session, staff, customer, overrides, field):
    with pytest.raises(ValidationFailed) as error:
        quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=_draft(customer, **overrides))
    assert field in error.value.field_errors


def test_a_sent_quote_cannot_be_edited_or_sent_again(session, staff, customer):
    quote = _sent(session, staff, customer)
    with pytest.raises(ServiceError, match="Cannot edit a sent quote"):
        quotes.save_quote_draft(session, staff=staff, quote_id=quote.id, draft=_draft(customer, title="Cheaper"))
    with pytest.raises(ServiceError, match="Cannot send a sent quote"):
        quotes.send_quote(session, staff=staff, quote_id=quote.id)


@pytest.mark.parametrize("answer", [QuoteStatus.APPROVED, QuoteStatus.REJECTED])
def test_answered_quotes_are_final(session, staff, customer, answer):
    quote = _sent(session, staff, customer)
    quote.status = answer  # the customer's answer arrives through the portal (recorded by its own service)
    session.add(quote)
    session.commit()
    with pytest.raises(ServiceError, match=f"Cannot edit an? {answer.value} quote"):
        quotes.save_quote_draft(session, staff=staff, quote_id=quote.id, draft=_draft(customer))
    with pytest.raises(ServiceError, match=f"Cannot send an? {answer.value} quote"):
        quotes.send_quote(session, staff=staff, quote_id=quote.id)


def test_revise_a_quote_the_customer_asked_about_and_send_it_again(session, staff, customer):
    quote = _sent(session, staff, customer)
    quote.status, quote.response_message = QuoteStatus.INFO_REQUESTED, "Does this include haul-away?"
    quote.response_name, quote.responded_at = "Priya Patel", utcnow()
    session.add(quote)
    session.commit()
    detail = quotes.get_quote(session, quote_id=quote.id)
    assert detail.status == "info_requested" and detail.response_message == "Does this include haul-away?"
    assert detail.can_edit and detail.can_send

    revised = _draft(customer, lines=[*_draft(customer).lines, LineInput("Haul-away of old pump", "1", "40")])
    quotes.save_quote_draft(session, staff=staff, quote_id=quote.id, draft=revised)
    assert session.get(Quote, quote.id).status == QuoteStatus.DRAFT
    assert quotes.send_quote(session, staff=staff, quote_id=quote.id) == "Q-00001"  # same number after revising
    session.commit()
    detail = quotes.get_quote(session, quote_id=quote.id)
    assert (detail.status, detail.total, detail.response_message) == ("sent", "$1,775.00", "")
    sent_entries = session.exec(
        select(AuditLogEntry).where(AuditLogEntry.action == "quote.sent").order_by(AuditLogEntry.id)
    ).all()  # ordered: PostgreSQL may return rows in any order without it
    assert sent_entries[-1].details["answers_question"] == "Does this include haul-away?"


def test_lapsed_quotes_show_as_expired_and_cannot_be_sent(session, staff, customer):
    quote = _sent(session, staff, customer)
    quote.expires_on = TODAY - timedelta(days=1)
    session.add(quote)
    session.commit()
    assert [row.status for row in quotes.list_quotes(session, query=QuoteQuery()).rows] == ["expired"]
    assert session.get(Quote, quote.id).status == QuoteStatus.EXPIRED
    with pytest.raises(ServiceError, match="Cannot send an expired quote"):
        quotes.send_quote(session, staff=staff, quote_id=quote.id)


def test_quote_list_filters_and_sorts(session, staff, customer):
    other = make_customer(session, name="Noah Fischer")
    _sent(session, staff, customer)
    _sent(session, staff, other, title="Acid wash", lines=[LineInput("Acid wash", "1", "675")])
    quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=_draft(other, title="Salt cell"))
    session.commit()

    def titles(**query):
        return [row.title for row in quotes.list_quotes(session, query=QuoteQuery(**query)).rows]

    assert sorted(titles(status="sent")) == ["Acid wash", "Pump replacement"]
    assert titles(status="draft") == ["Salt cell"]
    assert sorted(titles(search="fischer")) == ["Acid wash", "Salt cell"]
    assert titles(search="q-00002") == ["Acid wash"]
    assert titles(sort="total", descending=False)[0] == "Acid wash"
    assert sorted(titles(customer_id=customer.id)) == ["Pump replacement"]
    for sort in ("number", "title", "customer", "issue_date", "expires_on", "total", "status", "created", "bogus"):
        assert len(titles(sort=sort)) == 3


def test_the_evidence_of_an_answer_is_shown(session, staff, customer):
    from customer_portal.models import CustomerEmail

    quote = _sent(session, staff, customer)
    email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).first()
    quote.status, quote.response_name, quote.response_ip = QuoteStatus.APPROVED, "Priya Patel", "203.0.113.9"
    quote.responded_at, quote.responded_by_email_id = utcnow(), email.id
    session.add(quote)
    session.commit()
    detail = quotes.get_quote(session, quote_id=quote.id)
    assert (detail.response_name, detail.response_ip, detail.response_email) == (
        "Priya Patel",
        "203.0.113.9",
        email.address,
    )
    assert detail.responded_at and not detail.can_edit and not detail.can_send
