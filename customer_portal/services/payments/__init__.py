"""Card payments through Stripe: settings, saved cards, Pay Now, AutoPay, webhooks, the reconciler."""
