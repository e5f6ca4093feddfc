"""Have I Been Pwned's Pwned Passwords range API, k-anonymity style: the first five hex characters of the
password's SHA-1 go out, every breached hash starting with them comes back, and the match is made here. The
password, and its full hash, never leave this server. `Add-Padding` makes every answer the same size, so the
length of the reply tells an eavesdropper nothing."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request

USER_AGENT = "pool-customer-portal (password check)"


class PwnedPasswordsUnavailable(Exception):
    """No usable answer (timeout, network, an error status, a reply that is not a range)."""


def times_breached(password: str, *, base_url: str, timeout_seconds: float) -> int:
    """How often this password appears in known breaches (0: never seen)."""
    digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    prefix, suffix = digest[:5], digest[5:]
    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/range/{prefix}", headers={"Add-Padding": "true", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as response:
            body = response.read(2_000_000).decode("ascii")
    except (urllib.error.URLError, TimeoutError, OSError, UnicodeDecodeError) as error:
        raise PwnedPasswordsUnavailable(str(error)) from error
    for line in body.splitlines():
        candidate, _, count = line.strip().partition(":")
        if len(candidate) != 35 or not count.isdigit():
            raise PwnedPasswordsUnavailable("the reply is not a hash range")
        if candidate.upper() == suffix:
            return int(count)  # padding lines carry a count of 0
    return 0
