"""Staff: the invoice list."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, pagination, sortable_header, wide_cell
from customer_portal.i18n import _
from customer_portal.services.billing.invoices import InvoiceRow
from customer_portal.state.invoice_list import InvoiceListState as State


def _filters() -> rx.Component:
    return rx.flex(
        rx.debounce_input(
            rx.input(
                placeholder=_("Invoice number or customer"),
                value=State.search,
                on_change=State.set_search,
                aria_label=_("Search invoices"),
                id="invoice-search",
                width=rx.breakpoints(initial="100%", md="auto"),
            ),
            debounce_timeout=300,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=_("Invoice status"), id="invoice-status-filter"),
            rx.select.content(
                *[
                    rx.select.item(label, value=value)
                    for value, label in (
                        ("all", _("All statuses")),
                        ("draft", _("Draft")),
                        ("open", _("Open")),
                        ("overdue", _("Overdue")),
                        ("paid", _("Paid")),
                        ("void", _("Void")),
                    )
                ]
            ),
            value=State.status_filter,
            on_change=State.set_status_filter,
        ),
        rx.flex(
            rx.el.label(_("Issued from"), html_for="issued-from", style={"font_size": "0.85rem"}),
            rx.input(
                type="date",
                id="issued-from",
                value=State.issued_from,
                on_change=lambda value: State.set_issued_range("issued_from", value),
            ),
            rx.el.label("to", html_for="issued-to", style={"font_size": "0.85rem"}),
            rx.input(
                type="date",
                id="issued-to",
                value=State.issued_to,
                on_change=lambda value: State.set_issued_range("issued_to", value),
            ),
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(
            State.customer_id > 0,
            rx.button(_("One customer only ×"), variant="soft", size="1", on_click=State.clear_customer),
        ),
        rx.link(rx.button(rx.icon("plus", size=16), _("New invoice"), id="new-invoice"), href=routes.STAFF_INVOICE_NEW),
        spacing="2",
        wrap="wrap",
        align="center",
    )


def _row(row: InvoiceRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                row.number,
                href=routes.path_to(routes.STAFF_INVOICE_DETAIL, invoice_id=row.id.to_string()),
                white_space="nowrap",
            ),
            on_phones(row.customer_name),
        ),
        wide_cell(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
            )
        ),
        wide_cell(row.issue_date),
        wide_cell(row.due_date),
        wide_cell(row.total, text_align="right"),
        rx.table.cell(row.balance, text_align="right"),
        rx.table.cell(status_badge(row.status)),
        class_name="invoice-row",
    )


def staff_invoices_page() -> rx.Component:
    def header(label: str, column: str, *, wide_only: bool = False) -> rx.Component:
        return sortable_header(
            label, column, sort=State.sort, descending=State.descending, on_sort=State.sort_by, wide_only=wide_only
        )

    return staff_shell(
        _("Invoices"),
        rx.vstack(
            _filters(),
            data_table(
                [
                    header(_("Number"), "number"),
                    header(_("Customer"), "customer", wide_only=True),
                    header(_("Issued"), "issue_date", wide_only=True),
                    header(_("Due"), "due_date", wide_only=True),
                    header(_("Total"), "total", wide_only=True),
                    header(_("Balance"), "balance"),
                    header(_("Status"), "status"),
                ],
                State.rows,
                _row,
            ),
            rx.cond(State.total == 0, rx.text(_("No invoices match."), color=rx.color("gray", 11))),
            pagination(
                page=State.page,
                pages=State.pages,
                total=State.total,
                nouns=("invoice", "invoices"),
                on_page=State.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )
