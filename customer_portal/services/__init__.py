"""Use cases, one package per capability. Keyword-only functions taking the database session first; one call,
one transaction. Services return plain view objects and never import the UI framework.

accounts/   who is signed in: passwords, sessions, sign-in tokens and throttling
customers/  the office's customers, their searchable list, CSV import
billing/    invoices and quotes, statements and PDFs
payments/   card payments through Stripe, AutoPay, webhooks, the reconciler
portal/     what a signed-in customer sees and does (owned.py scopes every read to them), invites
visits/     service visits, readings and photos
messaging/  the email outbox
company/    the company's profile, the audit log, the dashboard, health figures
demo/       the demo company
errors.py   the errors every service raises
"""
