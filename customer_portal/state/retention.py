"""How much per-browser state the server keeps, and for how long.

Reflex keeps a state tree for every browser that connects (in memory and as files in `.states/` with one worker, in
Redis with several), whether or not anyone signed in. It expires them after BROWSER_STATE_IDLE_MINUTES of
inactivity (rxconfig passes the setting to Reflex). That alone lets anyone who opens connections in a loop make the
server hold thousands of trees for an hour. With one worker this job also bounds how many are kept: beyond
BROWSER_STATE_LIMIT browsers, the least recently active idle ones are forgotten, memory and files. A forgotten
browser loses nothing that matters: identity is in its cookie and every page reloads its data on load. (With Redis,
entries expire by the same idle time and Redis' own memory limit bounds the rest.)

This reaches into Reflex's disk state manager (pinned: reflex==0.10.1); the tests exercise it against that class.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from reflex.istate.manager.disk import StateManagerDisk
from reflex.state import State

from customer_portal.settings import settings

log = logging.getLogger(__name__)
CHECK_INTERVAL_SECONDS = 30.0


def _all_state_classes(state: type[State] = State) -> list[type[State]]:
    found = [state]
    for substate in state.get_substates():
        found += _all_state_classes(substate)
    return found


def forget_beyond_limit(manager: StateManagerDisk, *, limit: int) -> int:
    """Drop the least recently active browsers beyond `limit`, skipping any that is busy (locked, or waiting to
    be written). Returns how many were dropped."""
    by_age = sorted(manager._token_last_touched.items(), key=lambda item: item[1][0])
    excess = len(by_age) - limit
    if excess <= 0:
        return 0
    pending = {token.cache_key for token in manager._write_queue}
    classes = _all_state_classes()
    dropped = 0
    for cache_key, (_, token) in by_age:
        if dropped >= excess:
            break
        if cache_key in pending or manager._is_locked(token):
            continue
        manager._purge_token(token)
        if hasattr(token, "with_cls"):  # a browser's whole tree: one file per state class
            for state_class in classes:
                manager.token_path(token.with_cls(state_class)).unlink(missing_ok=True)
        dropped += 1
    return dropped


async def browser_state_loop(reflex_app: Any) -> None:
    """Runs inside the app: every half minute, hold the number of browsers kept to BROWSER_STATE_LIMIT."""
    while True:
        await asyncio.sleep(CHECK_INTERVAL_SECONDS)
        try:
            manager = reflex_app.state_manager
            if isinstance(manager, StateManagerDisk):
                dropped = forget_beyond_limit(manager, limit=settings.browser_state_limit)
                if dropped:
                    log.info("forgot the state of %s idle browsers (limit %s)", dropped, settings.browser_state_limit)
        except Exception:  # never let housekeeping take the app down
            log.exception("browser state housekeeping failed")
