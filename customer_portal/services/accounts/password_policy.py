"""What a new password must not be (NIST SP 800-63B 5.1.1.2; no composition rules, no forced changes): shorter
than 8 characters or longer than bcrypt's 72 bytes, the person's email, or guessable. "Guessable" is judged by
zxcvbn against its frequency lists (30,000 passwords common in breaches, 30,000 English words, 14,700 first names
and surnames, 19,000 words from TV and film), with l33t spellings, reversals, keyboard walks, dates and repeats,
and the person's own email, name and company counted as known words; a password zxcvbn expects to fall within
10^8 guesses (its score below 3) is refused, with its advice. Where the operator turns it on
(PWNED_PASSWORDS_CHECK), the password is also looked up in Have I Been Pwned's Pwned Passwords, privately
(adapters/pwned_passwords.py); when that service cannot be reached the password is judged on the local lists
alone and the event is logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

from customer_portal.adapters.pwned_passwords import PwnedPasswordsUnavailable, times_breached
from customer_portal.domain.identity import password_problem
from customer_portal.i18n import N_, _, ngettext
from customer_portal.settings import settings

log = logging.getLogger(__name__)

LEAST_SCORE = 3  # zxcvbn's 0-4; below 3 means fewer than 10^8 guesses
GUESSABLE = N_("This password is too easy to guess.")


def new_password_problem(password: str, *, email: str = "", known_words: Iterable[str] = ()) -> str | None:
    """The first reason a new password is refused, phrased for the person typing it; None if it will do.
    `known_words`: the person's name, the company's name, anything an attacker who knows them would try."""
    if problem := password_problem(password, email=email):
        return problem
    verdict = zxcvbn(password, user_inputs=_known([email, email.partition("@")[0], *known_words]))
    if verdict["score"] < LEAST_SCORE:
        # zxcvbn's advice is English; each piece is in our catalogs (i18n/zxcvbn_advice.py).
        advice = " ".join(
            _(part) for part in (verdict["feedback"]["warning"], *verdict["feedback"]["suggestions"]) if part
        )
        return f"{_(GUESSABLE)} {advice or _('Try a few unrelated words together.')}"
    if settings.pwned_passwords_check and (count := _breach_count(password)):
        return ngettext(
            "This password has appeared in data breaches (once), so attackers try it. Choose another.",
            "This password has appeared in data breaches ({count:,} times), so attackers try it. Choose another.",
            count,
        )
    return None


def new_password_errors(
    password: str, again: str, *, email: str = "", known_words: Iterable[str] = ()
) -> dict[str, str]:
    """The form's errors for a new password typed twice, by field ({} when it will do)."""
    if problem := new_password_problem(password, email=email, known_words=known_words):
        return {"password": problem}
    if password != again:
        return {"password_again": _("The two passwords are different.")}
    return {}


def _known(phrases: list[str]) -> list[str]:
    """zxcvbn matches whole known words: "Grace Tanaka" is also "grace", "tanaka" and "gracetanaka"."""
    words: set[str] = set()
    for phrase in phrases:
        parts = [part for part in re.split(r"[\W_]+", phrase.lower()) if len(part) > 2]
        words.update([phrase.lower(), "".join(parts), *parts])
    return sorted(word for word in words if word)


def _breach_count(password: str) -> int:
    try:
        return times_breached(
            password,
            base_url=settings.pwned_passwords_url,
            timeout_seconds=settings.pwned_passwords_timeout_seconds,
        )
    except PwnedPasswordsUnavailable as error:
        log.warning("Pwned Passwords could not be reached (%s); the new password was judged on the local lists", error)
        return 0
