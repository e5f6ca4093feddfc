"""Log lines carry a UTC timestamp, the level, the logger and the request id (text or one JSON object a line);
every HTTP request gets an id and one access line, without its query string (sign-in codes travel there)."""

import json
import logging

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from customer_portal import logs

SECRET_CODE = "handoff-code-never-logged"


def _record(message: str, request: str = "abc123") -> logging.LogRecord:
    record = logging.LogRecord("customer_portal.jobs", logging.WARNING, __file__, 1, message, (), None)
    record.request_id = request
    return record


def test_a_text_line_has_time_level_logger_and_request():
    line = logs._TextFormatter().format(_record("email delivery: 0 sent"))
    stamp, level, logger, request, message = line.split(" ", 4)
    assert stamp.endswith("Z") and stamp[10] == "T" and len(stamp) == 24
    assert (level, logger, request, message) == (
        "WARNING",
        "customer_portal.jobs",
        "[abc123]",
        "email delivery: 0 sent",
    )


def test_json_lines_parse():
    entry = json.loads(logs._JsonFormatter().format(_record('a "quoted" message')))
    assert entry["level"] == "WARNING" and entry["message"] == 'a "quoted" message'
    assert entry["logger"] == "customer_portal.jobs" and entry["request_id"] == "abc123" and entry["time"].endswith("Z")


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"[{logs.request_id.get()}] {record.getMessage()}")


def test_every_request_gets_an_id_and_an_access_line_without_its_query():
    seen = _Lines()
    inner = logging.getLogger("customer_portal.test_handler")

    async def answer(_request):
        inner.warning("working on it")
        return PlainTextResponse("ok")

    app = logs.log_requests(Starlette(routes=[Route("/api/session/begin", answer)]))
    for logger in (logs.access_log, inner):
        logger.addHandler(seen)
    logs.access_log.setLevel(logging.INFO)  # what configure_logging sets for the app's loggers
    try:
        with TestClient(app) as client:
            first = client.get(f"/api/session/begin?code={SECRET_CODE}")
            second = client.get("/api/session/begin", headers={"X-Request-Id": "from-the-proxy"})
    finally:
        for logger in (logs.access_log, inner):
            logger.removeHandler(seen)
        logs.access_log.setLevel(logging.NOTSET)
    generated = first.headers["x-request-id"]
    assert second.headers["x-request-id"] == "from-the-proxy" and generated != "from-the-proxy"
    assert f"[{generated}] working on it" in seen.lines and "[from-the-proxy] working on it" in seen.lines
    accessed = sorted(line.rsplit(" 200 ", 1)[0] for line in seen.lines if " 200 " in line)
    assert accessed == sorted([f"[{generated}] GET /api/session/begin", "[from-the-proxy] GET /api/session/begin"])
    assert not any(SECRET_CODE in line for line in seen.lines)
