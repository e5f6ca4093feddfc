"""Authorization for event handlers.

Reflex lets any browser call any handler with any arguments, whether or not it opened the page, so
every handler that touches protected data is wrapped here. A test fails when a handler is neither
guarded nor on the reviewed public list.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import reflex as rx

from customer_portal.pages import routes
from customer_portal.services import staff_auth
from customer_portal.services.staff_auth import StaffIdentity
from customer_portal.state.base import AuthState, call_service

_current_staff: ContextVar[StaffIdentity] = ContextVar("current_staff")

GUARD_MARKER = "__portal_guard__"


def current_staff() -> StaffIdentity:
    """The staff member the running handler was authorized for."""
    return _current_staff.get()


def staff_only(*, owner: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Resolve the staff session before the handler runs; without one, nothing runs and the browser
    is sent to sign in. Works for coroutine handlers and for handlers that yield events."""

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.isasyncgenfunction(handler):

            @functools.wraps(handler)
            async def guarded_stream(self: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
                identity, refusal = await _authorize(self, owner)
                if refusal is not None:
                    yield refusal
                    return
                with _acting_as(identity):
                    async for event in handler(self, *args, **kwargs):
                        yield event

            guarded: Callable[..., Any] = guarded_stream
        else:

            @functools.wraps(handler)
            async def guarded_call(self: Any, *args: Any, **kwargs: Any) -> Any:
                identity, refusal = await _authorize(self, owner)
                if refusal is not None:
                    return refusal
                with _acting_as(identity):
                    return await handler(self, *args, **kwargs)

            guarded = guarded_call
        setattr(guarded, GUARD_MARKER, "owner" if owner else "staff")
        return guarded

    return decorate


async def _authorize(state: Any, owner: bool) -> tuple[StaffIdentity | None, Any]:
    identity = await call_service(staff_auth.current_staff, token=state.staff_session_token)
    if identity is None:
        _forget_session(state)
        return None, rx.redirect(routes.STAFF_SIGN_IN)
    if owner and not identity.is_owner:
        return None, rx.toast.error("Only the account owner can do this.")
    remember = getattr(state, "_remember_staff", None)
    if remember is not None:  # the shell shows who is signed in on every page, whichever handler ran
        remember(identity)
    return identity, None


@contextmanager
def _acting_as(identity: StaffIdentity | None) -> Iterator[None]:
    token = _current_staff.set(identity)  # type: ignore[arg-type]
    try:
        yield
    finally:
        with suppress(ValueError):  # a handler resumed in another context has nothing to reset here
            _current_staff.reset(token)


def _forget_session(state: Any) -> None:
    """Clear everything the browser was shown, up to and including the dead session cookie."""
    node = state
    while isinstance(node, AuthState):
        node.reset()
        node = node.parent_state


def public(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a handler that is safe for anyone to call (sign-in forms, form field setters)."""
    setattr(handler, GUARD_MARKER, "public")
    return handler
