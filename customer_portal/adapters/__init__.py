"""The only code that talks to third parties (Resend, SMTP, Stripe), each behind a small Protocol."""
