"""A local stand-in for Stripe's HTTP API, for the real stripe SDK to talk to in tests.

For now it answers what the app uses: the account behind a key (Settings > Payments, Test connection).
It checks the Authorization header like Stripe does and answers 401 to unknown keys.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GOOD_SECRET_KEY = "sk_test_fake_1234567890abcdef"


@dataclass
class FakeStripe:
    account_name: str = "Bluewater Pool Care LLC"
    secret_keys: set[str] = field(default_factory=lambda: {GOOD_SECRET_KEY})
    requests: list[dict[str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def handle(self, method: str, path: str, authorization: str) -> tuple[int, dict]:
        self.requests.append({"method": method, "path": path})
        key = authorization.removeprefix("Bearer ").strip()
        if key not in self.secret_keys:
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
        if method == "GET" and path == "/v1/account":
            return 200, {
                "id": "acct_fake123",
                "object": "account",
                "business_profile": {"name": self.account_name},
                "settings": {"dashboard": {"display_name": self.account_name}},
            }
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})."}}

    def start(self) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                status, body = fake.handle(self.command, self.path.split("?")[0], self.headers.get("Authorization", ""))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
