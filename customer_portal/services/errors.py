"""Errors a service raises for the UI to show; their text is written for the person at the screen."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service refused, with a message fit to show."""


class NotAuthorized(ServiceError):
    """No valid session, or the session may not do this. Says nothing about what exists."""

    def __init__(self, message: str = "Please sign in to continue.") -> None:
        super().__init__(message)


class ValidationFailed(ServiceError):
    """Input that cannot be accepted; `field_errors` maps a form field to its message."""

    def __init__(self, field_errors: dict[str, str], message: str = "Please correct the highlighted fields.") -> None:
        super().__init__(message)
        self.field_errors = field_errors
