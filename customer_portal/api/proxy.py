"""Requests through the reverse proxy, as the browser made them. Behind Caddy or nginx the app is spoken to in
plain HTTP from 127.0.0.1; when that peer is a trusted proxy (TRUSTED_PROXIES), the request's client becomes the
browser's address and its scheme the one the browser used (X-Forwarded-Proto). Without this, every redirect the
server makes (Starlette's trailing-slash redirects among them) would send an https visitor to http://."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from customer_portal.domain.network import client_address, forwarded_scheme
from customer_portal.settings import settings

_SECURE = {"http": "https", "ws": "wss"}
_PLAIN = {"https": "http", "wss": "ws"}


def as_the_browser_sent_it(app: ASGIApp) -> ASGIApp:
    """ASGI wrapper, outermost, so that every layer (access log, routes, Reflex) sees the same request."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not settings.trusted_proxy_networks:
            await app(scope, receive, send)
            return
        peer_host, peer_port = scope.get("client") or ("", 0)
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or []}
        trusted = settings.trusted_proxy_networks
        browser = client_address(
            peer_host,
            forwarded_for=headers.get("x-forwarded-for", ""),
            forwarded=headers.get("forwarded", ""),
            trusted=trusted,
        )
        scheme = scope.get("scheme", "http")
        match forwarded_scheme(peer_host, forwarded_proto=headers.get("x-forwarded-proto", ""), trusted=trusted):
            case "https":
                scheme = _SECURE.get(scheme, scheme)
            case "http":
                scheme = _PLAIN.get(scheme, scheme)
        await app({**scope, "client": (browser, peer_port), "scheme": scheme}, receive, send)

    return wrapped
