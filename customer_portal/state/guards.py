"""Authorization for event handlers.

Reflex lets any browser call any handler with any arguments, whether or not it opened the page, so
every handler that touches protected data is wrapped here: `staff_only` for the office, `customer_only`
for the portal. A test fails when a handler is neither guarded nor on the reviewed public list.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import reflex as rx

from customer_portal import i18n, metrics, outages, routes
from customer_portal.i18n import _
from customer_portal.services.accounts import customer_auth, staff_auth
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.errors import NotAuthorized
from customer_portal.state.base import GUARD_MARKER, AuthState, call_service
from customer_portal.state.inputs import Rejected, argument_parser

_current_staff: ContextVar[StaffIdentity] = ContextVar("current_staff")
_current_customer: ContextVar[CustomerIdentity] = ContextVar("current_customer")

# An authorizer returns (identity, None) to let the handler run, or (None, events to send instead).
Authorizer = Callable[[Any], Awaitable[tuple[Any, Any]]]
# What to send when the service refuses inside an authorized handler (a section switched off, say).
RefusalAnswer = Callable[[Any, NotAuthorized], Any]


def _toast_refusal(_state: Any, refusal: NotAuthorized) -> Any:
    return rx.toast.error(str(refusal))


def current_staff() -> StaffIdentity:
    """The staff member the running handler was authorized for."""
    return _current_staff.get()


def current_customer() -> CustomerIdentity:
    """The customer the running portal handler was authorized for; every query is scoped to them."""
    return _current_customer.get()


def _guard(
    authorize: Authorizer, identity_var: ContextVar, marker: str, answer_refusal: RefusalAnswer = _toast_refusal
) -> Callable[[Callable[..., Any]], Any]:
    """Parse the arguments (state/inputs.py), then run `authorize`, before the handler; on refusal nothing of
    the handler runs. Works for coroutine handlers and for handlers that yield events."""

    area = "portal" if marker == "customer" else "office"

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        parse = argument_parser(handler)

        async def admit(self: Any, args: tuple, kwargs: dict) -> tuple[Any, Any, dict[str, Any]]:
            """(refusal, identity, arguments): a refusal to send instead, or who is acting with what. Input is
            parsed first, so input that is refused never reaches the database, not even to look up a session."""
            parsed = parse(args, kwargs)
            if isinstance(parsed, Rejected):
                return rx.toast.error(parsed.message), None, {}
            identity, refusal = await authorize(self)
            if refusal is not None:
                return refusal, None, {}
            return None, identity, parsed

        if inspect.isasyncgenfunction(handler):

            @functools.wraps(handler)
            async def guarded_stream(self: Any, /, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
                with _serving(self, area):
                    refusal, identity, arguments = await admit(self, args, kwargs)
                    if refusal is not None:
                        yield refusal
                        return
                    with _acting_as(identity_var, identity):
                        try:
                            async for event in handler(self, **arguments):
                                yield event
                        except NotAuthorized as refusal_in_handler:  # e.g. a section switched off meanwhile
                            yield answer_refusal(self, refusal_in_handler)

            guarded: Callable[..., Any] = guarded_stream
        else:

            @functools.wraps(handler)
            async def guarded_call(self: Any, /, *args: Any, **kwargs: Any) -> Any:
                with _serving(self, area):
                    refusal, identity, arguments = await admit(self, args, kwargs)
                    if refusal is not None:
                        return refusal
                    with _acting_as(identity_var, identity):
                        try:
                            return await handler(self, **arguments)
                        except NotAuthorized as refusal_in_handler:  # e.g. a section switched off meanwhile
                            return answer_refusal(self, refusal_in_handler)

            guarded = guarded_call
        setattr(guarded, GUARD_MARKER, marker)
        return guarded

    return decorate


@contextmanager
def _serving(state: Any, area: str) -> Iterator[None]:
    """Around every handler: its messages in the language of the page that sent the event (the address says it:
    /bluewater/es/... is Spanish; the office's pages are English), and its time, checks of its arguments and
    session included, in GET /api/metrics."""
    outages.redis_outage.answered()  # the event got here, so Reflex loaded its state: the state store answers
    started = time.perf_counter()
    try:
        with i18n.speaking(routes.language_of(str(state.router.url.path))):
            yield
    finally:
        metrics.observe_handler(area, time.perf_counter() - started)


@contextmanager
def _acting_as(identity_var: ContextVar, identity: Any) -> Iterator[None]:
    token = identity_var.set(identity)
    try:
        yield
    finally:
        with suppress(ValueError):  # a handler resumed in another context has nothing to reset here
            identity_var.reset(token)


def _forget_what_was_shown(state: Any) -> None:
    """Clear everything this browser was shown below the root. The dead cookie stays until the next sign-in
    replaces it: it is HttpOnly, so only an HTTP response could remove it, and it opens nothing any more."""
    node = state
    while isinstance(node, AuthState) and type(node) is not AuthState:
        node.reset()
        node = node.parent_state


def staff_only(*, owner: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """Only a signed-in staff member (the owner, with owner=True); others are sent to sign in."""

    async def authorize(state: Any) -> tuple[Any, Any]:
        identity = await call_service(staff_auth.current_staff, token=state.staff_session_token)
        if identity is None:
            _forget_what_was_shown(state)
            return None, rx.redirect(routes.STAFF_SIGN_IN)
        if owner and not identity.is_owner:
            return None, rx.toast.error(_("Only the account owner can do this."))
        remember = getattr(state, "_remember_staff", None)
        if remember is not None:  # the shell shows who is signed in on every page, whichever handler ran
            remember(identity)
        return identity, None

    return _guard(authorize, _current_staff, "owner" if owner else "staff")


def customer_only() -> Callable[[Callable[..., Any]], Any]:
    """Only a signed-in customer of a live portal; others are sent to the portal's sign-in page."""

    async def authorize(state: Any) -> tuple[Any, Any]:
        identity = await call_service(customer_auth.current_customer, token=state.portal_session_token)
        if identity is None:
            sign_in = state._sign_in_path(then=state._requested_page())
            _forget_what_was_shown(state)
            return None, rx.redirect(sign_in)
        state._remember_customer(identity)
        return identity, None

    def show_unavailable(state: Any, refusal: NotAuthorized) -> None:
        # A page the customer cannot use says so in place of its content: no dead buttons under a toast.
        state.unavailable = str(refusal)

    return _guard(authorize, _current_customer, "customer", show_unavailable)


def public(handler: Callable[..., Any]) -> Callable[..., Any]:
    """A handler that is safe for anyone to call (sign-in forms, form field setters). Its arguments are still
    parsed first (state/inputs.py)."""
    parse = argument_parser(handler)

    if inspect.isasyncgenfunction(handler):

        @functools.wraps(handler)
        async def open_stream(self: Any, /, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            with _serving(self, "public"):
                parsed = parse(args, kwargs)
                if isinstance(parsed, Rejected):
                    yield rx.toast.error(parsed.message)
                    return
                async for event in handler(self, **parsed):
                    yield event

        opened: Callable[..., Any] = open_stream
    elif inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def open_call(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            with _serving(self, "public"):
                parsed = parse(args, kwargs)
                if isinstance(parsed, Rejected):
                    return rx.toast.error(parsed.message)
                return await handler(self, **parsed)

        opened = open_call
    else:

        @functools.wraps(handler)
        def open_sync_call(self: Any, /, *args: Any, **kwargs: Any) -> Any:
            with _serving(self, "public"):
                parsed = parse(args, kwargs)
                if isinstance(parsed, Rejected):
                    return rx.toast.error(parsed.message)
                return handler(self, **parsed)

        opened = open_sync_call
    setattr(opened, GUARD_MARKER, "public")
    return opened
