"""Encrypting secrets kept in the database (the Stripe keys the office types in, staff authenticator secrets) with a
key derived from SECRET_KEY.

Changing SECRET_KEY makes stored secrets unreadable; they must then be entered again (the settings page
says so instead of failing, and two-factor asks for a recovery code or an owner's reset).
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from customer_portal.settings import settings

_CONTEXT = b"customer-portal/stored-secrets/v1"


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(_CONTEXT + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    return _fernet(settings.secret_key).encrypt(secret.encode("utf-8")).decode("ascii") if secret else ""


def open_sealed(sealed: str) -> str | None:
    """The secret, "" when none was stored, or None when it cannot be read (SECRET_KEY changed)."""
    if not sealed:
        return ""
    return _opened(settings.secret_key, sealed)


@lru_cache(maxsize=16)
def _opened(secret_key: str, sealed: str) -> str | None:
    # Cached: every portal page asks whether card payments are set up, and the answer is a pure function of
    # these two. (The secret is in this process's memory whenever it is used anyway.)
    try:
        return _fernet(secret_key).decrypt(sealed.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return None


def mask(secret: str) -> str:
    """What the page may show of a secret: its kind and last four characters."""
    if not secret:
        return ""
    prefix = secret.split("_", 2)[:2]
    return f"{'_'.join(prefix)}_…{secret[-4:]}" if len(secret) > 12 else "…"
