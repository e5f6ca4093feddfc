"""Password hashing. bcrypt cost 12 is slow on purpose (~0.25 s): callers run it off the event loop."""

from __future__ import annotations

from functools import cache

import bcrypt

from customer_portal.domain.identity import MAX_PASSWORD_BYTES

BCRYPT_COST = 12


@cache
def _dummy_hash() -> bytes:
    """Checked when an account does not exist, so unknown and known emails take the same time."""
    return bcrypt.hashpw(b"no account has this password", bcrypt.gensalt(BCRYPT_COST))


def hash_password(password: str, *, cost: int = BCRYPT_COST) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(cost)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not there is a hash to check against."""
    candidate = password.encode("utf-8")
    # No stored password is longer than 72 bytes (longer ones are refused when set), and bcrypt would
    # compare only the first 72: a longer candidate is wrong, however it starts.
    if not password_hash or len(candidate) > MAX_PASSWORD_BYTES:
        bcrypt.checkpw(candidate[:MAX_PASSWORD_BYTES], _dummy_hash())
        return False
    try:
        return bcrypt.checkpw(candidate, password_hash.encode())
    except ValueError:  # a malformed stored hash is a failed check, never a crash
        return False
