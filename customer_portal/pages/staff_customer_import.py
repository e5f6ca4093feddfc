"""Staff: import customers from a CSV file."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.forms import file_drop
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, plain_headers, wide_cell
from customer_portal.i18n import _
from customer_portal.services.customers.customer_import import ImportRow
from customer_portal.state.customer_import import CSV_UPLOAD_ID
from customer_portal.state.customer_import import CustomerImportState as State

_OUTCOME_COLOR = {"new": "green", "skipped": "gray", "error": "red"}


def _row(row: ImportRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.line),
        rx.table.cell(row.name, on_phones(row.emails.join(", "))),
        wide_cell(row.emails.join(", ")),
        wide_cell(row.phone),
        wide_cell(row.address),
        rx.table.cell(
            rx.badge(
                row.outcome, color_scheme=rx.match(row.outcome, *_OUTCOME_COLOR.items(), "gray"), high_contrast=True
            ),
            on_phones(row.message),
        ),
        wide_cell(row.message),
        class_name="import-row",
    )


def staff_customer_import_page() -> rx.Component:
    return staff_shell(
        _("Import customers"),
        rx.vstack(
            rx.text(
                _(
                    "A CSV file with a header row: name, email, phone, address. Several emails in one cell are "
                    "separated by ; — rows already on file are skipped, so the same file can be imported twice safely."
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
            file_drop(
                _("Customer CSV file"),
                rx.text(_("Drop a CSV file here or click to choose one"), size="2"),
                id=CSV_UPLOAD_ID,
                accept={"text/csv": [".csv"]},
                max_files=1,
                border=f"1px dashed {rx.color('gray', 8)}",
                padding="1rem",
                width="100%",
            ),
            rx.foreach(rx.selected_files(CSV_UPLOAD_ID), lambda name: rx.text(name, size="1")),
            rx.button(
                _("Preview"), on_click=State.preview(rx.upload_files(upload_id=CSV_UPLOAD_ID)), id="preview-import"
            ),
            rx.cond(State.message != "", rx.callout(State.message, icon="info", id="import-message")),
            rx.cond(
                State.rows.length() > 0,
                rx.vstack(
                    rx.text(
                        State.new_count,
                        _(" to import · "),
                        State.skipped_count,
                        _(" already on file · "),
                        State.error_count,
                        _(" with problems"),
                        id="import-counts",
                    ),
                    rx.cond(
                        ~State.imported & (State.new_count > 0),
                        rx.button(
                            _("Import "), State.new_count, " customers", on_click=State.run_import, id="run-import"
                        ),
                    ),
                    data_table(
                        plain_headers(
                            _("Line"),
                            _("Name"),
                            _("Emails"),
                            _("Phone"),
                            _("Address"),
                            _("Result"),
                            _("Why"),
                            wide_only={_("Emails"), _("Phone"), _("Address"), _("Why")},
                        ),
                        State.rows,
                        _row,
                    ),
                    width="100%",
                ),
            ),
            rx.link(_("Back to customers"), href=routes.STAFF_CUSTOMERS, size="2"),
            width="100%",
            spacing="3",
        ),
    )
