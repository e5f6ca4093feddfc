"""A local stand-in for Resend's HTTP API, for the real `resend` SDK to talk to in tests.

It keeps what it received, honours idempotency keys the way Resend does (a repeated key gets the first
answer and sends nothing new), can enforce a requests-per-second limit with 429s, and answers with
429 or 500 on demand.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Delivered:
    to: str
    subject: str
    text: str
    html: str
    sender: str
    reply_to: str
    idempotency_key: str
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[dict[str, str]] = field(default_factory=list)  # filename, content (base64), content_type


@dataclass
class FakeResend:
    requests_per_second: float | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    delivered: list[Delivered] = field(default_factory=list)
    _answers: dict[str, tuple[int, dict]] = field(default_factory=dict)
    _failures: list[tuple[int, float | None]] = field(default_factory=list)
    _last_accepted: float = 0.0
    refused_for_rate: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail_next(self, status: int, *, times: int = 1, retry_after: float | None = None) -> None:
        with self._lock:
            self._failures.extend([(status, retry_after)] * times)

    def inbox(self, address: str) -> list[Delivered]:
        return [message for message in self.delivered if message.to == address.lower()]

    def handle(self, path: str, key: str, payload: Any) -> tuple[int, dict, dict[str, str]]:
        with self._lock:
            self.requests.append({"path": path, "idempotency_key": key, "payload": payload, "at": time.monotonic()})
            if key and key in self._answers:
                status, body = self._answers[key]
                return status, body, {}
            if self._failures:
                status, retry_after = self._failures.pop(0)
                return _error(status, retry_after)
            now = time.monotonic()
            if self.requests_per_second and now - self._last_accepted < 1 / self.requests_per_second:
                self.refused_for_rate += 1
                return _error(429, 1 / self.requests_per_second)
            messages = payload if path == "/emails/batch" else [payload]
            if (path == "/emails/batch" and len(messages) > 100) or any("@" not in m["to"][0] for m in messages):
                return _error(422, None, "validation_error")
            if path == "/emails/batch" and any(m.get("attachments") for m in messages):
                # Resend's batch endpoint silently drops attachments; refusing makes a test notice instead.
                return _error(422, None, "validation_error")
            self._last_accepted = now
            ids = []
            for message in messages:
                ids.append(str(uuid.uuid4()))
                self.delivered.append(
                    Delivered(
                        to=message["to"][0].lower(),
                        subject=message["subject"],
                        text=message.get("text", ""),
                        html=message.get("html", ""),
                        sender=message["from"],
                        reply_to=message.get("reply_to", ""),
                        idempotency_key=key,
                        headers=message.get("headers", {}),
                        attachments=message.get("attachments", []),
                    )
                )
            body = {"data": [{"id": i} for i in ids]} if path == "/emails/batch" else {"id": ids[0]}
            if key:
                self._answers[key] = (200, body)
            return 200, body, {}

    def start(self) -> FakeResend:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"null")
                status, body, headers = fake.handle(self.path, self.headers.get("Idempotency-Key", ""), payload)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def _error(status: int, retry_after: float | None, name: str | None = None) -> tuple[int, dict, dict[str, str]]:
    names = {429: "rate_limit_exceeded", 500: "application_error", 422: "validation_error"}
    body = {"statusCode": status, "name": name or names.get(status, "application_error"), "message": f"fake {status}"}
    return status, body, ({"retry-after": f"{retry_after:g}"} if retry_after else {})
