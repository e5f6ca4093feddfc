"""Portal: Payments (a card per payment, filters and sorting) and a payment's receipt."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.portal_layout import portal_href, portal_pager, portal_shell
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.portal.portal_payments import PaymentRow
from customer_portal.state.portal_billing import PortalPaymentsState, PortalReceiptState


def _payment_card(row: PaymentRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.amount, weight="bold"),
                rx.spacer(),
                status_badge(row.status),
                width="100%",
            ),
            rx.text(row.day, " · ", row.method, size="2"),
            rx.text(*parts(_("For invoice {number}"), number=row.invoice), size="2", color=rx.color("gray", 11)),
            rx.link(_("Receipt"), href=portal_href("payments/" + row.id.to_string()), size="2"),
            spacing="1",
        ),
        class_name="payment-card",
        width="100%",
    )


def portal_payments_page() -> rx.Component:
    state = PortalPaymentsState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Payments"), size="6", as_="h1"),
            rx.flex(
                rx.select.root(
                    rx.select.trigger(aria_label=_("Payment method"), id="payment-method-filter"),
                    rx.select.content(
                        rx.select.item(_("All methods"), value="all"),
                        rx.select.item(_("Card"), value="card"),
                        rx.select.item(_("Bank"), value="bank"),
                        rx.select.item(_("Check"), value="check"),
                        rx.select.item(_("Cash"), value="cash"),
                    ),
                    value=state.method,
                    on_change=lambda value: state.set_filter("method", value),
                ),
                rx.select.root(
                    rx.select.trigger(aria_label=_("Sort by"), id="payment-sort"),
                    rx.select.content(
                        rx.select.item(_("Sort: Date"), value="date"),
                        rx.select.item(_("Sort: Amount"), value="amount"),
                        rx.select.item(_("Sort: Invoice"), value="invoice"),
                        rx.select.item(_("Sort: Method"), value="method"),
                    ),
                    value=state.sort,
                    on_change=lambda value: state.set_filter("sort", value),
                ),
                rx.button(
                    rx.cond(state.descending, _("Newest / largest first"), _("Oldest / smallest first")),
                    on_click=state.toggle_direction,
                    variant="soft",
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.flex(
                rx.vstack(
                    rx.el.label(_("From"), html_for="payments-from"),
                    rx.input(
                        type="date",
                        id="payments-from",
                        value=state.date_from,
                        on_change=lambda value: state.set_filter("date_from", value),
                    ),
                ),
                rx.vstack(
                    rx.el.label(_("To"), html_for="payments-to"),
                    rx.input(
                        type="date",
                        id="payments-to",
                        value=state.date_to,
                        on_change=lambda value: state.set_filter("date_to", value),
                    ),
                ),
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(state.total == 0, rx.text(_("No payments to show."), color=rx.color("gray", 11))),
            rx.grid(
                rx.foreach(state.rows, _payment_card),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            portal_pager(state),
            spacing="4",
            width="100%",
        )
    )


def portal_receipt_page() -> rx.Component:
    state = PortalReceiptState
    receipt = state.receipt
    return portal_shell(
        rx.vstack(
            rx.link(_("← Payments"), href=portal_href("payments"), size="2"),
            rx.cond(
                state.missing,
                rx.text(_("That payment is not available."), id="receipt-missing"),
                rx.card(
                    rx.vstack(
                        rx.heading(_("Receipt"), size="6", as_="h1"),
                        rx.text(receipt.company, weight="bold"),
                        rx.text(*parts(_("Received from {name}"), name=receipt.customer), size="2"),
                        rx.hstack(
                            rx.text(_("Amount")),
                            rx.spacer(),
                            rx.text(receipt.amount, weight="bold", id="receipt-amount"),
                            width="100%",
                        ),
                        rx.hstack(rx.text(_("Date")), rx.spacer(), rx.text(receipt.day), width="100%"),
                        rx.hstack(rx.text(_("Invoice")), rx.spacer(), rx.text(receipt.invoice), width="100%"),
                        rx.hstack(rx.text(_("Method")), rx.spacer(), rx.text(receipt.method), width="100%"),
                        rx.cond(
                            receipt.reference != "",
                            rx.hstack(rx.text(_("Reference")), rx.spacer(), rx.text(receipt.reference), width="100%"),
                        ),
                        rx.cond(
                            receipt.refunded != "",
                            rx.hstack(rx.text(_("Refunded")), rx.spacer(), rx.text(receipt.refunded), width="100%"),
                        ),
                        rx.link(
                            rx.button(rx.icon("download", size=16), _("Download PDF"), variant="soft"),
                            href=routes.path_to(routes.API_RECEIPT_PDF, payment_id=receipt.id.to_string()),
                            is_external=True,
                            id="receipt-pdf",
                        ),
                        spacing="2",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        )
    )
