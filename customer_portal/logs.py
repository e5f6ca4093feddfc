"""Logs people can read and machines can parse: a UTC timestamp, the level, the logger and, for what happens while
answering an HTTP request, that request's id; LOG_FORMAT=json writes one JSON object a line instead. HTTP routes get
an access log line each (method, path without its query string, status, milliseconds, client address): query
strings carry sign-in codes and tokens, so they are never written.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_portal.settings import settings

request_id: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("customer_portal.access")
_HANDLER_NAME = "customer_portal"


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def _request_id_of(record: logging.LogRecord) -> str:
    """The id _RequestId put on the record (an attribute logging does not declare)."""
    return str(getattr(record, "request_id", "-"))


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname} {record.name} [{_request_id_of(record)}] {record.getMessage()}"
        return f"{line}\n{self.formatException(record.exc_info)}" if record.exc_info else line


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": _request_id_of(record),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    """Our loggers write through one handler in the chosen format (once, however often the app is imported)."""
    portal = logging.getLogger("customer_portal")
    if any(handler.get_name() == _HANDLER_NAME for handler in portal.handlers):
        return
    portal.addHandler(portal_handler())
    portal.setLevel(logging.INFO)
    portal.propagate = False  # not twice through Reflex's own console handler


def portal_handler() -> logging.Handler:
    """The one handler our log lines go through, in the format LOG_FORMAT chose."""
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(_RequestId())
    handler.setFormatter(_JsonFormatter() if settings.log_format == "json" else _TextFormatter())
    return handler


def granian_log_config() -> dict[str, Any]:
    """Granian's supervisor (workers started, died, replaced) logs in the same format as the app."""
    handler = {"()": f"{__name__}.portal_handler"}
    return {"handlers": {"console": handler, "access": handler}}


def log_requests(app: ASGIApp) -> ASGIApp:
    """ASGI wrapper: an id for every HTTP request (the X-Request-Id the proxy sent, or a new one), in every log
    line written while answering it and in the response, and an access log line when it is answered."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers") or []}
        sent = headers.get("x-request-id", "")
        identifier = sent[:64] if sent.isprintable() and sent else uuid.uuid4().hex[:16]
        token = request_id.set(identifier)
        started, status = time.perf_counter(), 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", identifier.encode())]}
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "%s %s %s %.1f ms %s",
                scope.get("method", "-"),
                scope.get("path", "-"),
                status or 500,
                (time.perf_counter() - started) * 1000,
                (scope.get("client") or ("-", 0))[0],  # the browser's, behind a trusted proxy (api/proxy.py)
            )
            request_id.reset(token)

    return wrapped
