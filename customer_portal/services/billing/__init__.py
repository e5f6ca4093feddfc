"""Invoices and quotes: drafts, issuing, payments by cash or check, statements and PDFs."""
