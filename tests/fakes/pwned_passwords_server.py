"""A local stand-in for Have I Been Pwned's Pwned Passwords range API (GET /range/{first five hex of SHA-1}).

It answers like the real one: every breached hash suffix under the prefix with its count, padded with made-up
suffixes of count 0 when asked (`Add-Padding: true`). It records what it was asked, so a test can show that only
five characters of the hash arrived, and can be slow (longer than the client's timeout) or answer garbage."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PADDED_LINES = 800


def sha1_hex(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


@dataclass
class FakePwnedPasswords:
    breached: dict[str, int] = field(default_factory=dict)  # password -> times seen
    delay_seconds: float = 0.0
    garbage: bool = False
    requests: list[dict[str, str]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, prefix: str, padded: bool) -> str:
        lines = [
            f"{digest[5:]}:{count}"
            for digest, count in ((sha1_hex(p), c) for p, c in self.breached.items())
            if digest.startswith(prefix)
        ]
        while padded and len(lines) < PADDED_LINES:
            lines.append(f"{secrets.token_hex(18)[:35].upper()}:0")
        return "\r\n".join(lines)

    def start(self) -> FakePwnedPasswords:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append({"path": self.path, "padding": self.headers.get("Add-Padding", "")})
                if fake.delay_seconds:
                    time.sleep(fake.delay_seconds)
                prefix = self.path.rsplit("/", 1)[-1].upper()
                if not self.path.startswith("/range/") or len(prefix) != 5:
                    self.send_response(400)
                    self.end_headers()
                    return
                body = (
                    b"<html>maintenance</html>"
                    if fake.garbage
                    else fake.answer(prefix, bool(fake.requests[-1]["padding"])).encode()
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
