"""Portal: Invoices (list, one invoice, PDF) and the billing statement. Cards, so they read well on a phone.
Payments and receipts are in portal_payments.py."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.portal_layout import period_form, portal_href, portal_link, portal_pager, portal_shell
from customer_portal.i18n import N_, _, parts
from customer_portal.services.billing.invoices import InvoiceRow, PaymentView
from customer_portal.services.billing.line_items import LineView
from customer_portal.services.billing.statements import StatementRow
from customer_portal.state.portal_billing import (
    PortalInvoicesState,
    PortalInvoiceState,
    PortalStatementState,
)

SORT_CHOICES = (
    ("issue_date", N_("Date")),
    ("due_date", N_("Due date")),
    ("number", N_("Number")),
    ("total", N_("Amount")),
    ("balance", N_("Balance")),
    ("status", N_("Status")),
)


def back_home() -> rx.Component:
    return rx.link(_("← Home"), href=portal_link(routes.PORTAL_HOME), size="2")


def _pair(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color=rx.color("gray", 11)), rx.text(value, size="2"), spacing="0")


def _invoice_card(row: InvoiceRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.link(row.number, href=portal_href("invoices/" + row.id.to_string()), weight="bold"),
                rx.spacer(),
                status_badge(row.status),
                width="100%",
            ),
            rx.grid(
                _pair(_("Date"), row.issue_date),
                _pair(_("Due"), row.due_date),
                _pair(_("Amount"), row.total),
                _pair(_("Balance"), row.balance),
                columns="2",
                spacing="2",
                width="100%",
            ),
            spacing="2",
        ),
        class_name="invoice-card",
        width="100%",
    )


def portal_invoices_page() -> rx.Component:
    state = PortalInvoicesState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Invoices"), size="6", as_="h1"),
            rx.card(
                rx.hstack(
                    rx.vstack(
                        rx.text(_("Outstanding balance"), size="2", color=rx.color("gray", 11)),
                        rx.text(state.outstanding, size="6", weight="bold", id="outstanding-balance"),
                        spacing="1",
                    ),
                    rx.spacer(),
                    rx.cond(
                        state.can_pay,
                        rx.link(
                            rx.button(rx.icon("credit-card", size=16), _("Pay Now"), size="3"),
                            href=portal_href("pay"),
                            id="pay-now",
                        ),
                    ),
                    align="center",
                    width="100%",
                ),
                width="100%",
            ),
            rx.flex(
                rx.select.root(
                    rx.select.trigger(aria_label=_("Show invoices"), id="invoice-filter"),
                    rx.select.content(
                        *[
                            rx.select.item(label, value=value)
                            for value, label in (
                                ("all", _("All")),
                                ("outstanding", _("Outstanding")),
                                ("overdue", _("Overdue")),
                                ("paid", _("Paid")),
                                ("void", _("Void")),
                            )
                        ]
                    ),
                    value=state.status_filter,
                    on_change=state.set_status_filter,
                ),
                rx.select.root(
                    rx.select.trigger(aria_label=_("Sort by"), id="invoice-sort"),
                    rx.select.content(
                        *[
                            rx.select.item(_("Sort: {column}").format(column=_(label)), value=key)
                            for key, label in SORT_CHOICES
                        ]
                    ),
                    value=state.sort,
                    on_change=state.set_sort,
                ),
                rx.button(
                    rx.cond(state.descending, _("Newest / largest first"), _("Oldest / smallest first")),
                    on_click=state.toggle_direction,
                    variant="soft",
                    id="invoice-direction",
                ),
                rx.link(_("Billing statement"), href=portal_href("statement"), id="statement-link"),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(state.total == 0, rx.text(_("No invoices to show."), color=rx.color("gray", 11))),
            rx.grid(
                rx.foreach(state.rows, _invoice_card),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            portal_pager(state),
            spacing="4",
            width="100%",
        )
    )


def line_row(line: LineView) -> rx.Component:
    """One line of an invoice or a quote, as a customer reads it on a phone."""
    return rx.hstack(
        rx.vstack(
            rx.text(line.description, size="2"),
            rx.text(line.quantity, " × ", line.unit_price_display, size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(line.amount, size="2"),
        width="100%",
        class_name="invoice-line",
    )


def _payment(payment: PaymentView) -> rx.Component:
    return rx.hstack(
        rx.text(payment.received_on, " · ", payment.channel, " ", payment.reference, size="2"),
        rx.spacer(),
        rx.vstack(
            rx.text(payment.amount, size="2"),
            rx.cond(
                payment.refunded != "",
                rx.text(*parts(_("Refunded {amount}"), amount=payment.refunded), size="1", class_name="refunded"),
            ),
            align="end",
            spacing="0",
        ),
        width="100%",
    )


def portal_invoice_page() -> rx.Component:
    state = PortalInvoiceState
    invoice = state.invoice
    return portal_shell(
        rx.vstack(
            rx.link(_("← Invoices"), href=portal_href("invoices"), size="2"),
            rx.cond(
                state.missing,
                rx.text(_("That invoice is not available."), id="invoice-missing"),
                rx.cond(
                    invoice,
                    rx.vstack(
                        rx.hstack(
                            rx.heading(
                                *parts(_("Invoice {number}"), number=invoice.number),
                                size="6",
                                as_="h1",
                                id="portal-invoice-number",
                            ),
                            status_badge(invoice.status),
                            align="center",
                        ),
                        rx.text(
                            *parts(_("Issued {issued} · due {due}"), issued=invoice.issued_on, due=invoice.due_on),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        rx.card(rx.vstack(rx.foreach(invoice.lines, line_row), width="100%"), width="100%"),
                        rx.hstack(
                            rx.text(_("Total")), rx.spacer(), rx.text(invoice.total, weight="bold"), width="100%"
                        ),
                        rx.hstack(rx.text(_("Paid")), rx.spacer(), rx.text(invoice.amount_paid), width="100%"),
                        rx.hstack(
                            rx.text(_("Balance due")),
                            rx.spacer(),
                            rx.text(invoice.balance, weight="bold", id="portal-invoice-balance"),
                            width="100%",
                        ),
                        rx.cond(invoice.payments.length() > 0, rx.heading(_("Payments applied"), size="3", as_="h2")),
                        rx.foreach(invoice.payments, _payment),
                        rx.cond(invoice.memo != "", rx.text(invoice.memo, size="2", color=rx.color("gray", 11))),
                        rx.hstack(
                            rx.cond(
                                state.can_pay,
                                rx.link(
                                    rx.button(rx.icon("credit-card", size=16), _("Pay this invoice")),
                                    href=portal_href("pay?invoice=" + invoice.id.to_string()),
                                    id="pay-this-invoice",
                                ),
                            ),
                            rx.link(
                                rx.button(rx.icon("download", size=16), _("Download PDF"), variant="soft"),
                                href=routes.path_to(routes.API_INVOICE_PDF, invoice_id=invoice.id.to_string()),
                                is_external=True,
                                id="invoice-pdf",
                            ),
                            wrap="wrap",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        )
    )


def _statement_row(row: StatementRow) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(row.day, size="1", color=rx.color("gray", 11)),
                rx.text(row.description, size="2"),
                spacing="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.cond(row.charge != "", rx.text("+", row.charge, size="2")),
                rx.cond(row.payment != "", rx.text("−", row.payment, size="2", color=rx.color("green", 11))),
                rx.text(*parts(_("Balance {amount}"), amount=row.balance), size="1", color=rx.color("gray", 11)),
                align="end",
                spacing="0",
            ),
            width="100%",
        ),
        class_name="statement-row",
        width="100%",
    )


def portal_statement_page() -> rx.Component:
    state = PortalStatementState
    statement = state.statement
    return portal_shell(
        rx.vstack(
            rx.link(_("← Invoices"), href=portal_href("invoices"), size="2"),
            rx.heading(_("Billing statement"), size="6", as_="h1"),
            period_form(state, period=statement),
            rx.text(*parts(_("Statement {period}"), period=statement.period), size="2", id="statement-period"),
            rx.hstack(
                rx.text(_("Opening balance")),
                rx.spacer(),
                rx.text(statement.opening, weight="bold", id="statement-opening"),
                width="100%",
            ),
            rx.foreach(statement.rows, _statement_row),
            rx.cond(
                statement.rows.length() == 0,
                rx.text(_("No invoices or payments in this period."), color=rx.color("gray", 11)),
            ),
            rx.hstack(
                rx.text(_("Closing balance")),
                rx.spacer(),
                rx.text(statement.closing, weight="bold", id="statement-closing"),
                width="100%",
            ),
            rx.link(
                rx.button(rx.icon("download", size=16), _("Download PDF"), variant="soft"),
                href=routes.API_STATEMENT_PDF + "?start=" + statement.start + "&end=" + statement.end,
                is_external=True,
                id="statement-pdf",
            ),
            spacing="3",
            width="100%",
        )
    )
