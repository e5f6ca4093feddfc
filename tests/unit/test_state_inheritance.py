"""A page must never rely on an inherited handler meaning something else.

Reflex makes every state subclass a child in the state tree, and a handler inherited from a parent state runs on
the parent's own instance. A subclass that redefines a method, property or handler its parent already has is never
consulted by the parent's handlers: that is how the reset-password page once ran the invite handlers and called
every reset link "not valid". Shared behaviour that varies per page belongs in a mixin (`rx.State, mixin=True`),
which gives each page's state its own copy of the handlers.
"""

import inspect

import reflex as rx
from reflex_base.event import EventHandler
from reflex_base.vars.base import ComputedVar

import customer_portal.customer_portal  # noqa: F401  (registers every page and state)
from customer_portal.state.portal import CreateLoginState, ResetPasswordState


def _our_states(state=rx.State):
    for substate in state.get_substates():
        if substate.__module__.startswith("customer_portal."):
            yield substate
        yield from _our_states(substate)


def _function_of(value: object) -> object:
    if isinstance(value, EventHandler):
        return value.fn
    if isinstance(value, ComputedVar):
        return value._fget
    if isinstance(value, property):
        return value.fget
    if isinstance(value, (classmethod, staticmethod)):
        return value.__func__
    return value if inspect.isfunction(value) else None


def _behaviour(state: type) -> set[str]:
    """Names a state class itself defines that carry behaviour of ours (methods, properties, handlers, computed
    vars). `setvar` is made for every class, each on its own instance (state/base.py), so it is no redefinition."""
    return {
        name
        for name, value in vars(state).items()
        if name != "setvar"
        and (function := _function_of(value)) is not None
        and not getattr(function, "__module__", "reflex").startswith("reflex")
    }


def _redefinitions(state: type) -> list[str]:
    found, own = [], _behaviour(state)
    parent = state.get_parent_state()
    while parent is not None and parent.__module__.startswith("customer_portal."):
        found += [
            f"{state.__name__}.{name} redefines {parent.__name__}.{name}" for name in sorted(own & _behaviour(parent))
        ]
        parent = parent.get_parent_state()
    return found


def test_no_state_redefines_behaviour_of_a_parent_state():
    assert [problem for state in _our_states() for problem in _redefinitions(state)] == []


def test_the_check_sees_a_redefinition(monkeypatch):
    """The check itself: the shape of the old bug (a page's state overriding a method of its parent) is reported."""
    assert _redefinitions(ResetPasswordState) == []
    monkeypatch.setattr(ResetPasswordState, "_sign_in_path", lambda self: "/elsewhere", raising=False)
    assert _redefinitions(ResetPasswordState) == [
        "ResetPasswordState._sign_in_path redefines PortalState._sign_in_path"
    ]


def test_each_link_page_runs_its_own_handlers():
    for page_state in (CreateLoginState, ResetPasswordState):
        for name in ("check_link", "set_password"):
            assert page_state.event_handlers[name].state_full_name == page_state.get_full_name()
    assert CreateLoginState._purpose(None) != ResetPasswordState._purpose(None)
