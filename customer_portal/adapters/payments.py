"""Stripe, through the official SDK's StripeClient. The only module that imports stripe.

Tests point `api_base` at a local fake server; the SDK itself runs unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import stripe


class PaymentProviderError(Exception):
    """Stripe answered with an error, or could not be reached; the message is fit to show the office."""


@dataclass(frozen=True)
class StripeAccount:
    id: str
    name: str


@dataclass(frozen=True)
class CardOnFile:
    id: str
    customer_id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class SetupResult:
    """A finished Checkout setup session: which Stripe customer, and the card it saved (None if not done)."""

    customer_id: str
    card: CardOnFile | None


class StripeGateway:
    def __init__(self, *, secret_key: str, api_base: str = "") -> None:
        options = {"base_addresses": {"api": api_base}} if api_base else {}
        self._client = stripe.StripeClient(secret_key, max_network_retries=2, **options)

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
            raise PaymentProviderError(f"Stripe refused the request: {error.user_message or error}") from None
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

    def start_card_setup(self, *, customer_id: str, success_url: str, cancel_url: str) -> str:
        """Stripe Checkout in setup mode: card details go to Stripe's page, never ours. Returns its URL."""
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
        return session["url"]

    def finished_setup(self, session_id: str) -> SetupResult:
        session = self._call(lambda: self._client.v1.checkout.sessions.retrieve(session_id))
        if session["status"] != "complete" or not session["setup_intent"]:
            return SetupResult(session["customer"], None)
        intent = self._call(lambda: self._client.v1.setup_intents.retrieve(session["setup_intent"]))
        method = self._call(lambda: self._client.v1.payment_methods.retrieve(intent["payment_method"]))
        card = method["card"]
        return SetupResult(
            session["customer"],
            CardOnFile(
                method["id"], session["customer"], card["brand"], card["last4"], card["exp_month"], card["exp_year"]
            ),
        )

    def detach(self, payment_method_id: str) -> None:
        self._call(lambda: self._client.v1.payment_methods.detach(payment_method_id))
