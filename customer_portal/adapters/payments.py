"""Stripe, through the official SDK's StripeClient. The only module that imports stripe.

Tests point `api_base` at a local fake server; the SDK itself runs unchanged.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import stripe

from customer_portal.domain.cards import MethodKind


class PaymentProviderError(Exception):
    """Stripe answered with an error, or could not be reached; the message is fit to show the office."""


class ChargeOutcomeUnknown(PaymentProviderError):
    """No definite answer (timeouts, 5xx, 429 after the SDK's retries): Stripe may or may not have charged.
    Only asking Stripe again later (the reconciler) can tell."""


class ProviderRefusedRequest(PaymentProviderError):
    """Stripe answered that the request itself is wrong (no such object, a bad parameter): asking again will
    not help."""


class InvalidWebhook(Exception):
    """The body does not carry a valid Stripe signature for our endpoint secret."""


@dataclass(frozen=True)
class IntentResult:
    """What we need of a PaymentIntent. `status` is Stripe's: succeeded, processing, requires_action,
    requires_payment_method (declined), canceled, ..."""

    id: str
    status: str
    amount: int
    amount_received: int
    currency: str
    customer_id: str
    attempt_key: str  # our idempotency key, from the intent's metadata
    action_url: str = ""
    failure_message: str = ""
    failure_code: str = ""


@dataclass(frozen=True)
class ChargeRequest:
    amount_cents: int
    currency: str
    customer_id: str
    payment_method_id: str
    attempt_key: str  # the idempotency key, also kept in metadata for the reconciler
    description: str
    off_session: bool  # AutoPay: the customer is not there to confirm with their bank
    return_url: str = ""  # Pay Now: where the bank's confirmation page sends the customer back
    metadata: dict[str, str] = field(default_factory=dict)
    mandate_id: str = ""  # a bank account's debit authorisation (ACH), from when it was saved


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    object: dict[str, Any]


def intent_from_data(data: dict[str, Any]) -> IntentResult:
    """A PaymentIntent as a plain dict (an API reply, or the object inside a webhook event)."""
    error = data.get("last_payment_error") or {}
    action = data.get("next_action") or {}
    return IntentResult(
        id=data["id"],
        status=data["status"],
        amount=data.get("amount") or 0,
        amount_received=data.get("amount_received") or 0,
        currency=data.get("currency") or "usd",
        customer_id=data.get("customer") or "",
        attempt_key=(data.get("metadata") or {}).get("portal_attempt", ""),
        action_url=((action.get("redirect_to_url") or {}).get("url") or "") if action else "",
        failure_message=error.get("message") or "",
        failure_code=error.get("decline_code") or error.get("code") or "",
    )


@dataclass(frozen=True)
class StripeAccount:
    id: str
    name: str


@dataclass(frozen=True)
class MethodOnFile:
    """A payment method Stripe saved for a customer: a card, or a bank account with its mandate."""

    id: str
    customer_id: str
    brand: str  # a card's brand, or the bank's name
    last4: str
    exp_month: int | None = None  # cards only
    exp_year: int | None = None
    kind: MethodKind = MethodKind.CARD
    mandate_id: str = ""


@dataclass(frozen=True)
class CheckoutStarted:
    id: str  # the Checkout Session, named again when the customer comes back
    url: str  # Stripe's page to send the customer to


@dataclass(frozen=True)
class SetupResult:
    """A finished Checkout setup session: which Stripe customer, and the method it saved (None if not done).
    `verifying`: a bank account entered by hand waits for the customer to confirm two small deposits."""

    customer_id: str
    method: MethodOnFile | None
    verifying: bool = False


class RequestPace:
    """At most `per_second` requests start in any one second, whichever thread sends them; and after the first
    `burst` of a quiet spell, one every 1/per_second seconds. Stripe counts requests as they arrive: a whole
    second's allowance set off at once arrives spread out by however busy the machine is, and its tail can share a
    second with the next one (26 in one second on a busy 2-core machine); spread starts leave room for that."""

    def __init__(
        self,
        per_second: int,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_second = per_second
        self.burst = min(burst or per_second, per_second)
        self._clock, self._sleep = clock, sleep
        self._starts: deque[float] = deque()
        self._tokens, self._refilled = float(self.burst), clock()
        self._lock = threading.Lock()

    def wait_turn(self) -> None:
        with self._lock:  # held while waiting: whoever comes next would wait for the same second anyway
            while True:
                now = self._clock()
                while self._starts and now - self._starts[0] >= 1.0:
                    self._starts.popleft()
                self._tokens = min(self.burst, self._tokens + (now - self._refilled) * self.per_second)
                self._refilled = now
                if len(self._starts) < self.per_second and self._tokens >= 1:
                    self._tokens -= 1
                    self._starts.append(now)
                    return
                window = 1.0 - (now - self._starts[0]) if len(self._starts) >= self.per_second else 0.0
                self._sleep(max(window, (1 - self._tokens) / self.per_second))


# Stripe refuses more than 25 requests a second in test mode and 100 in live mode (per account) with a 429,
# which the SDK does not retry: a charge refused that way would wait for the reconciler. Pay Now sends a
# customer's invoices together, so this process keeps under both with room for a second worker's requests.
_PACES = {"test": RequestPace(20, burst=8), "live": RequestPace(80, burst=32)}


def pace_for(secret_key: str) -> RequestPace:
    return _PACES["live" if "_live_" in secret_key else "test"]


class _PacedRequestsClient(stripe.RequestsClient):
    """The SDK's own HTTP client, waiting its turn before every request it sends (its retries included)."""

    def __init__(self, pace: RequestPace, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._pace = pace

    def request(self, method: str, url: str, headers: Any, post_data: Any = None) -> Any:
        self._pace.wait_turn()
        return super().request(method, url, headers, post_data)


class StripeGateway:
    def __init__(self, *, secret_key: str, api_base: str = "", timeout_seconds: float = 20.0) -> None:
        options = {"base_addresses": {"api": api_base}} if api_base else {}
        self._client = stripe.StripeClient(
            secret_key,
            max_network_retries=2,  # timeouts, dropped connections and 5xx are retried with the same key
            http_client=_PacedRequestsClient(pace_for(secret_key), timeout=timeout_seconds),
            **options,
        )

    def account(self) -> StripeAccount:
        """Who these keys belong to: used by "Test connection"."""
        try:
            account = self._client.v1.accounts.retrieve_current()
        except stripe.AuthenticationError:
            raise PaymentProviderError(
                "Stripe refused the secret key. Check that it is complete and current."
            ) from None
        except stripe.StripeError as error:
            raise PaymentProviderError(f"Stripe could not be reached: {error.user_message or error}") from None
        data = account.to_dict()  # stripe 16 objects are not dicts; a plain copy reads safely
        profile_name = (data.get("business_profile") or {}).get("name")
        display_name = ((data.get("settings") or {}).get("dashboard") or {}).get("display_name")
        return StripeAccount(data["id"], profile_name or display_name or data["id"])

    def _call(self, action):
        try:
            return action()
        except stripe.AuthenticationError:
            raise PaymentProviderError("Stripe refused the secret key.") from None
        except stripe.InvalidRequestError as error:
            raise ProviderRefusedRequest(f"Stripe refused the request: {error.user_message or error}") from None
        except stripe.StripeError as error:
            raise PaymentProviderError(f"Stripe could not be reached: {error.user_message or error}") from None

    def create_customer(self, *, email: str, name: str, reference: str) -> str:
        customer = self._call(
            lambda: self._client.v1.customers.create(
                params={"email": email, "name": name, "metadata": {"portal_customer": reference}},
                options={"idempotency_key": f"portal-customer-{reference}"},
            )
        )
        return customer["id"]

    def start_card_setup(self, *, customer_id: str, success_url: str, cancel_url: str) -> CheckoutStarted:
        """Stripe Checkout in setup mode: card or bank details go to Stripe's page, never ours. Which methods it
        offers (cards, wallets, US bank accounts) is set in the Stripe Dashboard; a bank account is verified
        instantly through Financial Connections, or by micro-deposits, and Checkout collects its mandate.
        """
        session = self._call(
            lambda: self._client.v1.checkout.sessions.create(
                params={
                    "mode": "setup",
                    "customer": customer_id,
                    "currency": "usd",
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                }
            )
        )
        return CheckoutStarted(session["id"], session["url"])

    def finished_setup(self, session_id: str) -> SetupResult:
        session = self._call(lambda: self._client.v1.checkout.sessions.retrieve(session_id))
        if session["status"] != "complete" or not session["setup_intent"]:
            return SetupResult(session["customer"], None)
        return self.setup_result(session["setup_intent"])

    def setup_result(self, setup_intent_id: str) -> SetupResult:
        """What a SetupIntent saved: from a finished Checkout, or when micro-deposits were confirmed later."""
        intent = self._call(lambda: self._client.v1.setup_intents.retrieve(setup_intent_id))
        if intent["status"] == "requires_action":
            return SetupResult(intent["customer"], None, verifying=True)
        if intent["status"] != "succeeded" or not intent["payment_method"]:
            return SetupResult(intent["customer"], None)
        method = self._call(lambda: self._client.v1.payment_methods.retrieve(intent["payment_method"]))
        if method["customer"] != intent["customer"]:  # removed since: a late webhook must not bring it back
            return SetupResult(intent["customer"], None)
        if method["type"] == MethodKind.BANK_ACCOUNT:
            bank = method["us_bank_account"]
            saved = MethodOnFile(
                method["id"],
                intent["customer"],
                bank["bank_name"] or "",
                bank["last4"],
                kind=MethodKind.BANK_ACCOUNT,
                mandate_id=intent["mandate"] or "",
            )
        else:
            card = method["card"]
            saved = MethodOnFile(
                method["id"], intent["customer"], card["brand"], card["last4"], card["exp_month"], card["exp_year"]
            )
        return SetupResult(intent["customer"], saved)

    def detach(self, payment_method_id: str) -> None:
        self._call(lambda: self._client.v1.payment_methods.detach(payment_method_id))

    # ----- charging -----

    def charge(self, request: ChargeRequest) -> IntentResult:
        """Create and confirm a PaymentIntent with a saved card. A decline comes back as a result with
        status requires_payment_method; an ambiguous failure raises ChargeOutcomeUnknown."""
        params: dict[str, Any] = {
            "amount": request.amount_cents,
            "currency": request.currency,
            "customer": request.customer_id,
            "payment_method": request.payment_method_id,
            "confirm": True,
            "description": request.description,
            "metadata": {**request.metadata, "portal_attempt": request.attempt_key},
        }
        if request.mandate_id:
            params["mandate"] = request.mandate_id
        if request.off_session:
            params["off_session"] = True
        else:
            params["return_url"] = request.return_url
        try:
            intent = self._client.v1.payment_intents.create(
                params=params, options={"idempotency_key": request.attempt_key}
            )
        except stripe.CardError as error:
            declined = (error.error.payment_intent if error.error else None) or None
            if declined is None:
                raise PaymentProviderError(error.user_message or str(error)) from None
            data = declined.to_dict()
            data.setdefault("last_payment_error", {"message": error.user_message, "code": error.code})
            return intent_from_data(data)
        except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError, stripe.IdempotencyError) as error:
            raise ChargeOutcomeUnknown(f"No answer from Stripe: {error.user_message or error}") from None
        except stripe.StripeError as error:  # refused outright (bad key, bad request): nothing was charged
            raise PaymentProviderError(f"Stripe refused the payment: {error.user_message or error}") from None
        return intent_from_data(intent.to_dict())

    def intent(self, intent_id: str) -> IntentResult:
        return intent_from_data(self._call(lambda: self._client.v1.payment_intents.retrieve(intent_id)).to_dict())

    def find_intent(self, *, customer_id: str, attempt_key: str, created_after: datetime) -> IntentResult | None:
        """The PaymentIntent an attempt created, if Stripe has one. Lists are read-your-writes at Stripe,
        unlike search, so an intent created a moment ago is found."""
        page = self._call(
            lambda: self._client.v1.payment_intents.list(
                params={"customer": customer_id, "created": {"gte": int(created_after.timestamp())}, "limit": 100}
            )
        )
        for intent in page.auto_paging_iter():
            data = intent.to_dict()
            if (data.get("metadata") or {}).get("portal_attempt") == attempt_key:
                return intent_from_data(data)
        return None

    def cancel_intent(self, intent_id: str) -> IntentResult:
        return intent_from_data(self._call(lambda: self._client.v1.payment_intents.cancel(intent_id)).to_dict())


WEBHOOK_TOLERANCE_SECONDS = 300


def verify_webhook(payload: bytes, signature_header: str, secret: str, *, now: float | None = None) -> WebhookEvent:
    """Check the signature on the raw body and its timestamp, which may be at most five minutes away in either
    direction (Stripe's SDK only refuses old ones; a future one is as suspect), then read the event's envelope."""
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature_header, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
        signed_at = int(dict(part.split("=", 1) for part in signature_header.split(",") if "=" in part)["t"])
        if signed_at > (now or time.time()) + WEBHOOK_TOLERANCE_SECONDS:
            raise InvalidWebhook("The signature's timestamp is in the future.")
        data = json.loads(payload)
        event = WebhookEvent(id=data["id"], type=data["type"], object=data["data"]["object"])
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise InvalidWebhook(str(error)) from None
    if not (isinstance(event.id, str) and isinstance(event.type, str) and isinstance(event.object, dict)):
        raise InvalidWebhook("The event has no id, type or object.")
    return event
