"""Staff: write a draft invoice, issue or void it, record cash and check payments."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.badges import status_badge
from customer_portal.components.forms import error_text, form_banner, labeled
from customer_portal.components.layout import staff_shell
from customer_portal.pages import routes
from customer_portal.services.invoices import PaymentView
from customer_portal.state.invoice_edit import InvoiceEditState as State
from customer_portal.state.invoice_edit import LineRow, Option


def _customer_picker() -> rx.Component:
    def option(item: Option) -> rx.Component:
        return rx.button(
            item.label, variant="ghost", on_click=State.pick_customer(item.value), class_name="customer-option"
        )

    return rx.vstack(
        labeled(
            "Customer",
            rx.debounce_input(
                rx.input(
                    placeholder="Type a name, email or address",
                    value=State.customer_search,
                    on_change=State.search_customers,
                    id="invoice-customer-search",
                    width="100%",
                ),
                debounce_timeout=250,
            ),
            html_for="invoice-customer-search",
        ),
        rx.foreach(State.customer_options, option),
        width="100%",
        max_width="480px",
    )


def _line_editor(row: LineRow, index: rx.Var) -> rx.Component:
    def cell(field: str, value: rx.Var, error: rx.Var, label: str, **props) -> rx.Component:
        field_id = f"line-{field}-" + index.to_string()
        return rx.box(
            rx.input(
                value=value,
                on_change=lambda text: State.set_line_field(index, field, text),
                id=field_id,
                aria_label=label + " " + (index + 1).to_string(),
                width="100%",
                **props,
            ),
            error_text(error),
            **({"flex": "1", "min_width": "200px"} if field == "description" else {"width": "110px"}),
        )

    return rx.flex(
        cell("description", row.description, row.description_error, "Description", placeholder="Description"),
        cell("quantity", row.quantity, row.quantity_error, "Quantity", inputmode="decimal"),
        cell("unit_price", row.unit_price, row.price_error, "Unit price", placeholder="12.50", inputmode="decimal"),
        rx.icon_button(
            rx.icon("trash-2", size=16),
            on_click=State.remove_line(index),
            variant="ghost",
            color_scheme="red",
            aria_label="Remove line " + (index + 1).to_string(),
        ),
        gap="2",
        wrap="wrap",
        width="100%",
        class_name="line-row",
    )


def _draft_editor() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("Description", flex="1", size="2", weight="medium"),
            rx.text("Quantity", width="110px", size="2", weight="medium"),
            rx.text("Unit price", width="150px", size="2", weight="medium"),
            width="100%",
        ),
        error_text(State.field_errors.get("lines", "")),
        rx.foreach(State.lines, _line_editor),
        rx.button(
            rx.icon("plus", size=14), "Add line", on_click=State.add_line, variant="soft", size="1", id="add-line"
        ),
        rx.text("Total ", rx.text.strong(State.draft_total, id="draft-total"), size="3"),
        rx.grid(
            labeled(
                "Pool (optional)",
                rx.select.root(
                    rx.select.trigger(placeholder="Any pool", id="invoice-pool"),
                    rx.select.content(
                        rx.select.item("No particular pool", value="none"),
                        rx.foreach(State.pools, lambda pool: rx.select.item(pool.label, value=pool.value)),
                    ),
                    value=State.service_location_id,
                    on_change=State.set_service_location,
                ),
                html_for="invoice-pool",
                error=State.field_errors.get("service_location_id", ""),
            ),
            labeled(
                "Due date (default: 30 days after issue)",
                rx.input(type="date", value=State.due_date, on_change=State.set_due_date, id="invoice-due-date"),
                html_for="invoice-due-date",
                error=State.field_errors.get("due_date", ""),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            gap="3",
            width="100%",
        ),
        labeled(
            "Memo for the customer",
            rx.text_area(value=State.memo, on_change=State.set_memo, id="invoice-memo", width="100%"),
            html_for="invoice-memo",
            error=State.field_errors.get("memo", ""),
        ),
        rx.hstack(
            rx.button("Save draft", on_click=State.save_draft, variant="soft", id="save-draft"),
            rx.button("Issue invoice", on_click=State.issue, id="issue-invoice"),
            rx.cond(
                State.can_void & (State.invoice_id > 0),
                rx.button("Void", on_click=State.void, variant="ghost", color_scheme="red", id="void-invoice"),
            ),
        ),
        width="100%",
        spacing="3",
    )


def _payment_row(payment: PaymentView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(payment.received_on),
        rx.table.cell(payment.channel),
        rx.table.cell(payment.reference),
        rx.table.cell(payment.amount, text_align="right"),
        rx.table.cell(status_badge(payment.status)),
        class_name="payment-row",
    )


def _payment_form() -> rx.Component:
    errors = State.field_errors
    return rx.card(
        rx.vstack(
            rx.heading("Record a payment", size="3", as_="h3"),
            rx.grid(
                labeled(
                    "Method",
                    rx.select(
                        ["check", "cash"],
                        value=State.pay_channel,
                        on_change=lambda value: State.set_payment_field("pay_channel", value),
                        id="payment-channel",
                    ),
                    html_for="payment-channel",
                    error=errors.get("channel", ""),
                ),
                labeled(
                    "Amount",
                    rx.input(
                        value=State.pay_amount,
                        on_change=lambda value: State.set_payment_field("pay_amount", value),
                        id="payment-amount",
                        inputmode="decimal",
                    ),
                    html_for="payment-amount",
                    error=errors.get("amount", ""),
                ),
                labeled(
                    "Received on (default today)",
                    rx.input(
                        type="date",
                        value=State.pay_date,
                        on_change=lambda value: State.set_payment_field("pay_date", value),
                        id="payment-date",
                    ),
                    html_for="payment-date",
                    error=errors.get("received_on", ""),
                ),
                labeled(
                    "Check number / note",
                    rx.input(
                        value=State.pay_reference,
                        on_change=lambda value: State.set_payment_field("pay_reference", value),
                        id="payment-reference",
                    ),
                    html_for="payment-reference",
                    error=errors.get("reference", ""),
                ),
                columns=rx.breakpoints(initial="1", sm="2", md="4"),
                gap="3",
                width="100%",
            ),
            rx.button("Record payment", on_click=State.record_payment, id="record-payment"),
            spacing="3",
        ),
        width="100%",
    )


def _issued_view() -> rx.Component:
    return rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Description"),
                    rx.table.column_header_cell("Quantity"),
                    rx.table.column_header_cell("Unit price", text_align="right"),
                    rx.table.column_header_cell("Amount", text_align="right"),
                )
            ),
            rx.table.body(
                rx.foreach(
                    State.issued_lines,
                    lambda line: rx.table.row(
                        rx.table.cell(line.description),
                        rx.table.cell(line.quantity),
                        rx.table.cell(line.unit_price_display, text_align="right"),
                        rx.table.cell(line.amount, text_align="right"),
                    ),
                )
            ),
            width="100%",
        ),
        rx.hstack(
            rx.text("Total ", rx.text.strong(State.total)),
            rx.text("Paid ", rx.text.strong(State.amount_paid)),
            rx.text("Balance ", rx.text.strong(State.balance, id="invoice-balance")),
            spacing="5",
        ),
        rx.text("Issued ", State.issue_date, " · due ", State.due_date, size="2", color=rx.color("gray", 11)),
        rx.cond(State.memo != "", rx.text(State.memo, size="2")),
        rx.heading("Payments", size="4", as_="h2"),
        rx.cond(
            State.payments.length() > 0,
            rx.table.root(rx.table.body(rx.foreach(State.payments, _payment_row)), width="100%"),
            rx.text("No payments yet.", size="2", color=rx.color("gray", 11)),
        ),
        rx.cond(State.can_record_payment, _payment_form()),
        rx.cond(
            State.can_void,
            rx.button("Void invoice", on_click=State.void, variant="ghost", color_scheme="red", id="void-invoice"),
        ),
        width="100%",
        spacing="3",
    )


def _invoice() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(State.number, size="5", as_="h2", id="invoice-number"),
            rx.cond(State.invoice_id > 0, status_badge(State.status)),
            rx.cond(
                State.customer_id > 0,
                rx.link(State.customer_name, href=routes.STAFF_CUSTOMERS + "/" + State.customer_id.to_string()),
            ),
            align="center",
            spacing="3",
        ),
        form_banner(State.form_error),
        rx.cond(State.customer_id == 0, _customer_picker(), rx.cond(State.can_edit, _draft_editor(), _issued_view())),
        rx.link("Back to invoices", href=routes.STAFF_INVOICES, size="2"),
        width="100%",
        max_width="960px",
        spacing="4",
    )


def staff_invoice_edit_page() -> rx.Component:
    return staff_shell(
        "Invoice",
        rx.cond(
            State.not_found,
            rx.vstack(
                rx.text("That invoice does not exist.", id="invoice-not-found"),
                rx.link("Back to invoices", href=routes.STAFF_INVOICES),
            ),
            _invoice(),
        ),
    )
