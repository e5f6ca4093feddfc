"""Anonymous visitors cannot make the server keep state without bound: beyond BROWSER_STATE_LIMIT browsers the
least recently active idle ones are forgotten, in memory and on disk (Reflex's own disk state manager here)."""

from __future__ import annotations

import asyncio

import pytest
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.token import BaseStateToken
from reflex.utils import prerequisites

from customer_portal.state.portal import PortalSignInState
from customer_portal.state.retention import forget_beyond_limit
from tests.state_harness import _REGISTRY


@pytest.fixture
def manager(tmp_path, monkeypatch):
    monkeypatch.setattr(prerequisites, "get_states_dir", lambda: tmp_path)
    manager = StateManagerDisk()
    manager._write_debounce_seconds = 0  # write at once, as the files are what we count
    yield manager
    if manager._write_queue_task is not None:
        manager._write_queue_task.cancel()


async def _visit(manager: StateManagerDisk, browser: str) -> None:
    """What an anonymous visit to the sign-in page leaves behind: a state tree, some of it written to disk."""
    async with manager.modify_state(BaseStateToken(ident=browser, cls=PortalSignInState)) as root:
        (await root.get_state(PortalSignInState)).error = f"visited by {browser}"


async def test_beyond_the_limit_the_oldest_idle_browsers_are_forgotten(manager, tmp_path):
    from reflex_base.registry import RegistrationContext

    RegistrationContext.set(_REGISTRY)
    for number in range(12):
        await _visit(manager, f"browser-{number:02d}")
        await asyncio.sleep(0.01)  # distinct "last active" times
    files_before = len(list(tmp_path.glob("*.pkl")))
    assert len(manager.states) == 12 and files_before >= 12

    assert forget_beyond_limit(manager, limit=5) == 7
    assert sorted(manager.states) == [f"browser-{number:02d}" for number in range(7, 12)]
    assert len(list(tmp_path.glob("*.pkl"))) == files_before * 5 // 12  # the forgotten ones' files are gone
    assert forget_beyond_limit(manager, limit=5) == 0


async def test_a_busy_browser_is_never_forgotten(manager):
    from reflex_base.registry import RegistrationContext

    RegistrationContext.set(_REGISTRY)
    for number in range(3):
        await _visit(manager, f"browser-{number}")
    busy = BaseStateToken(ident="browser-0", cls=PortalSignInState)
    async with manager.modify_state(busy):  # an event of the oldest browser is running
        assert forget_beyond_limit(manager, limit=1) == 2
        assert list(manager.states) == ["browser-0"]  # the two newer, idle ones went instead
