"""Call Reflex event handlers directly, the way the framework does, without a browser."""

from __future__ import annotations

import inspect
from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext

import customer_portal.customer_portal  # noqa: F401  (registers every state)

# Where importing the app registered every state; a test's event loop may run in a context without it.
_REGISTRY = RegistrationContext.ensure_context()


def new_state(state_class: type[rx.State], *, staff_token: str = "", portal_token: str = "") -> Any:
    """A fresh client's instance of `state_class`, whose websocket handshake carried these session cookies."""
    RegistrationContext.set(_REGISTRY)  # as the running app does for every event
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_class.get_full_name().split(".")[1:])
    send_cookies(state, staff_token=staff_token, portal_token=portal_token)
    return state


def send_cookies(state: rx.State, *, staff_token: str = "", portal_token: str = "") -> None:
    """As if the browser had connected with these HttpOnly cookies (states read them from the handshake)."""
    from reflex.istate.data import HeaderData

    from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE

    pairs = {STAFF_SESSION_COOKIE: staff_token, CUSTOMER_SESSION_COOKIE: portal_token}
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    root.rx_router_headers = HeaderData(cookie="; ".join(f"{name}={value}" for name, value in pairs.items() if value))


def connect_from(state: rx.State, *, peer: str, headers: dict[str, str] | None = None) -> None:
    """As if the browser's websocket came from `peer` with these request headers (X-Forwarded-For, ...)."""
    from reflex.istate.data import HeaderData, SessionData

    root = state
    while root.parent_state is not None:
        root = root.parent_state
    cookie = root.rx_router_headers.cookie
    root.rx_router_session = SessionData(client_ip=peer, session_id="a-connection")
    root.rx_router_headers = HeaderData.from_router_data({"headers": {**(headers or {}), "cookie": cookie}})


async def run_handler(state: rx.State, name: str, *args: Any) -> list[Any]:
    """Run a handler to completion and return what it returned or yielded (redirects, toasts)."""
    result = type(state).event_handlers[name].fn(state, *args)
    if hasattr(result, "__anext__"):
        return [item async for item in result if item is not None]
    outcome = await result if inspect.isawaitable(result) else result
    return [] if outcome is None else [outcome]


def is_redirect_to(event: Any, path: str) -> bool:
    return "redirect" in repr(event) and f'"{path}"' in repr(event)


def public_values(state: rx.State) -> dict[str, Any]:
    """What the browser would receive from this state and the states above it: every public var."""
    values: dict[str, Any] = {}
    node = state
    while node is not None and type(node) is not rx.State:
        values.update({name: getattr(node, name) for name in node.base_vars if not name.startswith("_")})
        node = node.parent_state
    return values


def open_page(state: rx.State, **params: str) -> None:
    """Pretend the browser is on a page with these route parameters (invoice_id=..., etc.)."""
    from reflex.istate.data import PageData

    root = state
    while root.parent_state is not None:
        root = root.parent_state
    root.rx_router_page = PageData(params=dict(params))


def whole_client_state(state: rx.State) -> str:
    """Everything this client's state holds, every substate included, as text to search."""
    import json

    root = state
    while root.parent_state is not None:
        root = root.parent_state
    return json.dumps(root.dict(), default=str, ensure_ascii=False)
