"""Random secrets handed to browsers (only their SHA-256 is ever stored), and links signed by this server."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from customer_portal.settings import settings


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _mac(purpose: str, payload: str) -> str:
    key = hashlib.sha256(b"customer-portal signed link\0" + settings.secret_key.encode("utf-8")).digest()
    return hmac.new(key, f"{purpose}\0{payload}".encode(), hashlib.sha256).hexdigest()[:32]


def signed(purpose: str, payload: str) -> str:
    """`payload` with a MAC only this server can make: a link that needs no database row (an unsubscribe, a
    photo in an email). 128 bits of MAC; the purpose keeps a token for one use from being replayed for another."""
    return f"{payload}.{_mac(purpose, payload)}"


def verified(purpose: str, token: str) -> str | None:
    """The payload of a token `signed` made for this purpose, or None."""
    payload, _, mac = (token or "").rpartition(".")
    if not payload or not hmac.compare_digest(mac, _mac(purpose, payload)):
        return None
    return payload
