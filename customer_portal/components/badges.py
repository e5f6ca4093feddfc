"""Status badges with one colour per status, used by every list."""

from __future__ import annotations

import reflex as rx

STATUS_COLORS = {
    "draft": "gray",
    "open": "blue",
    "overdue": "red",
    "paid": "green",
    "void": "gray",
    "sent": "blue",
    "approved": "green",
    "rejected": "red",
    "info_requested": "amber",
    "expired": "gray",
    "active": "green",
    "archived": "gray",
    "succeeded": "green",
    "failed": "red",
    "pending": "amber",
    "refunded": "gray",
    # Pay Now results
    "declined": "red",
    "needs_action": "amber",
    "processing": "blue",
    "unknown": "amber",
    "refused": "gray",
    "payment_processing": "blue",  # a bank debit clearing
    # Service requests
    "new": "amber",
    "scheduled": "blue",
    "quoted": "violet",
    "closed": "gray",
}


def status_badge(status: rx.Var) -> rx.Component:
    return rx.badge(
        status.to(str).replace("_", " "),
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        high_contrast=True,  # soft badge text at size 1 is below WCAG AA otherwise
    )
