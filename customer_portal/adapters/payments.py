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
