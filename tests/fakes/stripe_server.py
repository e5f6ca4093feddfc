"""A local stand-in for Stripe's HTTP API, for the real stripe SDK to talk to in tests.

It answers what the app uses so far: the account behind a key (Test connection); customers; Checkout in
setup mode with a hosted page a browser can click through (it saves one of Stripe's test cards); setup
intents; payment methods (retrieve, detach). It checks the Authorization header like Stripe does.
"""

from __future__ import annotations

import html
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

# Stripe's documented test payment methods, as the fake's hosted page offers them.
TEST_CARDS = {
    "pm_card_visa": ("visa", "4242"),
    "pm_card_mastercard": ("mastercard", "4444"),
    "pm_card_chargeDeclined": ("visa", "0002"),
    "pm_card_authenticationRequired": ("visa", "3184"),
}

GOOD_SECRET_KEY = "sk_test_fake_1234567890abcdef"


@dataclass
class FakeStripe:
    account_name: str = "Bluewater Pool Care LLC"
    secret_keys: set[str] = field(default_factory=lambda: {GOOD_SECRET_KEY})
    requests: list[dict[str, Any]] = field(default_factory=list)
    customers: dict[str, dict] = field(default_factory=dict)
    sessions: dict[str, dict] = field(default_factory=dict)
    setup_intents: dict[str, dict] = field(default_factory=dict)
    payment_methods: dict[str, dict] = field(default_factory=dict)
    _ids: Any = field(default_factory=itertools.count)
    _server: ThreadingHTTPServer | None = None

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}"

    def complete_checkout(self, session_id: str, card: str = "pm_card_visa") -> str:
        """What the hosted page does when the customer saves a card; returns the success URL."""
        checkout = self.sessions[session_id]
        brand, last4 = TEST_CARDS[card]
        method_id = self._new_id("pm")
        self.payment_methods[method_id] = {
            "id": method_id,
            "object": "payment_method",
            "type": "card",
            "customer": checkout["customer"],
            "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030},
            "test_card": card,
        }
        intent_id = self._new_id("seti")
        self.setup_intents[intent_id] = {
            "id": intent_id,
            "object": "setup_intent",
            "status": "succeeded",
            "customer": checkout["customer"],
            "payment_method": method_id,
        }
        checkout.update(status="complete", setup_intent=intent_id)
        return checkout["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def handle(
        self, method: str, path: str, authorization: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict]:
        form = form or {}
        self.requests.append({"method": method, "path": path, "form": form})
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
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v1/customers":
            customer_id = self._new_id("cus")
            self.customers[customer_id] = {"id": customer_id, "object": "customer", "email": form.get("email", "")}
            return 200, self.customers[customer_id]
        if method == "POST" and path == "/v1/checkout/sessions":
            if form.get("mode") != "setup" or form.get("customer") not in self.customers:
                return 400, {"error": {"type": "invalid_request_error", "message": "Bad setup session."}}
            session_id = self._new_id("cs_test")
            self.sessions[session_id] = {
                "id": session_id,
                "object": "checkout.session",
                "mode": "setup",
                "status": "open",
                "customer": form["customer"],
                "success_url": form["success_url"],
                "cancel_url": form["cancel_url"],
                "setup_intent": None,
                "url": f"{self.url}/checkout/{session_id}",
            }
            return 200, self.sessions[session_id]
        found = {
            ("v1", "checkout", "sessions"): self.sessions,
            ("v1", "setup_intents"): self.setup_intents,
            ("v1", "payment_methods"): self.payment_methods,
        }.get(tuple(parts[:-1]))
        if method == "GET" and found is not None:
            return (200, found[parts[-1]]) if parts[-1] in found else (404, _missing(parts[-1]))
        if method == "POST" and parts[:2] == ["v1", "payment_methods"] and parts[-1] == "detach":
            method_obj = self.payment_methods.get(parts[2])
            if method_obj is None:
                return 404, _missing(parts[2])
            method_obj["customer"] = None
            return 200, method_obj
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})."}}

    def hosted_page(self, session_id: str) -> str:
        cards = "".join(
            f'<button name="card" value="{card}" id="{card}">{brand.title()} •••• {last4}</button>'
            for card, (brand, last4) in TEST_CARDS.items()
        )
        return (
            "<html><body><h1>Fake Stripe Checkout</h1>"
            f"<form method='post' action='/checkout/{html.escape(session_id)}'>{cards}</form></body></html>"
        )

    def start(self) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, data: bytes, content_type: str, location: str = "") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(data)

            def _answer(self) -> None:
                path = self.path.split("?")[0]
                length = int(self.headers.get("Content-Length", "0") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
                if path.startswith("/checkout/"):  # the hosted page, used by a browser
                    session_id = path.removeprefix("/checkout/")
                    if self.command == "GET":
                        self._send(200, fake.hosted_page(session_id).encode(), "text/html")
                    else:
                        self._send(
                            303, b"", "text/plain", fake.complete_checkout(session_id, form.get("card", "pm_card_visa"))
                        )
                    return
                status, body = fake.handle(self.command, path, self.headers.get("Authorization", ""), form)
                self._send(status, json.dumps(body).encode(), "application/json")

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


def _missing(object_id: str) -> dict:
    return {
        "error": {
            "type": "invalid_request_error",
            "code": "resource_missing",
            "message": f"No such object: {object_id}",
        }
    }
