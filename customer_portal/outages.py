"""Losing the database or Redis while the app runs.

Nothing restarts and nobody has to: the engine tests a pooled connection before using it (pool_pre_ping) and the
Redis client reconnects on its next command, so the first request after the server is back succeeds. Meanwhile
customers and staff see a page that says what is happening (api/unavailable.py) instead of a spinner, and the
log gets one line when an outage starts and one, with its duration, when it ends: not a traceback per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import redis
from sqlalchemy.exc import InterfaceError, OperationalError

log = logging.getLogger(__name__)


def _reason(error: BaseException) -> str:
    """The driver's own first line (it names the host and what failed), without SQLAlchemy's SQL and links."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(cause).__name__


class Outage:
    """Whether one service is unreachable from this worker, and since when. While it is, a thread asks the
    service every few seconds (`probe`), so the end of an outage is seen, and logged with its length, even if
    no request comes to this worker; a request that succeeds ends it too."""

    def __init__(self, name: str, probe: Callable[[], object] | None = None, every_seconds: float = 2.0) -> None:
        self.name = name
        self._probe = probe
        self._every_seconds = every_seconds
        self._lock = threading.Lock()
        self._since: float | None = None

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if self._since is not None:
                return
            self._since = time.monotonic()
        log.error("The %s is unreachable: %s. Pages say so until it answers again.", self.name, _reason(error))
        if self._probe is not None:
            threading.Thread(target=self._watch, name=f"watching the {self.name}", daemon=True).start()

    def answered(self) -> None:
        if self._since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            since, self._since = self._since, None
        if since is not None:
            log.warning("The %s answers again, after an outage of %.0f s.", self.name, time.monotonic() - since)

    def _watch(self) -> None:
        assert self._probe is not None
        while self.ongoing:
            time.sleep(self._every_seconds)
            try:
                self._probe()
            except Exception:  # still down (whatever the driver raises): ask again later
                continue
            self.answered()


def _ping_database() -> None:
    from customer_portal.startup import database_problem  # startup.py imports db.py, which imports this module

    if (problem := database_problem()) is not None:
        raise ConnectionError(problem)


def _ping_redis() -> None:
    from customer_portal.startup import redis_problem

    if (problem := redis_problem()) is not None:
        raise ConnectionError(problem)


database = Outage("database", probe=_ping_database)
redis_outage = Outage("Redis server", probe=_ping_redis)


def outage_of(error: BaseException) -> Outage | None:
    """The outage an exception is a symptom of: a connection that failed or dropped, not a bad query."""
    if isinstance(error, OperationalError | InterfaceError):
        return database
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return redis_outage
    return None
