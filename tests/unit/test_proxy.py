"""Behind the reverse proxy every layer sees the request as the browser made it: its address and its scheme."""

import asyncio

import pytest

from customer_portal.api.proxy import as_the_browser_sent_it
from customer_portal.domain.network import parse_networks
from customer_portal.settings import settings


def _seen(scope_type: str, scheme: str, peer: str, headers: dict[str, str]) -> dict:
    seen: list[dict] = []

    async def app(scope, receive, send):
        seen.append(scope)

    scope = {
        "type": scope_type,
        "scheme": scheme,
        "client": (peer, 40000),
        "headers": [(name.encode(), value.encode()) for name, value in headers.items()],
    }
    asyncio.run(as_the_browser_sent_it(app)(scope, None, None))
    return seen[0]


@pytest.fixture
def behind_caddy(monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxy_networks", parse_networks("127.0.0.1"))


def test_a_request_through_the_trusted_proxy_carries_the_browsers_address_and_https(behind_caddy):
    forwarded = {"x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https"}
    page = _seen("http", "http", "127.0.0.1", forwarded)
    assert page["client"] == ("198.51.100.7", 40000) and page["scheme"] == "https"
    socket = _seen("websocket", "ws", "127.0.0.1", forwarded)
    assert socket["client"][0] == "198.51.100.7" and socket["scheme"] == "wss"


def test_the_same_headers_from_anyone_else_change_nothing(behind_caddy):
    forged = {"x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https"}
    scope = _seen("http", "http", "203.0.113.9", forged)
    assert scope["client"] == ("203.0.113.9", 40000) and scope["scheme"] == "http"


def test_without_trusted_proxies_nothing_is_believed(monkeypatch):
    monkeypatch.setattr(settings, "trusted_proxy_networks", ())
    scope = _seen("http", "http", "127.0.0.1", {"x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https"})
    assert scope["client"] == ("127.0.0.1", 40000) and scope["scheme"] == "http"
