"""The root of every state: the session cookies, and the one way state code calls a service."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.registry import RegistrationContext
from sqlmodel import Session

from customer_portal import routes
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.i18n import _
from customer_portal.services.accounts import sessions

T = TypeVar("T")
P = ParamSpec("P")  # a service's own arguments after the session: the checker sees a misspelt or missing one

# Set on every handler by the guards (state/guards.py): "staff", "owner", "customer" or "public".
GUARD_MARKER = "__portal_guard__"


async def call_service(service: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a service in its own transaction on a worker thread.

    Services do blocking database work and bcrypt; on the event loop they would stall every user.
    """

    def in_transaction() -> T:
        with session_scope() as session:
            return service(session, *args, **kwargs)

    return await asyncio.to_thread(in_transaction)


async def call_with_transactions(
    service: Callable[Concatenate[Callable[[], AbstractContextManager[Session]], P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Run a service that opens its own transactions, on a worker thread: card payments commit their
    attempt before calling Stripe and record the answer in another transaction."""
    return await asyncio.to_thread(service, session_scope, *args, **kwargs)


class _Throttled(Protocol):
    pause_seconds: float


S = TypeVar("S", bound=_Throttled)


async def sign_in_after_pauses(service: Callable[..., S], /, **kwargs: Any) -> S:
    """A sign-in service may ask for a pause first (services/accounts/throttle.py: an account under attack answers
    slowly). Wait here, on the event loop, where a thousand waiting attempts cost no thread and no transaction;
    then ask again, saying how long was waited. The pause is bounded, so this ends."""
    waited = 0.0
    while True:
        result = await call_service(service, waited_seconds=waited, **kwargs)
        if not result.pause_seconds:
            return result
        await asyncio.sleep(result.pause_seconds - waited)
        waited = result.pause_seconds


def cookie_value(cookie_header: str, name: str) -> str:
    """One cookie from a `Cookie` request header ("" when absent); a malformed pair is skipped, not fatal."""
    for pair in cookie_header.split(";"):
        key, separator, value = pair.strip().partition("=")
        if separator and key == name:
            return value.strip().strip('"')
    return ""


def setvar(self: Any, /, *args: Any, **kwargs: Any) -> Any:
    """Stands in for Reflex's built-in `setvar`, which would call `set_<name>(value)` for any name a browser
    sends (and raise on a name that is not text). Our pages never use it: every change goes through a typed,
    guarded handler. So it refuses whatever it is sent. (Named `setvar`: events find a handler by its name.)"""
    return rx.toast.error(_("That request was not understood. Nothing was changed."))


setattr(setvar, GUARD_MARKER, "public")


def _refuse_setvar(state: type[rx.State]) -> None:
    """Put our `setvar` in place of the one Reflex generated for this state, where events find it."""
    if "setvar" in state.event_handlers:  # mixins have none
        handler = EventHandler(fn=setvar, state=state)
        state.setvar = state.event_handlers["setvar"] = handler
        RegistrationContext.register_event_handler(handler, states=(state,))


class AuthState(rx.State):
    """Reads the browser's session cookies. They are HttpOnly: set and cleared only by the HTTP routes in
    `api/session_cookies.py`, never readable by a script, and seen here only in the websocket handshake. A
    token identifies nobody until a service resolves it."""

    # A server route the browser must load as a whole page (only an HTTP response can set an HttpOnly cookie),
    # and the connection that asked: once that page load opens a new connection, nothing is pending any more.
    _page_load_target: str = ""
    _page_load_connection: str = ""

    @classmethod
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _refuse_setvar(cls)

    @rx.var
    def page_load_target(self) -> str:
        if self._page_load_connection != self.router.session.session_id:
            return ""
        return self._page_load_target

    def _load_whole_page(self, target: str) -> None:
        self._page_load_target, self._page_load_connection = target, self.router.session.session_id

    async def _hand_session_to_browser(self, token: str, *, then: str) -> None:
        """After a sign-in: the browser fetches its HttpOnly cookie with a one-time code, then opens `then`."""
        code = await call_service(sessions.begin_handoff, token=token)
        self._load_whole_page(routes.session_begin(code, then))

    def _cookie(self, name: str) -> str:
        return cookie_value(self.router.headers.cookie, name)[:200]

    @property
    def staff_session_token(self) -> str:
        return self._cookie(STAFF_SESSION_COOKIE)

    @property
    def portal_session_token(self) -> str:
        return self._cookie(CUSTOMER_SESSION_COOKIE)

    @property
    def client_ip(self) -> str:
        """The browser's address, for throttles and evidence: behind a trusted proxy, the one it forwarded
        (api/proxy.py rewrites the websocket's connection before Reflex reads it)."""
        return self.router.session.client_ip or ""


_refuse_setvar(AuthState)
