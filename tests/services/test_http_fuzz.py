"""A fuzz of every HTTP route the app adds (taken from the route table, not a hand list): odd paths, ids of
every length, methods, query strings, cookies, signature headers and bodies, including correctly signed Stripe
events with fields missing or of the wrong type and timestamps in the past and the future. No answer may be a
5xx, except the webhook's deliberate 503 when Stripe cannot be reached, which the fake here never causes.

`FUZZ_EXAMPLES=500 make services` runs a longer fuzz.
"""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any

import pytest
import stripe as stripe_sdk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.testclient import TestClient

from customer_portal.api.app import build_api
from customer_portal.api.security_headers import add_security_headers
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from tests.services.conftest import WEBHOOK_SECRET

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4")) * 10
ROUTES = [route for route in build_api().routes if isinstance(route, Route)]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

text = st.text(max_size=40)
header_text = st.text(alphabet=st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), max_size=40)
segment = st.one_of(
    st.integers(min_value=0, max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "1.5", "%00", "..", "%2e%2e", "9" * 19, "1e9", ""]),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%"), max_size=12),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
event_type = st.sampled_from(
    [
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "checkout.session.completed",
        "charge.refunded",
        "payment_method.detached",
        "customer.created",
    ]
)


@st.composite
def signed_events(draw) -> tuple[bytes, str]:
    """A Stripe event signed with our secret: an envelope of any shape, a timestamp near or far from now."""
    event: dict[str, Any] = {"id": draw(text | st.integers()), "type": draw(event_type)}
    if draw(st.booleans()):
        event["data"] = {"object": draw(json_value | st.dictionaries(st.sampled_from(_FIELDS), json_value))}
    body = json.dumps(event).encode()
    return body, _signature(body, at=int(time.time()) + draw(st.sampled_from([0, -10, 200, 400, -400, 3600])))


def _signature(body: bytes, *, at: int) -> str:
    """The Stripe-Signature header Stripe would send for this body at this time."""
    return f"t={at},v1={stripe_sdk.WebhookSignature._compute_signature(f'{at}.{body.decode()}', WEBHOOK_SECRET)}"


_FIELDS = ["id", "status", "amount", "payment_intent", "amount_refunded", "mode", "customer", "metadata"]


@st.composite
def requests(draw) -> dict[str, Any]:
    route = draw(st.sampled_from(ROUTES))
    path = re.sub(r"\{\w+(:\w+)?\}", lambda _: draw(segment), route.path)
    method = draw(st.sampled_from(sorted(route.methods or {"GET"})) | st.sampled_from(METHODS))
    cookie = draw(st.sampled_from([STAFF_SESSION_COOKIE, CUSTOMER_SESSION_COOKIE, "x"]))
    headers = {"cookie": f"{cookie}={draw(header_text)}"}
    body = b""
    if method == "POST":
        if draw(st.booleans()):
            body, headers["stripe-signature"] = draw(signed_events())
        else:
            body = draw(st.binary(max_size=200))
            headers["stripe-signature"] = draw(header_text)
    query = draw(st.dictionaries(st.sampled_from(["start", "end", "code", "next", "cookie", "x"]), text, max_size=3))
    return {"method": method, "url": path, "params": query, "headers": headers, "content": body}


@pytest.mark.usefixtures("stripe", "migrated", "jobs_running")  # a ready app: /api/ready's 503 would be a fault
def test_no_request_to_any_route_gets_a_server_error(db):
    assert {route.path for route in ROUTES} >= {"/stripe/webhook", "/api/photos/{photo_id:row_id}"}
    client = TestClient(add_security_headers(build_api()), raise_server_exceptions=False, follow_redirects=False)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(request=requests())
    def attack(request: dict[str, Any]) -> None:
        response = client.request(**request)
        assert response.status_code < 500, (request, response.status_code, response.text[:300])
        assert "content-security-policy" in response.headers

    attack()


@pytest.mark.usefixtures("stripe")
def test_a_webhook_signed_ten_minutes_in_the_future_is_refused(db):
    body = json.dumps({"id": "evt_future", "type": "customer.created", "data": {"object": {}}}).encode()
    signature = _signature(body, at=int(time.time()) + 600)
    with TestClient(build_api()) as client:
        response = client.post("/stripe/webhook", content=body, headers={"stripe-signature": signature})
    assert response.status_code == 400


@pytest.mark.usefixtures("stripe")
def test_a_signed_event_without_the_fields_it_needs_is_a_400(db):
    body = json.dumps({"id": "evt_thin", "type": "charge.refunded", "data": {"object": {"id": "ch_1"}}}).encode()
    with TestClient(build_api()) as client:
        response = client.post(
            "/stripe/webhook", content=body, headers={"stripe-signature": _signature(body, at=int(time.time()))}
        )
    assert response.status_code == 400 and "lacks fields" in response.text


def test_an_id_too_large_for_the_database_is_a_plain_404(db):
    with TestClient(build_api()) as client:
        for path in (
            "/api/photos/12345678901234567890123",
            "/api/photos/2147483648",  # one past PostgreSQL's INTEGER: an error there, not a miss, if looked up
            "/api/portal/invoices/12345678901234567890123.pdf",
        ):
            assert client.get(path).status_code == 404
        assert client.get("/api/photos/2147483647").status_code == 404  # the largest id is looked up: no such photo
