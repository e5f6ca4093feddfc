"""Staff: the customer list."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.invites import invite_button, invite_dialog, invite_progress, portal_off_hint
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, pagination, sortable_header, wide_cell
from customer_portal.i18n import _
from customer_portal.services.customers.customer_directory import CustomerRow
from customer_portal.state.customer_list import CustomerListState as State
from customer_portal.state.invites import InviteState

_PORTAL_BADGE = {"active": "green", "invited": "amber", "invite_failed": "red", "not_invited": "gray"}


def _filters() -> rx.Component:
    return rx.flex(
        rx.debounce_input(
            rx.input(
                placeholder=_("Search name, email, phone or address"),
                value=State.search,
                on_change=State.set_search,
                aria_label=_("Search customers"),
                id="customer-search",
                width="100%",
            ),
            debounce_timeout=300,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=_("Customer status"), id="status-filter"),
            rx.select.content(
                rx.select.item(_("Active customers"), value="active"),
                rx.select.item(_("Archived customers"), value="archived"),
                rx.select.item(_("All customers"), value="all"),
            ),
            value=State.status_filter,
            on_change=State.set_status_filter,
        ),
        rx.select.root(
            rx.select.trigger(aria_label=_("Portal status"), id="portal-filter"),
            rx.select.content(
                rx.select.item(_("Any portal status"), value="all"),
                rx.select.item(_("Not invited"), value="not_invited"),
                rx.select.item(_("Invited"), value="invited"),
                rx.select.item(_("Invite failed"), value="invite_failed"),
                rx.select.item(_("Portal active"), value="active"),
                rx.select.item(_("AutoPay on"), value="autopay"),
            ),
            value=State.portal_filter,
            on_change=State.set_portal_filter,
        ),
        rx.link(
            rx.button(rx.icon("plus", size=16), _("New customer"), id="new-customer"), href=routes.STAFF_CUSTOMER_NEW
        ),
        rx.link(
            rx.button(rx.icon("upload", size=16), _("Import CSV"), variant="soft", id="import-customers"),
            href=routes.STAFF_CUSTOMER_IMPORT,
        ),
        spacing="2",
        wrap="wrap",
        width="100%",
        direction=rx.breakpoints(initial="column", md="row"),
    )


def _selection_bar() -> rx.Component:
    return rx.cond(
        State.selected_count > 0,
        rx.hstack(
            rx.text(State.selected_count, " selected", size="2", id="selected-count"),
            invite_button(InviteState.open_for_selection),
            rx.cond(
                State.selected_count < State.total,
                rx.button(
                    _("Select all "),
                    State.total,
                    " matching",
                    variant="ghost",
                    size="1",
                    on_click=State.select_all_matching,
                    id="select-all-matching",
                ),
            ),
            rx.button(_("Clear selection"), variant="ghost", size="1", on_click=State.clear_selection),
            padding="0.5rem 0",
            align="center",
        ),
    )


def _row(row: CustomerRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=State.selected_ids.contains(row.id),
                on_change=lambda checked: State.toggle_row(row.id, checked),
                aria_label=f"Select {row.name}",
            )
        ),
        rx.table.row_header_cell(
            rx.link(
                row.name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.id.to_string()),
                weight="medium",
            ),
            rx.cond(row.company_name != "", rx.text(row.company_name, size="1", color=rx.color("gray", 11))),
            on_phones(row.email),
        ),
        wide_cell(row.email),
        wide_cell(row.phone, white_space="nowrap"),
        wide_cell(row.address),
        wide_cell(status_badge(row.status)),
        rx.table.cell(
            rx.hstack(
                rx.badge(
                    row.portal_status_label,
                    color_scheme=rx.match(row.portal_status, *_PORTAL_BADGE.items(), "gray"),
                    high_contrast=True,
                ),
                rx.cond(
                    row.autopay, rx.badge(_("AutoPay"), color_scheme="green", high_contrast=True, class_name="autopay")
                ),
                spacing="1",
                wrap="wrap",
            )
        ),
        class_name="customer-row",
    )


def _table() -> rx.Component:
    def header(label: str, column: str, *, wide_only: bool = True) -> rx.Component:
        return sortable_header(
            label, column, sort=State.sort, descending=State.descending, on_sort=State.sort_by, wide_only=wide_only
        )

    select_page = rx.checkbox(
        checked=State.page_fully_selected,
        on_change=State.toggle_page,
        aria_label=_("Select all on this page"),
        id="select-page",
    )
    headers = [
        rx.table.column_header_cell(select_page),
        header(_("Name"), "name", wide_only=False),
        header(_("Email"), "email"),
        header(_("Phone"), "phone"),
        header(_("Address"), "address"),
        header(_("Status"), "status"),
        rx.table.column_header_cell(_("Portal")),
    ]
    return data_table(headers, State.rows, _row)


def staff_customers_page() -> rx.Component:
    return staff_shell(
        _("Customers"),
        rx.vstack(
            _filters(),
            invite_progress(),
            portal_off_hint(),
            _selection_bar(),
            invite_dialog(),
            _table(),
            rx.cond(State.total == 0, rx.text(_("No customers match."), color=rx.color("gray", 11), id="no-customers")),
            pagination(
                page=State.page,
                pages=State.pages,
                total=State.total,
                nouns=("customer", "customers"),
                on_page=State.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )
