"""Status badges with one colour per status, used by every list."""

from __future__ import annotations

import reflex as rx

from customer_portal.i18n import N_, _

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


# Each status in words, marked for translation (a status not listed shows as it is stored, underscores as spaces).
STATUS_LABELS = {
    "draft": N_("draft"),
    "open": N_("open"),
    "overdue": N_("overdue"),
    "paid": N_("paid"),
    "void": N_("void"),
    "sent": N_("sent"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "info_requested": N_("info requested"),
    "expired": N_("expired"),
    "active": N_("active"),
    "archived": N_("archived"),
    "succeeded": N_("succeeded"),
    "failed": N_("failed"),
    "pending": N_("pending"),
    "refunded": N_("refunded"),
    "processing": N_("processing"),
    "new": N_("new"),
    "scheduled": N_("scheduled"),
    "quoted": N_("quoted"),
    "closed": N_("closed"),
}


def status_badge(status: rx.Var) -> rx.Component:
    """The status in the words of the language the page is compiled in, in its colour."""
    return rx.badge(
        rx.match(
            status,
            *[(key, _(label)) for key, label in STATUS_LABELS.items()],
            status.to(str).replace("_", " "),
        ),
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        high_contrast=True,  # soft badge text at size 1 is below WCAG AA otherwise
    )
