"""Staff: the quote list."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, pagination, sortable_header, wide_cell
from customer_portal.i18n import N_, _
from customer_portal.services.billing.quotes import QuoteRow
from customer_portal.state.quote_list import QuoteListState as State

_STATUSES = (
    ("all", N_("All statuses")),
    ("draft", N_("Draft")),
    ("sent", N_("Sent")),
    ("approved", N_("Approved")),
    ("rejected", N_("Rejected")),
    ("info_requested", N_("Info requested")),
    ("expired", N_("Expired")),
)


def _row(row: QuoteRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                row.number,
                href=routes.path_to(routes.STAFF_QUOTE_DETAIL, quote_id=row.id.to_string()),
                white_space="nowrap",
            ),
            on_phones(row.title),
            on_phones(row.customer_name),
        ),
        wide_cell(row.title),
        wide_cell(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
            )
        ),
        wide_cell(row.issue_date),
        wide_cell(row.expires_on),
        rx.table.cell(row.total, text_align="right"),
        rx.table.cell(status_badge(row.status)),
        class_name="quote-row",
    )


def staff_quotes_page() -> rx.Component:
    def header(label: str, column: str, *, wide_only: bool = False) -> rx.Component:
        return sortable_header(
            label, column, sort=State.sort, descending=State.descending, on_sort=State.sort_by, wide_only=wide_only
        )

    return staff_shell(
        _("Quotes"),
        rx.vstack(
            rx.flex(
                rx.debounce_input(
                    rx.input(
                        placeholder=_("Number, title or customer"),
                        value=State.search,
                        on_change=State.set_search,
                        aria_label=_("Search quotes"),
                        id="quote-search",
                    ),
                    debounce_timeout=300,
                ),
                rx.select.root(
                    rx.select.trigger(aria_label=_("Quote status"), id="quote-status-filter"),
                    rx.select.content(*[rx.select.item(_(label), value=value) for value, label in _STATUSES]),
                    value=State.status_filter,
                    on_change=State.set_status_filter,
                ),
                rx.link(
                    rx.button(rx.icon("plus", size=16), _("New quote"), id="new-quote"), href=routes.STAFF_QUOTE_NEW
                ),
                spacing="2",
                wrap="wrap",
            ),
            data_table(
                [
                    header(_("Number"), "number"),
                    header(_("Title"), "title", wide_only=True),
                    header(_("Customer"), "customer", wide_only=True),
                    header(_("Sent"), "issue_date", wide_only=True),
                    header(_("Expires"), "expires_on", wide_only=True),
                    header(_("Total"), "total"),
                    header(_("Status"), "status"),
                ],
                State.rows,
                _row,
            ),
            rx.cond(State.total == 0, rx.text(_("No quotes match."), color=rx.color("gray", 11))),
            pagination(
                page=State.page,
                pages=State.pages,
                total=State.total,
                nouns=("quote", "quotes"),
                on_page=State.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )
