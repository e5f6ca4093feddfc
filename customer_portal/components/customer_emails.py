"""The office's view of what a customer is emailed: each address's notifications, and the latest emails sent."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.tables import data_table, on_phones, plain_headers, wide_cell
from customer_portal.i18n import N_, _
from customer_portal.services.messaging.preferences import AddressSubscriptions, SentEmail


def _address(row: AddressSubscriptions) -> rx.Component:
    return rx.box(
        rx.text(row.address, weight="medium", size="2"),
        rx.text(_("Gets: "), rx.cond(row.subscribed.length() > 0, row.subscribed.join(", "), "none"), size="2"),
        rx.cond(
            row.unsubscribed.length() > 0,
            rx.text(_("Turned off: "), row.unsubscribed.join(", "), size="2", color=rx.color("amber", 11)),
        ),
        class_name="email-subscriptions",
    )


_COLUMNS = (N_("Written"), N_("To"), N_("Email"), N_("Subject"), N_("Status"))
_WIDE = (N_("To"), N_("Status"))


def _sent(row: SentEmail) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.sent),
        wide_cell(row.address),
        rx.table.cell(row.kind, on_phones(row.address, " · ", row.status)),
        rx.table.cell(row.subject),
        wide_cell(row.status),
    )


def customer_emails(addresses: rx.Var[list[AddressSubscriptions]], history: rx.Var[list[SentEmail]]) -> rx.Component:
    return rx.vstack(
        rx.heading(_("Emails to this customer"), size="4", as_="h2"),
        rx.foreach(addresses, _address),
        rx.cond(
            history.length() > 0,
            rx.box(
                data_table(plain_headers(*map(_, _COLUMNS), wide_only=tuple(map(_, _WIDE))), history, _sent),
                id="email-history",
                width="100%",
            ),
            rx.text(_("No emails yet."), size="2", color=rx.color("gray", 11)),
        ),
        spacing="2",
        width="100%",
        id="customer-emails",
    )
