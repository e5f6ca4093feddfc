from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import AuditLogEntry, CompanyProfile, OutboxEmail, Quote, QuoteStatus
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import portal_quotes
from tests.factories import make_portal_customer, make_staff
from tests.state_harness import run_handler


@pytest.fixture
def quoted(session):
    session.add(CompanyProfile(name="Bluewater", email="office@bluewater.example"))
    staff = make_staff(session)
    a_customer, ana, _ = make_portal_customer(session, name="Ana Alpha")
    _, bo, _ = make_portal_customer(session, name="Bo Beta")
    draft = QuoteDraft(customer_id=a_customer.id, title="New pump", lines=[LineInput("Pump", "1", "900")])
    sent_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    quotes.send_quote(session, staff=staff, quote_id=sent_id)
    draft_id = quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)
    session.commit()
    return ana, bo, sent_id, draft_id


def _respond(session, customer, quote_id, action, **kwargs):
    detail = portal_quotes.respond(
        session, customer=customer, quote_id=quote_id, action=action, client_ip="198.51.100.4", **kwargs
    )
    session.commit()
    return detail


def test_the_customer_sees_sent_quotes_only(session, quoted):
    ana, bo, sent_id, _ = quoted
    assert [row.id for row in portal_quotes.list_quotes(session, customer=ana).rows] == [sent_id]
    assert portal_quotes.list_quotes(session, customer=bo).rows == []
    assert [r.id for r in portal_quotes.list_quotes(session, customer=ana, status="sent").rows] == [sent_id]
    assert portal_quotes.list_quotes(session, customer=ana, status="approved").rows == []


def test_approve_records_the_signature_time_ip_and_emails_the_office(session, quoted):
    ana, _, sent_id, _ = quoted
    _respond(session, ana, sent_id, "approve", signature="Ana Alpha")
    detail = quotes.get_quote(session, quote_id=sent_id)  # the office's view: who answered, from where
    assert (detail.status, detail.response_name, detail.response_ip) == ("approved", "Ana Alpha", "198.51.100.4")
    assert detail.responded_at and detail.response_email == ana.email
    shown = portal_quotes.get_quote(session, customer=ana, quote_id=sent_id)
    assert (shown.status, shown.response_name) == ("approved", "Ana Alpha")
    assert "198.51.100.4" not in str(shown) and ana.email not in str(shown)  # the browser gets neither
    email = session.exec(select(OutboxEmail).where(OutboxEmail.template == "quote_response")).one()
    assert email.to_address == "office@bluewater.example" and "approved quote Q-00001" in email.text_body
    assert email.reply_to == ana.email
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "quote.approved")).one()


def test_approving_needs_a_typed_name_and_asking_needs_a_question(session, quoted):
    ana, _, sent_id, _ = quoted
    with pytest.raises(ValidationFailed) as error:
        _respond(session, ana, sent_id, "approve", signature=" ")
    assert "signature" in error.value.field_errors
    with pytest.raises(ValidationFailed):
        _respond(session, ana, sent_id, "request_info", message="")
    session.rollback()
    assert session.get(Quote, sent_id).status == QuoteStatus.SENT


@pytest.mark.parametrize(
    ("first", "second"),
    [("approve", "approve"), ("reject", "approve"), ("approve", "reject"), ("request_info", "approve")],
)
def test_an_answer_cannot_be_repeated_or_changed(session, quoted, first, second):
    ana, _, sent_id, _ = quoted
    _respond(session, ana, sent_id, first, signature="Ana Alpha", message="Why?")
    with pytest.raises(ServiceError, match="already been answered"):
        _respond(session, ana, sent_id, second, signature="Ana Alpha", message="Again")


def test_an_expired_quote_cannot_be_approved(session, quoted):
    ana, _, sent_id, _ = quoted
    quote = session.get(Quote, sent_id)
    quote.expires_on = local_day(utcnow(), "America/Phoenix") - timedelta(days=1)
    session.add(quote)
    session.commit()
    with pytest.raises(ServiceError, match="has expired"):
        _respond(session, ana, sent_id, "approve", signature="Ana Alpha")


def test_another_customer_cannot_see_or_answer_the_quote(session, quoted):
    ana, bo, sent_id, draft_id = quoted
    for quote_id in (sent_id, draft_id, 987654):
        with pytest.raises(ServiceError, match="not available"):
            portal_quotes.get_quote(session, customer=bo, quote_id=quote_id)
        with pytest.raises(ServiceError, match="not available"):
            _respond(session, bo, quote_id, "approve", signature="Bo Beta")
    session.rollback()
    assert session.get(Quote, sent_id).status == QuoteStatus.SENT
    with pytest.raises(ServiceError, match="not available"):
        portal_quotes.get_quote(session, customer=ana, quote_id=draft_id)  # nobody sees a draft


async def _quote_page(session, quoted, **connection):
    """Ana's browser with her sent quote open (its own session, like a second tab would have)."""
    from customer_portal.models import SessionKind
    from customer_portal.services.accounts import sessions
    from customer_portal.state.portal_quotes import PortalQuoteState
    from tests.state_harness import connect_from, new_state, open_page

    ana, _, sent_id, _ = quoted
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=ana.login_id)
    session.commit()
    state = new_state(PortalQuoteState, portal_token=token)
    state.slug = "bluewater"
    if connection:
        connect_from(state, **connection)
    open_page(state, quote_id=str(sent_id))
    await run_handler(state, "load_quote")
    return state


async def _approve(state) -> None:
    await run_handler(state, "choose_answer", "approve")
    await run_handler(state, "set_answer_field", "signature", "Ana Alpha")
    await run_handler(state, "submit_answer")


async def _approve_through_the_page(session, quoted, *, peer: str, headers: dict[str, str]) -> str:
    """Ana approves on the quote page, her websocket coming from `peer` with these headers; the IP kept."""
    state = await _quote_page(session, quoted, peer=peer, headers=headers)
    await _approve(state)
    assert state.quote is not None and state.quote.status == "approved"
    session.expire_all()
    return session.get(Quote, quoted[2]).response_ip


async def _peer_as_reflex_sees_it(peer: str, headers: dict[str, str]) -> str:
    """The websocket's client address after the app's proxy layer (api/proxy.py), which is what Reflex puts in
    the router data the page's handlers read."""
    from customer_portal.api.proxy import as_the_browser_sent_it

    seen: list[dict] = []

    async def reflex(scope, receive, send):
        seen.append(scope)

    scope = {
        "type": "websocket",
        "scheme": "ws",
        "client": (peer, 50000),
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
    }
    await as_the_browser_sent_it(reflex)(scope, None, None)
    return seen[0]["client"][0]


async def test_behind_a_trusted_proxy_the_evidence_ip_is_the_forwarded_one(session, db, quoted, monkeypatch):
    from customer_portal.domain.network import parse_networks
    from customer_portal.settings import settings

    monkeypatch.setattr(settings, "trusted_proxy_networks", parse_networks("127.0.0.1"))
    peer = await _peer_as_reflex_sees_it("127.0.0.1", {"x-forwarded-for": "198.51.100.23"})
    assert await _approve_through_the_page(session, quoted, peer=peer, headers={}) == "198.51.100.23"


async def test_a_forged_forwarding_header_from_an_untrusted_client_is_ignored(session, db, quoted, monkeypatch):
    from customer_portal.domain.network import parse_networks
    from customer_portal.settings import settings

    monkeypatch.setattr(settings, "trusted_proxy_networks", parse_networks("127.0.0.1"))
    peer = await _peer_as_reflex_sees_it("203.0.113.50", {"x-forwarded-for": "1.2.3.4"})
    assert await _approve_through_the_page(session, quoted, peer=peer, headers={}) == "203.0.113.50"


async def test_when_another_tab_answered_first_the_page_shows_the_recorded_answer(session, db, quoted):
    first, second = await _quote_page(session, quoted), await _quote_page(session, quoted)
    await run_handler(second, "choose_answer", "reject")  # the second tab has its Reject form open
    await _approve(first)

    await run_handler(second, "submit_answer")
    shown = second.quote
    assert shown.status == "approved" and second.answering == "" and shown.response_name == "Ana Alpha"
    assert "already been answered" in second.form_error


async def test_a_null_name_is_refused_not_recorded_as_none(session, db, quoted):
    """A JSON null was accepted as the approval name "None"."""
    state = await _quote_page(session, quoted)
    await run_handler(state, "choose_answer", "approve")
    refused = await run_handler(state, "set_answer_field", "signature", None)
    assert "value must be text" in repr(refused) and state.signature == ""
    await run_handler(state, "submit_answer")
    session.expire_all()
    assert session.get(Quote, quoted[2]).status == QuoteStatus.SENT and state.field_error


def test_an_over_long_signature_is_reported_on_the_signature_with_its_own_limit(session, quoted):
    """The limits are the table's (200 for the typed name, 5,000 for the message), each on its own field."""
    ana, _, sent_id, _ = quoted
    with pytest.raises(ValidationFailed) as error:
        _respond(session, ana, sent_id, "approve", signature="A" * 201)
    assert error.value.field_errors == {"signature": "Use at most 200 characters."}
    with pytest.raises(ValidationFailed) as error:
        _respond(session, ana, sent_id, "request_info", message="?" * 5001)
    assert error.value.field_errors == {"message": "Use at most 5,000 characters."}
    session.rollback()
    assert _respond(session, ana, sent_id, "approve", signature="A" * 200).response_name == "A" * 200
