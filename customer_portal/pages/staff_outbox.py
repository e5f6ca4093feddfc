"""Staff: the outbox. With no email provider configured this is where every message can be read."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.badges import status_badge
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, pagination, plain_headers
from customer_portal.services.outbox import OutboxRow
from customer_portal.state.outbox import OutboxState as State


def _row(row: OutboxRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.created, white_space="nowrap"),
        rx.table.cell(row.recipient),
        rx.table.cell(rx.button(row.subject, variant="ghost", size="1", on_click=State.open_message(row.id))),
        rx.table.cell(row.template),
        rx.table.cell(status_badge(row.status)),
        rx.table.cell(row.provider),
        rx.table.cell(row.error, color=rx.color("red", 11)),
        class_name="outbox-row",
    )


def _message() -> rx.Component:
    return rx.cond(
        State.open_subject != "",
        rx.card(
            rx.hstack(
                rx.heading(State.open_subject, size="3", as_="h2"),
                rx.spacer(),
                rx.button("Close", on_click=State.close_message, variant="ghost", size="1"),
            ),
            rx.text(State.open_text, white_space="pre-wrap", size="2", id="outbox-message-text"),
            width="100%",
        ),
    )


def staff_outbox_page() -> rx.Component:
    return staff_shell(
        "Outbox",
        rx.vstack(
            rx.text(
                "Every email the portal writes. Without an email provider (Resend or SMTP) nothing leaves this "
                "server: read the messages, and copy their links, here.",
                size="2",
                color=rx.color("gray", 11),
            ),
            _message(),
            data_table(
                plain_headers("Written", "To", "Subject", "Kind", "Status", "Sent via", "Error"), State.rows, _row
            ),
            pagination(page=State.page, pages=State.pages, total=State.total, noun="emails", on_page=State.go_to_page),
            width="100%",
            spacing="3",
        ),
    )
