"""The staff customer list: the query lives here, the rows come from the directory service."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.customers import customer_directory
from customer_portal.services.customers.customer_directory import CustomerPage, CustomerQuery, CustomerRow
from customer_portal.services.customers.customer_listing import PortalStatus
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.paged_list import PagedListMixin, SortedSearchMixin
from customer_portal.state.staff import StaffState


class CustomerListState(PagedListMixin, SortedSearchMixin, StaffState):
    sort: str = "name"
    status_filter: str = "active"
    portal_filter: str = "all"
    rows: list[CustomerRow] = []
    selected_ids: list[int] = []

    @rx.var
    def selected_count(self) -> int:
        return len(self.selected_ids)

    @rx.var
    def page_fully_selected(self) -> bool:
        return bool(self.rows) and all(row.id in self.selected_ids for row in self.rows)

    def _sort_columns(self) -> tuple[str, ...]:
        return ("name", "email", "phone", "address", "status", "created")

    def _query(self) -> CustomerQuery:
        return CustomerQuery(
            search=self.search,
            status=self.status_filter,
            portal=self.portal_filter,
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )

    async def _fetch(self) -> CustomerPage:
        return await call_service(customer_directory.list_customers, query=self._query())

    @rx.event
    @staff_only()
    async def load_customers(self):
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in ("active", "archived", "all") else "active"
        await self._restart()

    @rx.event
    @staff_only()
    async def set_portal_filter(self, value: str):
        allowed = (
            "all",
            customer_directory.AUTOPAY_FILTER,
            *[status.value for status in PortalStatus],
        )
        self.portal_filter = value if value in allowed else "all"
        await self._restart()

    @rx.event
    @staff_only()
    async def toggle_row(self, customer_id: int, checked: bool):
        others = [selected for selected in self.selected_ids if selected != customer_id]
        self.selected_ids = [*others, int(customer_id)] if checked else others

    @rx.event
    @staff_only()
    async def toggle_page(self, checked: bool):
        on_page = {row.id for row in self.rows}
        others = [selected for selected in self.selected_ids if selected not in on_page]
        self.selected_ids = [*others, *sorted(on_page)] if checked else others

    @rx.event
    @staff_only()
    async def select_all_matching(self):
        self.selected_ids = await call_service(customer_directory.matching_customer_ids, query=self._query())

    @rx.event
    @staff_only()
    async def clear_selection(self):
        self.selected_ids = []
