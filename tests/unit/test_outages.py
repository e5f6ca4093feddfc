"""An outage is told once when it starts and once, with its length, when it ends: not once per request."""

import logging
import time

import redis
from sqlalchemy.exc import IntegrityError, OperationalError

from customer_portal.outages import Outage, log, outage_of


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.getMessage()}")


def test_many_failures_and_recoveries_make_two_lines_per_outage():
    lines = _Lines()
    log.addHandler(lines)
    try:
        outage = Outage("database")
        refused = OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused\nDETAIL: more"))
        for _ in range(50):
            outage.failed(refused)
        assert outage.ongoing
        for _ in range(3):
            outage.answered()
        outage.answered()
    finally:
        log.removeHandler(lines)
    assert not outage.ongoing
    assert len(lines.lines) == 2, lines.lines
    assert (
        lines.lines[0] == "ERROR The database is unreachable: connection refused. Pages say so until it answers again."
    )
    assert lines.lines[1].startswith("WARNING The database answers again, after an outage of ")


def test_a_watch_sees_the_end_of_an_outage_without_any_request():
    answers = iter([ConnectionRefusedError("still down"), None])

    def probe() -> None:
        if (error := next(answers)) is not None:
            raise error

    outage = Outage("database", probe=probe, every_seconds=0.01)
    outage.failed(OperationalError("SELECT 1", {}, ConnectionRefusedError("refused")))
    deadline = time.monotonic() + 5
    while outage.ongoing:
        assert time.monotonic() < deadline, "the watch never saw the database answer"
        time.sleep(0.01)


def test_only_connection_failures_are_outages():
    assert outage_of(OperationalError("x", {}, Exception("server closed the connection"))) is not None
    assert outage_of(redis.ConnectionError("Connection refused")) is not None
    assert outage_of(IntegrityError("x", {}, Exception("duplicate key"))) is None
    assert outage_of(ValueError("bad input")) is None
