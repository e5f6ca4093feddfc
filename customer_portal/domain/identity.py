"""Rules for email addresses and passwords that need no database."""

from __future__ import annotations

import re

from customer_portal.i18n import _

# Deliberately simple: one @, a dot in the domain, no spaces. Delivery is the real test.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72  # bcrypt ignores everything after 72 bytes; refuse rather than truncate

# The most common passwords in public breach lists, plus the obvious ones for this trade.
_BREACHED = frozenset(
    [
        "password",
        "password1",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "qwerty123",
        "qwertyuiop",
        "11111111",
        "00000000",
        "iloveyou",
        "abc12345",
        "letmein1",
        "welcome1",
        "welcome123",
        "sunshine1",
        "football1",
        "baseball1",
        "dragon123",
        "monkey123",
        "princess1",
        "trustno1",
        "superman1",
        "starwars1",
        "computer1",
        "whatever1",
        "changeme",
        "changeme1",
        "admin123",
        "administrator",
        "pool1234",
        "poolpool",
        "swimming",
        "swimming1",
        "swimmingpool",
        "poolservice",
        "chlorine",
        "chlorine1",
        "summer2024",
        "summer2025",
        "summer2026",
    ]
)


class InvalidEmail(ValueError):
    pass


def normalize_email(text: str) -> str:
    address = (text or "").strip().lower()
    if not _EMAIL.match(address) or len(address) > 254:
        raise InvalidEmail(_("Enter an email address like name@example.com."))
    return address


def password_problem(password: str, *, email: str = "") -> str | None:
    """The first reason a new password is unacceptable, phrased for the person typing it."""
    if len(password) < MIN_PASSWORD_CHARS:
        return _("Use at least {count} characters.").format(count=MIN_PASSWORD_CHARS)
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return _(
            "Use at most {count} bytes (about {count} plain letters; accented letters and emoji count as several)."
        ).format(count=MAX_PASSWORD_BYTES)
    lowered = password.lower()
    if lowered in _BREACHED:
        return _("This password appears in lists of breached passwords. Choose another.")
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        return _("Your password must not be your email address.")
    if len(set(password)) < 3:
        return _("This password is too easy to guess. Mix in different characters.")
    return None
