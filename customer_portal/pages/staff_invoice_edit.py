"""Staff: write a draft invoice, issue or void it, record cash and check payments."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.forms import form_banner, labeled, select_trigger
from customer_portal.components.layout import staff_shell
from customer_portal.components.line_items import customer_picker, line_editor, lines_table
from customer_portal.components.tables import on_phones, wide_cell
from customer_portal.i18n import _
from customer_portal.services.billing.invoices import PaymentView
from customer_portal.state.invoice_edit import InvoiceEditState as State


def _draft_editor() -> rx.Component:
    return rx.vstack(
        line_editor(State),
        rx.grid(
            labeled(
                _("Pool (optional)"),
                rx.select.root(
                    select_trigger(placeholder=_("Any pool"), id="invoice-pool"),
                    rx.select.content(
                        rx.select.item(_("No particular pool"), value="none"),
                        rx.foreach(State.pools, lambda pool: rx.select.item(pool.label, value=pool.value)),
                    ),
                    value=State.service_location_id,
                    on_change=State.set_service_location,
                ),
                html_for="invoice-pool",
                error=State.field_errors.get("service_location_id", ""),
            ),
            labeled(
                _("Due date (default: 30 days after issue)"),
                rx.input(type="date", value=State.due_date, on_change=State.set_due_date, id="invoice-due-date"),
                html_for="invoice-due-date",
                error=State.field_errors.get("due_date", ""),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        labeled(
            _("Memo for the customer"),
            rx.text_area(value=State.memo, on_change=State.set_memo, id="invoice-memo", width="100%"),
            html_for="invoice-memo",
            error=State.field_errors.get("memo", ""),
        ),
        rx.hstack(
            rx.button(_("Save draft"), on_click=State.save_draft, variant="soft", id="save-draft"),
            rx.button(_("Issue invoice"), on_click=State.issue, id="issue-invoice"),
            rx.cond(
                State.can_void & (State.invoice_id > 0),
                rx.button(_("Void"), on_click=State.void, variant="ghost", color_scheme="red", id="void-invoice"),
            ),
        ),
        width="100%",
        spacing="3",
    )


def _payment_row(payment: PaymentView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(payment.received_on, on_phones(payment.channel, " ", payment.reference), white_space="nowrap"),
        wide_cell(payment.channel),
        wide_cell(payment.reference),
        rx.table.cell(
            payment.amount,
            rx.cond(payment.refunded != "", rx.text("refunded ", payment.refunded, size="1")),
            text_align="right",
        ),
        rx.table.cell(status_badge(payment.status)),
        class_name="payment-row",
    )


def _payment_form() -> rx.Component:
    errors = State.field_errors
    return rx.card(
        rx.vstack(
            rx.heading(_("Record a payment"), size="3", as_="h3"),
            rx.grid(
                labeled(
                    _("Method"),
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
                    _("Amount"),
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
                    _("Received on (default today)"),
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
                    _("Check number / note"),
                    rx.input(
                        value=State.pay_reference,
                        on_change=lambda value: State.set_payment_field("pay_reference", value),
                        id="payment-reference",
                    ),
                    html_for="payment-reference",
                    error=errors.get("reference", ""),
                ),
                columns=rx.breakpoints(initial="1", sm="2", md="4"),
                spacing="3",
                width="100%",
            ),
            rx.button(_("Record payment"), on_click=State.record_payment, id="record-payment"),
            spacing="3",
        ),
        width="100%",
    )


def _issued_view() -> rx.Component:
    return rx.vstack(
        lines_table(State.issued_lines),
        rx.hstack(
            rx.text(_("Total "), rx.text.strong(State.total)),
            rx.text(_("Paid "), rx.text.strong(State.amount_paid)),
            rx.text(_("Balance "), rx.text.strong(State.balance, id="invoice-balance")),
            spacing="5",
        ),
        rx.text(_("Issued "), State.issued_on, _(" · due "), State.due_on, size="2", color=rx.color("gray", 11)),
        rx.cond(State.memo != "", rx.text(State.memo, size="2")),
        rx.heading(_("Payments"), size="4", as_="h2"),
        rx.cond(
            State.payments.length() > 0,
            rx.table.root(rx.table.body(rx.foreach(State.payments, _payment_row)), width="100%"),
            rx.text(_("No payments yet."), size="2", color=rx.color("gray", 11)),
        ),
        rx.cond(State.can_record_payment, _payment_form()),
        rx.cond(
            State.can_void,
            rx.button(_("Void invoice"), on_click=State.void, variant="ghost", color_scheme="red", id="void-invoice"),
        ),
        width="100%",
        spacing="3",
    )


def _invoice() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.cond(State.number != "", rx.heading(State.number, size="5", as_="h2", id="invoice-number")),
            rx.cond(State.invoice_id > 0, status_badge(State.status)),
            rx.cond(
                State.customer_id > 0,
                rx.link(
                    State.customer_name,
                    href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=State.customer_id.to_string()),
                ),
            ),
            align="center",
            spacing="3",
        ),
        form_banner(State.form_error),
        rx.cond(
            State.customer_id == 0, customer_picker(State), rx.cond(State.can_edit, _draft_editor(), _issued_view())
        ),
        rx.link(_("Back to invoices"), href=routes.STAFF_INVOICES, size="2"),
        width="100%",
        max_width="960px",
        spacing="4",
    )


def staff_invoice_edit_page() -> rx.Component:
    return staff_shell(
        _("Invoice"),
        rx.cond(
            State.not_found,
            rx.vstack(
                rx.text(_("That invoice does not exist."), id="invoice-not-found"),
                rx.link(_("Back to invoices"), href=routes.STAFF_INVOICES),
            ),
            _invoice(),
        ),
    )
