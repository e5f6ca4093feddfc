"""The line-item editor and the customer picker, for any state built on the line-items mixins."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.forms import error_text, labeled
from customer_portal.components.tables import on_phones, wide_cell, wide_header
from customer_portal.components.words import text_var
from customer_portal.i18n import _, parts
from customer_portal.state.line_items import LineRow, Option


def customer_picker(state: type) -> rx.Component:
    def option(item: Option) -> rx.Component:
        return rx.button(
            item.label, variant="ghost", on_click=state.pick_customer(item.value), class_name="customer-option"
        )

    return rx.vstack(
        labeled(
            _("Customer"),
            rx.debounce_input(
                rx.input(
                    placeholder=_("Type a name, email or address"),
                    value=state.customer_search,
                    on_change=state.search_customers,
                    id="customer-picker",
                    width="100%",
                ),
                debounce_timeout=250,
            ),
            html_for="customer-picker",
        ),
        rx.foreach(state.customer_options, option),
        width="100%",
        max_width="480px",
    )


def line_editor(state: type) -> rx.Component:
    def row_editor(row: LineRow, index: rx.Var) -> rx.Component:
        def cell(field: str, value: rx.Var, error: rx.Var, label: str, **props) -> rx.Component:
            return rx.box(
                on_phones(label, aria_hidden="true"),  # the column headings are hidden there; the input has its name
                rx.input(
                    value=value,
                    on_change=lambda text: state.set_line_field(index, field, text),
                    id=f"line-{field}-" + index.to_string(),
                    aria_label=label + " " + (index + 1).to_string(),
                    width="100%",
                    **props,
                ),
                error_text(error),
                **(
                    {"flex": rx.breakpoints(initial="1 1 100%", md="1"), "min_width": "200px"}
                    if field == "description"
                    else {"width": "110px"}
                ),
            )

        return rx.flex(
            cell("description", row.description, row.description_error, _("Description"), placeholder=_("Description")),
            cell("quantity", row.quantity, row.quantity_error, _("Quantity"), inputmode="decimal"),
            cell(
                "unit_price", row.unit_price, row.price_error, _("Unit price"), placeholder="12.50", inputmode="decimal"
            ),
            rx.icon_button(
                rx.icon("trash-2", size=16),
                on_click=state.remove_line(index),
                variant="ghost",
                color_scheme="red",
                aria_label=text_var(_("Remove line {number}"), number=(index + 1).to_string()),
            ),
            spacing="2",
            wrap="wrap",
            align=rx.breakpoints(initial="end", md="start"),  # on a phone, the bin beside the price, under its label
            width="100%",
            class_name="line-row",
        )

    return rx.vstack(
        rx.hstack(
            rx.text(_("Description"), flex="1", size="2", weight="medium"),
            rx.text(_("Quantity"), width="110px", size="2", weight="medium"),
            rx.text(_("Unit price"), width="150px", size="2", weight="medium"),
            width="100%",
            display=rx.breakpoints(initial="none", md="flex"),
        ),
        error_text(state.field_errors.get("lines", "")),
        rx.foreach(state.lines, row_editor),
        rx.button(
            rx.icon("plus", size=14), _("Add line"), on_click=state.add_line, variant="soft", size="1", id="add-line"
        ),
        rx.text(*parts(_("Total {amount}"), amount=rx.text.strong(state.draft_total, id="draft-total")), size="3"),
        width="100%",
        spacing="3",
    )


def lines_table(lines: rx.Var) -> rx.Component:
    """Read-only lines of an issued invoice or a sent quote."""
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(_("Description")),
                wide_header(_("Quantity")),
                wide_header(_("Unit price"), text_align="right"),
                rx.table.column_header_cell(_("Amount"), text_align="right"),
            )
        ),
        rx.table.body(
            rx.foreach(
                lines,
                lambda line: rx.table.row(
                    rx.table.cell(line.description, on_phones(line.quantity, " × ", line.unit_price_display)),
                    wide_cell(line.quantity),
                    wide_cell(line.unit_price_display, text_align="right"),
                    rx.table.cell(line.amount, text_align="right"),
                ),
            )
        ),
        width="100%",
    )
