"""The root of every state: the session cookies, and the one way state code calls a service."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from customer_portal.cookies import STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.settings import settings

T = TypeVar("T")

COOKIE_OPTIONS: dict[str, Any] = {"path": "/", "same_site": "lax", "secure": settings.uses_https}


def _call_in_transaction(service: Callable[..., T], kwargs: dict[str, Any]) -> T:
    with session_scope() as session:
        return service(session, **kwargs)


async def call_service(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a service in its own transaction on a worker thread.

    Services do blocking database work and bcrypt; on the event loop they would stall every user.
    """
    return await asyncio.to_thread(_call_in_transaction, service, kwargs)


async def call_with_transactions(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a service that opens its own transactions, on a worker thread: card payments commit their
    attempt before calling Stripe and record the answer in another transaction."""
    return await asyncio.to_thread(service, session_scope, **kwargs)


class AuthState(rx.State):
    """Holds the browser's session token. It identifies nobody until a service resolves it."""

    staff_session_token: str = rx.Cookie("", name=STAFF_SESSION_COOKIE, **COOKIE_OPTIONS)

    @property
    def client_ip(self) -> str:
        return self.router.session.client_ip or ""
