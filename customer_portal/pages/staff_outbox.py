"""Staff: the outbox. With no email provider configured this is where every message can be read."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.badges import status_badge
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, pagination, plain_headers, wide_cell
from customer_portal.i18n import _
from customer_portal.services.messaging.outbox import OutboxRow
from customer_portal.state.outbox import OutboxState as State


def _row(row: OutboxRow) -> rx.Component:
    return rx.table.row(
        wide_cell(row.created, white_space="nowrap"),
        wide_cell(row.recipient),
        rx.table.cell(
            rx.button(row.subject, variant="ghost", size="1", on_click=State.open_message(row.id)),
            on_phones(row.created, " · ", row.recipient),
            on_phones(row.error, color=rx.color("red", 11)),
        ),
        wide_cell(row.template),
        rx.table.cell(status_badge(row.status)),
        wide_cell(row.provider),
        wide_cell(row.error, color=rx.color("red", 11)),
        class_name="outbox-row",
    )


def _message() -> rx.Component:
    return rx.cond(
        State.open_subject != "",
        rx.card(
            rx.hstack(
                rx.heading(State.open_subject, size="3", as_="h2"),
                rx.spacer(),
                rx.button(_("Close"), on_click=State.close_message, variant="ghost", size="1"),
            ),
            rx.text(State.open_text, white_space="pre-wrap", size="2", id="outbox-message-text"),
            width="100%",
        ),
    )


def staff_outbox_page() -> rx.Component:
    return staff_shell(
        _("Outbox"),
        rx.vstack(
            rx.text(
                _(
                    "Every email the portal writes. Without an email provider (Resend or SMTP) nothing leaves this "
                    "server: read the messages, and copy their links, here."
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
            _message(),
            data_table(
                plain_headers(
                    _("Written"),
                    _("To"),
                    _("Subject"),
                    _("Kind"),
                    _("Status"),
                    _("Sent via"),
                    _("Error"),
                    wide_only={_("Written"), _("To"), _("Kind"), _("Sent via"), _("Error")},
                ),
                State.rows,
                _row,
            ),
            pagination(
                page=State.page,
                pages=State.pages,
                total=State.total,
                nouns=("email", "emails"),
                on_page=State.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )
