"""A local stand-in for Stripe's HTTP API, for the real stripe SDK to talk to in tests.

It keeps state like Stripe does: customers; Checkout in setup mode with a hosted page a browser can click
through, saving a test card or a US bank account (verified at once, or by micro-deposits confirmed later, with
its mandate); setup intents; payment methods; payment intents confirmed with Stripe's test cards (a decline, a
card that wants 3-D Secure, with a hosted confirmation page) or a bank account (always "processing" until the
test settles it, as an ACH debit takes days; a debit without its mandate is refused); refunds; and the events
all of that produces, which a
test can deliver signed to the app's webhook. It checks API keys, replays idempotent requests and refuses a key
reused with other parameters, and can inject faults: a 500, a 429, a reply that never arrives after the charge
was made (the connection drops), and a slow reply that outlasts the client's timeout.
"""

from __future__ import annotations

import html
import itertools
import json
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

# Stripe's documented test payment methods: what the fake's hosted pages offer and how each behaves.
TEST_CARDS = {
    "pm_card_visa": ("visa", "4242"),
    "pm_card_mastercard": ("mastercard", "4444"),
    "pm_card_chargeDeclined": ("visa", "0002"),
    "pm_card_authenticationRequired": ("visa", "3184"),
}

# Test bank accounts (ACH Direct Debit): one verified at once through Financial Connections, one by micro-deposits.
TEST_BANKS = {
    "pm_usBankAccount_success": ("STRIPE TEST BANK", "6789"),
    "pm_usBankAccount_microdeposits": ("STRIPE TEST BANK", "1116"),
}

GOOD_SECRET_KEY = "sk_test_fake_1234567890abcdef"
FAULTS = ("500", "429", "lost_reply", "slow_reply")


class DropConnection(Exception):
    """The fake made the change and then hangs up, as a reply lost on the network looks to a client."""


@dataclass
class Fault:
    kind: str  # one of FAULTS
    path: str  # applies to requests whose path starts with this
    times: int = 1


def _card_error(code: str, message: str, intent: dict, decline_code: str = "") -> dict:
    error = {"type": "card_error", "code": code, "message": message, "payment_intent": intent}
    if decline_code:
        error["decline_code"] = decline_code
    return {"error": error}


def _invalid(message: str, code: str = "") -> dict:
    return {"error": {"type": "invalid_request_error", "message": message, **({"code": code} if code else {})}}


def _missing(object_id: str) -> dict:
    return _invalid(f"No such object: {object_id}", "resource_missing")


def _nested(form: dict[str, str], name: str) -> dict[str, str]:
    """Stripe's form encoding of a hash: metadata[invoice]=7 -> {"invoice": "7"}."""
    prefix = f"{name}["
    return {key[len(prefix) : -1]: value for key, value in form.items() if key.startswith(prefix)}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops a burst of connections, which retry a second later


@dataclass
class FakeStripe:
    account_name: str = "Bluewater Pool Care LLC"
    secret_keys: set[str] = field(default_factory=lambda: {GOOD_SECRET_KEY})
    latency: float = 0.0  # seconds added to every API request (the benchmark uses 0.1)
    slow_reply_seconds: float = 3.0
    hold_processing: bool = False  # new charges stay "processing" until settle() (like a bank debit)
    decline_amounts: set[int] = field(default_factory=set)  # any card is declined for these amounts (cents)
    requests: list[dict[str, Any]] = field(default_factory=list)
    customers: dict[str, dict] = field(default_factory=dict)
    sessions: dict[str, dict] = field(default_factory=dict)
    setup_intents: dict[str, dict] = field(default_factory=dict)
    payment_methods: dict[str, dict] = field(default_factory=dict)
    payment_intents: dict[str, dict] = field(default_factory=dict)
    charges: dict[str, dict] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    requests_per_second: int = 0  # like Stripe's own limit (25 in test mode): more in one second get a 429
    rate_limited: int = 0  # how many requests that limit refused
    _arrivals: deque[float] = field(default_factory=deque)
    _idempotent: dict[str, tuple[str, int, dict]] = field(default_factory=dict)
    _ids: Any = field(default_factory=itertools.count)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _server: ThreadingHTTPServer | None = None

    # ----- what tests look at -----

    def succeeded_intents(self) -> list[dict]:
        with self._lock:
            return [intent for intent in self.payment_intents.values() if intent["status"] == "succeeded"]

    def _over_rate_limit(self) -> bool:
        with self._lock:
            now = time.monotonic()
            while self._arrivals and now - self._arrivals[0] >= 1.0:
                self._arrivals.popleft()
            if self.requests_per_second and len(self._arrivals) >= self.requests_per_second:
                self.rate_limited += 1
                return True
            self._arrivals.append(now)
            return False

    def inject(self, kind: str, path: str = "/v1/payment_intents", times: int = 1) -> None:
        assert kind in FAULTS, kind
        with self._lock:
            self.faults.append(Fault(kind, path, times))

    def _take_fault(self, method: str, path: str) -> str | None:
        with self._lock:
            for fault in self.faults:
                if method == "POST" and path.startswith(fault.path) and fault.times > 0:
                    fault.times -= 1
                    return fault.kind
        return None

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}"

    def _event(self, event_type: str, obj: dict) -> dict:
        event = {
            "id": self._new_id("evt"),
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": json.loads(json.dumps(obj))},  # a snapshot, as Stripe sends
        }
        self.events.append(event)
        return event

    # ----- Checkout (setup mode) -----

    def complete_checkout(self, session_id: str, card: str = "pm_card_visa") -> str:
        """What the hosted page does when the customer saves a card or a bank account (`card` names a test card or
        a test bank); returns the success URL."""
        with self._lock:
            checkout = self.sessions[session_id]
            method_id, intent_id = self._new_id("pm"), self._new_id("seti")
            method: dict[str, Any] = {
                "id": method_id,
                "object": "payment_method",
                "customer": checkout["customer"],
                "test_card": card,
            }
            intent: dict[str, Any] = {
                "id": intent_id,
                "object": "setup_intent",
                "status": "succeeded",
                "customer": checkout["customer"],
                "payment_method": method_id,
                "mandate": None,
                "next_action": None,
            }
            if card in TEST_BANKS:
                bank, last4 = TEST_BANKS[card]
                method.update(type="us_bank_account", us_bank_account={"bank_name": bank, "last4": last4})
                intent["mandate"] = self._new_id("mandate")
                if card == "pm_usBankAccount_microdeposits":
                    intent.update(status="requires_action", next_action={"type": "verify_with_microdeposits"})
            else:
                brand, last4 = TEST_CARDS[card]
                method.update(type="card", card={"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2030})
            self.payment_methods[method_id] = method
            self.setup_intents[intent_id] = intent
            checkout.update(status="complete", setup_intent=intent_id)
            self._event("checkout.session.completed", checkout)
            return checkout["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)

    def verify_microdeposits(self, setup_intent_id: str) -> dict:
        """The customer types the two small amounts from their bank statement, days later."""
        with self._lock:
            intent = self.setup_intents[setup_intent_id]
            assert intent["status"] == "requires_action"
            intent.update(status="succeeded", next_action=None)
            return self._event("setup_intent.succeeded", intent)

    # ----- payment intents -----

    def _behaviour(self, payment_method: str) -> str:
        if payment_method in TEST_CARDS or payment_method in TEST_BANKS:
            return payment_method
        return self.payment_methods.get(payment_method, {}).get("test_card", "")

    def _charge(self, intent: dict) -> None:
        charge_id = self._new_id("ch")
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_refunded": 0,
            "refunded": False,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "customer": intent["customer"],
        }
        intent.update(status="succeeded", amount_received=intent["amount"], latest_charge=charge_id)
        intent["next_action"] = None
        self._event("payment_intent.succeeded", intent)

    def _decline(self, intent: dict, code: str, message: str) -> None:
        intent.update(status="requires_payment_method", next_action=None)
        intent["last_payment_error"] = {"code": code, "message": message, "type": "card_error"}
        self._event("payment_intent.payment_failed", intent)

    def _create_intent(self, form: dict[str, str]) -> tuple[int, dict]:
        customer, method = form.get("customer", ""), form.get("payment_method", "")
        if customer not in self.customers:
            return 400, _missing(customer)
        behaviour = self._behaviour(method)
        if not behaviour:
            return 400, _missing(method)
        if method in self.payment_methods and self.payment_methods[method]["customer"] != customer:
            return 400, _invalid("The payment method does not belong to this customer.")
        if behaviour in TEST_BANKS and form.get("mandate") != self._mandate_of(method):
            message = "A debit from a bank account needs the mandate its customer gave."
            return 400, _invalid(message, "mandate_invalid")
        if "payment_method_types[0]" in form:  # removed in the API version stripe 16 pins
            return 400, _invalid("Received unknown parameter: payment_method_types")
        intent_id = self._new_id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "amount_received": 0,
            "currency": form.get("currency", "usd"),
            "customer": customer,
            "payment_method": method,
            "status": "requires_confirmation",
            "metadata": _nested(form, "metadata"),
            "created": int(time.time()),
            "client_secret": f"{intent_id}_secret_fake",
            "last_payment_error": None,
            "next_action": None,
            "latest_charge": None,
            "return_url": form.get("return_url", ""),
        }
        self.payment_intents[intent_id] = intent
        self._event("payment_intent.created", intent)
        off_session = form.get("off_session") == "true"
        if behaviour in TEST_BANKS:
            intent["status"] = "processing"  # an ACH debit clears (or is returned) days later: settle()
            self._event("payment_intent.processing", intent)
            return 200, intent
        if behaviour == "pm_card_chargeDeclined" or intent["amount"] in self.decline_amounts:
            self._decline(intent, "card_declined", "Your card was declined.")
            return 402, _card_error("card_declined", "Your card was declined.", intent, "generic_decline")
        if behaviour == "pm_card_authenticationRequired":
            if off_session:
                message = "This payment requires the customer to authenticate."
                self._decline(intent, "authentication_required", message)
                return 402, _card_error("authentication_required", message, intent, "authentication_required")
            intent["status"] = "requires_action"
            intent["next_action"] = {
                "type": "redirect_to_url",
                "redirect_to_url": {"url": f"{self.url}/3ds/{intent_id}", "return_url": intent["return_url"]},
            }
            self._event("payment_intent.requires_action", intent)
            return 200, intent
        if self.hold_processing:
            intent["status"] = "processing"
            self._event("payment_intent.processing", intent)
            return 200, intent
        self._charge(intent)
        return 200, intent

    def _mandate_of(self, method_id: str) -> str | None:
        for intent in self.setup_intents.values():
            if intent["payment_method"] == method_id and intent["status"] == "succeeded":
                return intent["mandate"]
        return None

    def settle(self, intent_id: str, *, succeed: bool = True) -> None:
        """A processing payment clears (or fails) at the bank."""
        with self._lock:
            intent = self.payment_intents[intent_id]
            assert intent["status"] == "processing"
            if succeed:
                self._charge(intent)
            else:
                self._decline(intent, "payment_failed", "The bank returned the payment.")

    def authenticate(self, intent_id: str, *, approve: bool = True) -> str:
        """What the hosted 3-D Secure page does; returns the URL the customer goes back to."""
        with self._lock:
            intent = self.payment_intents[intent_id]
            if intent["status"] == "requires_action":
                if approve:
                    self._charge(intent)
                else:
                    self._decline(intent, "payment_intent_authentication_failure", "The bank refused the payment.")
            query = urlencode({"payment_intent": intent_id, "payment_intent_client_secret": intent["client_secret"]})
            return f"{intent['return_url']}{'&' if '?' in intent['return_url'] else '?'}{query}"

    def refund(self, intent_id: str, amount: int | None = None) -> dict:
        """Refund (part of) a charge, as the office would in Stripe's dashboard; returns the charge."""
        with self._lock:
            intent = self.payment_intents[intent_id]
            charge = self.charges[intent["latest_charge"]]
            charge["amount_refunded"] = min(charge["amount"], charge["amount_refunded"] + (amount or charge["amount"]))
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            self._event("charge.refunded", charge)
            return charge

    def detach_method(self, method_id: str) -> None:
        """A card detached outside the app (the dashboard, or the card's expiry)."""
        with self._lock:
            method = self.payment_methods[method_id]
            method["customer"] = None
            self._event("payment_method.detached", method)

    def _list_intents(self, query: dict[str, str]) -> dict:
        since = int(query.get("created[gte]", "0"))
        found = [
            intent
            for intent in self.payment_intents.values()
            if intent["customer"] == query.get("customer", intent["customer"]) and intent["created"] >= since
        ]
        found.sort(key=lambda intent: intent["id"], reverse=True)
        after = query.get("starting_after")
        if after:
            ids = [intent["id"] for intent in found]
            found = found[ids.index(after) + 1 :] if after in ids else []
        limit = int(query.get("limit", "10"))
        return {"object": "list", "url": "/v1/payment_intents", "data": found[:limit], "has_more": len(found) > limit}

    # ----- webhooks -----

    def deliver(self, url: str, secret: str, event: dict, *, signature: str | None = None, verify: bool = True) -> int:
        """POST one event to the app as Stripe would, signed with the endpoint's secret; 0 when no answer came
        (`verify=False`: a proxy with a test certificate in front)."""
        import stripe  # only for its documented test helper that signs payloads

        payload = json.dumps(event)
        header = signature or stripe.WebhookSignature.generate_signature_header(payload, secret)
        request = urllib.request.Request(
            url, data=payload.encode(), headers={"Stripe-Signature": header, "Content-Type": "application/json"}
        )
        context = None if verify else ssl._create_unverified_context()
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError):  # the connection dropped: Stripe would deliver again
            return 0

    # ----- the HTTP API -----

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def handle(
        self,
        method: str,
        path: str,
        authorization: str,
        form: dict[str, str] | None = None,
        idempotency_key: str = "",
        query: dict[str, str] | None = None,
    ) -> tuple[int, dict]:
        form, query = form or {}, query or {}
        with self._lock:
            self.requests.append({"method": method, "path": path, "form": form, "idempotency_key": idempotency_key})
        key = authorization.removeprefix("Bearer ").strip()
        if key not in self.secret_keys:
            return 401, _invalid("Invalid API Key provided.")
        limited = self._over_rate_limit()  # counted on arrival, as Stripe counts
        if self.latency:
            time.sleep(self.latency)
        fault = "429" if limited else self._take_fault(method, path)
        if fault == "500":
            return 500, {"error": {"type": "api_error", "message": "An unknown error occurred."}}
        if fault == "429":
            return 429, {"error": {"type": "rate_limit_error", "message": "Too many requests.", "code": "rate_limit"}}
        with self._lock:
            if method == "POST" and idempotency_key:
                fingerprint = json.dumps([path, sorted(form.items())])
                if idempotency_key in self._idempotent:
                    first, status, body = self._idempotent[idempotency_key]
                    if first != fingerprint:
                        return 400, {
                            "error": {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be used with the same parameters "
                                "they were first used with.",
                            }
                        }
                    answer = status, body
                else:
                    answer = self._route(method, path, form, query)
                    self._idempotent[idempotency_key] = (fingerprint, *answer)
            else:
                answer = self._route(method, path, form, query)
        if fault == "lost_reply":
            raise DropConnection
        if fault == "slow_reply":
            time.sleep(self.slow_reply_seconds)
        return answer

    def _route(self, method: str, path: str, form: dict[str, str], query: dict[str, str]) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/v1/account":
            return 200, {
                "id": "acct_fake123",
                "object": "account",
                "business_profile": {"name": self.account_name},
                "settings": {"dashboard": {"display_name": self.account_name}},
            }
        if method == "POST" and path == "/v1/customers":
            customer_id = self._new_id("cus")
            self.customers[customer_id] = {"id": customer_id, "object": "customer", "email": form.get("email", "")}
            return 200, self.customers[customer_id]
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create_checkout(form)
        if method == "POST" and path == "/v1/payment_intents":
            return self._create_intent(form)
        if method == "GET" and path == "/v1/payment_intents":
            return 200, self._list_intents(query)
        if method == "POST" and parts[:2] == ["v1", "payment_intents"] and parts[-1] == "cancel":
            intent = self.payment_intents.get(parts[2])
            if intent is None:
                return 404, _missing(parts[2])
            if intent["status"] in ("succeeded", "canceled", "processing"):
                return 400, _invalid(
                    f"This PaymentIntent's status is {intent['status']}.", "payment_intent_unexpected_state"
                )
            intent.update(status="canceled", next_action=None)
            self._event("payment_intent.canceled", intent)
            return 200, intent
        if method == "POST" and path == "/v1/refunds":
            intent = self.payment_intents.get(form.get("payment_intent", ""))
            if intent is None or intent["status"] != "succeeded":
                return 400, _invalid("This PaymentIntent has no charge to refund.")
            charge = self.refund(intent["id"], int(form["amount"]) if "amount" in form else None)
            return 200, {"id": self._new_id("re"), "object": "refund", "charge": charge["id"], "status": "succeeded"}
        found = {
            ("v1", "checkout", "sessions"): self.sessions,
            ("v1", "setup_intents"): self.setup_intents,
            ("v1", "payment_methods"): self.payment_methods,
            ("v1", "payment_intents"): self.payment_intents,
        }.get(tuple(parts[:-1]))
        if method == "GET" and found is not None:
            return (200, found[parts[-1]]) if parts[-1] in found else (404, _missing(parts[-1]))
        if method == "POST" and parts[:2] == ["v1", "payment_methods"] and parts[-1] == "detach":
            method_obj = self.payment_methods.get(parts[2])
            if method_obj is None:
                return 404, _missing(parts[2])
            method_obj["customer"] = None
            return 200, method_obj
        return 404, _invalid(f"Unrecognized request URL ({path}).")

    def _create_checkout(self, form: dict[str, str]) -> tuple[int, dict]:
        if form.get("mode") != "setup" or form.get("customer") not in self.customers:
            return 400, _invalid("Bad setup session.")
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

    # ----- hosted pages, for a browser -----

    def checkout_page(self, session_id: str) -> str:
        cards = "".join(
            f'<button name="card" value="{card}" id="{card}">{brand.title()} •••• {last4}</button>'
            for card, (brand, last4) in {**TEST_CARDS, **TEST_BANKS}.items()
        )
        return (
            "<html><body><h1>Fake Stripe Checkout</h1>"
            f"<form method='post' action='/checkout/{html.escape(session_id)}'>{cards}</form></body></html>"
        )

    def authentication_page(self, intent_id: str) -> str:
        return (
            "<html><body><h1>Fake 3-D Secure</h1>"
            f"<form method='post' action='/3ds/{html.escape(intent_id)}'>"
            "<button name='result' value='approve' id='approve'>Complete authentication</button>"
            "<button name='result' value='refuse' id='refuse'>Fail authentication</button></form></body></html>"
        )

    def start(self) -> FakeStripe:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's requests session expects
            disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

            def _send(self, status: int, data: bytes, content_type: str, location: str = "") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(data)

            def _hosted(self, path: str, form: dict[str, str]) -> None:
                kind, object_id = path.strip("/").split("/", 1)
                if self.command == "GET":
                    page = fake.checkout_page(object_id) if kind == "checkout" else fake.authentication_page(object_id)
                    self._send(200, page.encode(), "text/html")
                elif kind == "checkout":
                    self._send(
                        303, b"", "text/plain", fake.complete_checkout(object_id, form.get("card", "pm_card_visa"))
                    )
                else:
                    target = fake.authenticate(object_id, approve=form.get("result") == "approve")
                    self._send(303, b"", "text/plain", target)

            def _answer(self) -> None:
                path, _, raw_query = self.path.partition("?")
                length = int(self.headers.get("Content-Length", "0") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
                if path.startswith(("/checkout/", "/3ds/")):
                    self._hosted(path, form)
                    return
                try:
                    status, body = fake.handle(
                        self.command,
                        path,
                        self.headers.get("Authorization", ""),
                        form,
                        self.headers.get("Idempotency-Key", ""),
                        dict(parse_qsl(raw_query)),
                    )
                except DropConnection:
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(status, json.dumps(body).encode(), "application/json")

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
