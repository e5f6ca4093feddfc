"""Hostile input through every event handler the app registers, as no one, as a customer and as staff.

Reflex lets any client call any handler with any JSON. For every handler registered on our states (taken from
Reflex's registry, so a new handler is covered the day it is written) hypothesis generates payloads of the wrong
type, size and shape; each is run the way Reflex runs an event (its payload preparation, then the handler, then its
check of what the handler returned). No payload may raise, and input the typed layer refuses (state/inputs.py)
must leave the database exactly as it was.

`FUZZ_EXAMPLES=500 make services` runs a longer fuzz (the default keeps `make test` quick).
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reflex_base.event.processor.base_state_processor import _check_valid_yield, _prepare_event_payload
from reflex_base.registry import RegistrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import customer_portal.customer_portal  # noqa: F401  (registers every page and state)
from customer_portal.services.accounts import staff_auth
from customer_portal.services.demo.demo_data import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_PASSWORD,
    DEMO_OWNER_EMAIL,
    DEMO_STAFF_PASSWORD,
    seed_demo,
)
from customer_portal.state.inputs import Rejected, argument_parser
from tests.state_harness import new_state

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


def _registered_handlers() -> list[tuple[str, Any, type]]:
    found = []
    for name, registered in RegistrationContext.ensure_context().event_handlers.items():
        state = registered.states[0]
        if state.__module__.startswith("customer_portal."):
            found.append((f"{state.__name__}.{name.rsplit('.', 1)[-1]}", registered.handler, state))
    return sorted(found, key=lambda item: item[0])


HANDLERS = _registered_handlers()

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**19, max_value=10**30),
    st.integers(min_value=2**31, max_value=2**63),  # past PostgreSQL's INTEGER, within SQLite's
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "all", "1", "-1", "0", "approve", "../../etc/passwd", "<script>x</script>", "' OR 1=1--"]
    ),
    st.just("x" * 1_000_001),
    st.lists(st.integers() | st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=8), st.none() | st.text(max_size=8) | st.integers(), max_size=3),
    st.just({"__reflex_form_data__": [["email", None], ["password", ["a"]]]}),
)


def _payloads(handler) -> st.SearchStrategy[dict[str, Any]]:
    names = [name for name in inspect.signature(inspect.unwrap(handler.fn)).parameters][1:]
    full = st.fixed_dictionaries({name: HOSTILE for name in names})
    extra = st.dictionaries(st.sampled_from(["extra", "__class__", "self", *names]), HOSTILE, max_size=2)
    return st.tuples(full, extra, st.sets(st.sampled_from(names)) if names else st.just(set())).map(
        lambda parts: {k: v for k, v in {**parts[0], **parts[1]}.items() if k not in parts[2]}
    )


def _database_fingerprint(engine) -> str:
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name} ORDER BY 1")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


async def _run_like_reflex(handler, state, payload: dict[str, Any]) -> None:
    prepared = _prepare_event_payload(handler, payload)
    result = handler.fn(state, **prepared)
    if inspect.isasyncgen(result):
        async for event in result:
            _check_valid_yield(event, handler.fn.__qualname__)
        return
    if inspect.isawaitable(result):
        result = await result
    _check_valid_yield(result, handler.fn.__qualname__)


def _refused_by_the_typed_layer(handler, payload: dict[str, Any]) -> bool:
    if not handler.fn.__module__.startswith("customer_portal."):
        return True
    function = inspect.unwrap(handler.fn)
    if function.__name__ == "setvar":  # our stand-in refuses everything
        return True
    return isinstance(argument_parser(function)((), _prepare_event_payload(handler, payload)), Rejected)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    """A small company, with the sessions each role's browser would carry. SQLite: this is about input, and the
    database suites already run every service on PostgreSQL too."""
    import customer_portal.db
    from customer_portal.db import build_engine, session_scope
    from customer_portal.services.accounts import customer_auth, sessions

    engine = build_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/fuzz.db")
    SQLModel.metadata.create_all(engine)
    original = customer_portal.db.get_engine
    customer_portal.db.get_engine = lambda: engine
    with session_scope() as session:
        seed_demo(session, customers=4, history_weeks=2, photo_customers=0, bcrypt_cost=4)
    with session_scope() as session:
        staff = staff_auth.sign_in(session, email=DEMO_OWNER_EMAIL, password=DEMO_STAFF_PASSWORD, client_ip="x")
        customer = customer_auth.sign_in(
            session, email=DEMO_CUSTOMER_EMAIL, password=DEMO_CUSTOMER_PASSWORD, client_ip="x"
        )
    tokens = {"no one": {}, "customer": {"portal_token": customer.token}, "staff": {"staff_token": staff.token}}
    del sessions
    yield engine, tokens
    customer_portal.db.get_engine = original
    engine.dispose()


def test_every_handler_of_ours_is_fuzzed():
    names = {name for name, _, _ in HANDLERS}
    assert len(names) > 150 and "PortalQuoteState.set_answer_field" in names and "PortalState.setvar" in names


@pytest.mark.parametrize("role", ["no one", "customer", "staff"])
@pytest.mark.parametrize(("name", "handler", "state_class"), HANDLERS, ids=[name for name, _, _ in HANDLERS])
def test_hostile_payloads_get_an_answer_never_an_exception(company, role, name, handler, state_class):
    engine, tokens = company

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(payload=_payloads(handler))
    def attack(payload: dict[str, Any]) -> None:
        state = new_state(state_class, **tokens[role])
        if hasattr(state, "slug"):
            state.slug = "bluewater"
        refused = _refused_by_the_typed_layer(handler, payload)
        before = _database_fingerprint(engine) if refused else None
        asyncio.run(_run_like_reflex(handler, state, payload))
        if refused:
            assert _database_fingerprint(engine) == before, f"{name} changed the database on refused input {payload!r}"

    attack()
