"""The notifications a customer can receive: what each is for, its placeholders, default wording and timing.

No database here: the office's own wording is a NotificationTemplate row, and these are what a kind without
one (or Restore default) uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from customer_portal.i18n import N_, _, ngettext


class NotificationKind(StrEnum):
    """The emails a customer may turn off. Receipts, password and sign-in emails are not among them."""

    INVOICE_ISSUED = "invoice_issued"
    QUOTE_SENT = "quote_sent"
    VISIT_REPORT = "visit_report"
    PAYMENT_REMINDER = "payment_reminder"
    AUTOPAY_NOTICE = "autopay_notice"
    CARD_EXPIRING = "card_expiring"


COMMON_PLACEHOLDERS = ("customer_name", "company_name")


@dataclass(frozen=True)
class Timing:
    """Which days around its event a notification may go out, as the office types them ("-3, 0, 7")."""

    label: str
    help: str
    lowest: int
    highest: int
    most: int  # how many days may be listed


@dataclass(frozen=True)
class NotificationSpec:
    kind: NotificationKind
    label: str
    description: str  # what it is, for the office and for the customer's settings
    placeholders: tuple[str, ...]
    subject: str
    body: str
    sample: dict[str, str]
    timing: Timing | None = None
    default_schedule: str = ""

    @property
    def known_placeholders(self) -> tuple[str, ...]:
        return COMMON_PLACEHOLDERS + self.placeholders


SPECS: dict[NotificationKind, NotificationSpec] = {
    spec.kind: spec
    for spec in (
        NotificationSpec(
            NotificationKind.INVOICE_ISSUED,
            N_("New invoice"),
            N_("An invoice was issued: its amount and due date, a Pay button and the PDF attached."),
            ("invoice_number", "amount", "due_date"),
            N_("Invoice {invoice_number} from {company_name}: {amount}"),
            N_(
                "Hi {customer_name},\n\nHere is invoice {invoice_number} for {amount}, due {due_date}. "
                "The PDF is attached, and you can pay it online.\n\nThank you for your business."
            ),
            {"invoice_number": "INV-00042", "amount": "$185.00", "due_date": "Jan 2, 2027"},
        ),
        NotificationSpec(
            NotificationKind.QUOTE_SENT,
            N_("New quote"),
            N_("A quote is waiting for an answer: its title, total and the date it is valid until."),
            ("quote_number", "quote_title", "total", "valid_until"),
            N_("Quote {quote_number} from {company_name}: {quote_title}"),
            N_(
                "Hi {customer_name},\n\nWe have prepared a quote for you: {quote_title}, {total}. "
                "It is valid until {valid_until}. You can read it and approve it online."
            ),
            {
                "quote_number": "Q-00007",
                "quote_title": "Replace the pool pump",
                "total": "$1,240.00",
                "valid_until": "Jan 2, 2027",
            },
        ),
        NotificationSpec(
            NotificationKind.VISIT_REPORT,
            N_("Visit report"),
            N_("After each visit: what the technician did, the water readings and photos."),
            ("visit_date", "pool", "technician"),
            N_("Your pool visit report: {visit_date}"),
            N_("Hi {customer_name},\n\n{technician} serviced {pool} on {visit_date}. Here is what we did."),
            {"visit_date": "Dec 3, 2026", "pool": "Main pool", "technician": "Luis Ortega"},
        ),
        NotificationSpec(
            NotificationKind.PAYMENT_REMINDER,
            N_("Payment reminder"),
            N_(
                "Reminders about an unpaid invoice, before and after its due date. Never for an invoice AutoPay "
                "will pay; they stop as soon as it is paid."
            ),
            ("invoice_number", "amount_due", "due_date", "due_when"),
            N_("Reminder: invoice {invoice_number} {due_when}"),
            N_(
                "Hi {customer_name},\n\nA friendly reminder that invoice {invoice_number} ({amount_due}) {due_when}. "
                "If you have already paid, thank you, and please ignore this email."
            ),
            {
                "invoice_number": "INV-00042",
                "amount_due": "$185.00",
                "due_date": "Jan 2, 2027",
                "due_when": "is due in 3 days",
            },
            Timing(
                N_("Send on these days"),
                N_("Days from the due date: -3 is three days before, 0 the due date, 7 a week after."),
                -30,
                90,
                6,
            ),
            "-3, 0, 7, 14",
        ),
        NotificationSpec(
            NotificationKind.AUTOPAY_NOTICE,
            N_("AutoPay notice"),
            N_("Before AutoPay charges a card: the amount, the card and the day."),
            ("invoice_number", "amount", "card", "charge_date"),
            N_("AutoPay will charge {amount} on {charge_date}"),
            N_(
                "Hi {customer_name},\n\nAutoPay will charge {amount} for invoice {invoice_number} to your {card} on "
                "{charge_date}. There is nothing you need to do."
            ),
            {
                "invoice_number": "INV-00042",
                "amount": "$185.00",
                "card": "Visa •••• 4242",
                "charge_date": "Jan 2, 2027",
            },
            Timing(
                N_("Days before the charge"), N_("How many days before AutoPay charges the notice goes out."), 1, 14, 1
            ),
            "3",
        ),
        NotificationSpec(
            NotificationKind.CARD_EXPIRING,
            N_("Card expiring"),
            N_("A saved card expires this month or next."),
            ("card", "expires"),
            N_("Your {card} expires soon"),
            N_(
                "Hi {customer_name},\n\nYour {card} saved with {company_name} expires at the end of {expires}. "
                "Please add your new card so your payments keep working."
            ),
            {"card": "Visa •••• 4242", "expires": "January 2027"},
        ),
    )
}


class InvalidSchedule(ValueError):
    pass


_DAY = re.compile(r"^[+-]?\d{1,3}$")


def parse_schedule(text: str, timing: Timing) -> tuple[int, ...]:
    """The days a schedule lists, sorted and without repeats; InvalidSchedule with a message otherwise."""
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    if not parts:
        raise InvalidSchedule(_("List at least one day."))
    if bad := [part for part in parts if not _DAY.match(part)]:
        raise InvalidSchedule(_("“{text}” is not a whole number of days.").format(text=bad[0]))
    days = sorted({int(part) for part in parts})
    if any(not timing.lowest <= day <= timing.highest for day in days):
        raise InvalidSchedule(_("Use days from {low} to {high}.").format(low=timing.lowest, high=timing.highest))
    if len(days) > timing.most:
        raise InvalidSchedule(ngettext("List at most {count} day.", "List at most {count} days.", timing.most))
    return tuple(days)


def format_schedule(days: tuple[int, ...]) -> str:
    return ", ".join(str(day) for day in days)


def due_when(days_after_due: int) -> str:
    """How a reminder speaks of the due date, from the day it is sent."""
    if days_after_due < 0:
        return ngettext("is due in {count} day", "is due in {count} days", -days_after_due)
    if days_after_due == 0:
        return _("is due today")
    return ngettext("was due {count} day ago", "was due {count} days ago", days_after_due)
