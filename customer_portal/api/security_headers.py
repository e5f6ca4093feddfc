"""Security headers on every HTTP response the app sends: pages, API routes and Reflex's own endpoints.

Pages get a Content-Security-Policy that allows exactly the inline scripts that page carries, by their SHA-256
(Reflex's prerendered pages hold a theme script, the router's context and React's streaming scripts); no other
inline script, event-handler attribute or foreign script runs. Two relaxations are what Reflex's compiled frontend
needs, measured in the browser tests: 'unsafe-eval', because Reflex delivers server-sent actions (every toast,
copying to the clipboard, clearing an upload) as code its client passes to eval(); and style 'unsafe-inline',
because Radix writes style attributes into every page (CSS cannot run code). Everything else (JSON, PDFs,
photos) gets a policy that allows nothing at all. Framing is refused everywhere; HSTS is sent when the public
address is https.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_portal.settings import settings

ASSETS_PREFIX = "/assets/"  # Reflex's built scripts and styles: never a page
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)

PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

COMMON_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        "magnetometer=(), gyroscope=(), accelerometer=()"
    ),
    "cross-origin-opener-policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def page_policy(html: bytes) -> str:
    """The page's CSP: its own inline scripts by hash, nothing else inline."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(html)
        }
    )
    return PAGE_POLICY.format(hashes=" ".join(hashes)).replace("'self' ;", "'self';")


def _with_our_headers(start: Message, policy: str) -> Message:
    """The response start with our headers in place of any of the same name the app set."""
    ours = {**COMMON_HEADERS, "content-security-policy": policy}
    if settings.uses_https:
        ours["strict-transport-security"] = HSTS
    kept = [(name, value) for name, value in start.get("headers", []) if name.lower().decode() not in ours]
    return {**start, "headers": kept + [(name.encode(), value.encode()) for name, value in ours.items()]}


def _html_of(start: Message, body: bytes) -> bytes:
    """The page as text: Reflex serves its prebuilt pages gzipped when the browser accepts it (a page request
    offers it nothing else, see `_gzip_at_most`)."""
    encoding = dict((name.lower(), value) for name, value in start.get("headers", [])).get(b"content-encoding")
    return gzip.decompress(body) if body and encoding == b"gzip" else body


def _gzip_at_most(scope: Scope) -> Scope:
    """The request as if the browser accepted gzip or nothing: the assets are also pre-compressed with Brotli
    (rxconfig.py), which Python's standard library cannot read to hash a page's inline scripts."""
    headers = []
    for name, value in scope.get("headers") or []:
        if name.lower() == b"accept-encoding":
            value = b"gzip" if b"gzip" in value.lower() else b"identity"
        headers.append((name, value))
    return {**scope, "headers": headers}


def add_security_headers(app: ASGIApp) -> ASGIApp:
    async def secured(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the websocket upgrade is not a document
            await app(scope, receive, send)
            return
        if not scope["path"].startswith(ASSETS_PREFIX):
            # A page must arrive as body bytes to be hashed, so the server's zero-copy file sending
            # (http.response.pathsend) is not offered; hashed script and style assets keep it.
            extensions = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
            scope = _gzip_at_most({**scope, "extensions": extensions})
        start: Message | None = None
        body = bytearray()

        async def send_secured(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] == 304:
                    # A browser merges a 304's headers into its cached page: the page's own policy must stand.
                    await send(message)
                    return
                headers = dict((name.lower(), value) for name, value in message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    await send(_with_our_headers(message, NOTHING_POLICY))
                    return
                start = message  # a page: hold the start until its body is known
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            await send(_with_our_headers(start, page_policy(_html_of(start, bytes(body)))))
            await send({"type": "http.response.body", "body": bytes(body)})

        await app(scope, receive, send_secured)

    return secured
