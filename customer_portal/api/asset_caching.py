"""Built scripts and styles are cached by the browser for a year: their names carry a hash of their content, so
a new release has new names and nothing stale is ever used. A phone on a cellular network then loads the portal's
~380 KB of scripts and styles once, not on every visit. Pages themselves are not cached (they change with a
release, and the security headers hash each one's inline scripts)."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_portal.api.security_headers import ASSETS_PREFIX

IMMUTABLE = b"public, max-age=31536000, immutable"
_HASHED_NAME = re.compile(r"-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?)$")  # Vite's name-HASH.ext


def is_hashed_asset(path: str) -> bool:
    return path.startswith(ASSETS_PREFIX) and _HASHED_NAME.search(path) is not None


def cache_built_assets(app: ASGIApp) -> ASGIApp:
    async def cached(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_hashed_asset(scope["path"]):
            await app(scope, receive, send)
            return

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = [
                    (name, value) for name, value in message.get("headers", []) if name.lower() != b"cache-control"
                ]
                message = {**message, "headers": [*headers, (b"cache-control", IMMUTABLE)]}
            await send(message)

        await app(scope, receive, send_cached)

    return cached
