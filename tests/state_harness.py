"""Call Reflex event handlers directly, the way the framework does, without a browser."""

from __future__ import annotations

from typing import Any

import reflex as rx

import customer_portal.customer_portal  # noqa: F401  (registers every state)


def new_state(state_class: type[rx.State], *, staff_token: str = "") -> Any:
    """A fresh client's instance of `state_class`, carrying the given session cookie."""
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_class.get_full_name().split(".")[1:])
    state.staff_session_token = staff_token
    return state


async def run_handler(state: rx.State, name: str, *args: Any) -> list[Any]:
    """Run a handler to completion and return what it returned or yielded (redirects, toasts)."""
    result = type(state).event_handlers[name].fn(state, *args)
    if hasattr(result, "__anext__"):
        return [item async for item in result if item is not None]
    outcome = await result
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
