"""The staff quote list."""

from __future__ import annotations

import reflex as rx

from customer_portal.services import quotes
from customer_portal.services.quotes import QuoteQuery, QuoteRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.staff import StaffState

SORTABLE = ("number", "title", "customer", "issue_date", "expires_on", "total", "status")


class QuoteListState(StaffState):
    status_filter: str = "all"
    search: str = ""
    customer_id: int = 0
    sort: str = "created"
    descending: bool = True
    page: int = 1
    rows: list[QuoteRow] = []
    total: int = 0
    pages: int = 1

    async def _refresh(self) -> None:
        query = QuoteQuery(
            status=self.status_filter,
            search=self.search[:100],
            customer_id=self.customer_id or None,
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )
        result = await call_service(quotes.list_quotes, query=query)
        self.rows, self.total, self.pages, self.page = result.rows, result.total, result.pages, result.page

    @rx.event
    @staff_only()
    async def load_quotes(self):
        raw = str(self.router.page.params.get("customer", ""))
        self.customer_id, self.page = (int(raw) if raw.isdigit() else 0), 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_status_filter(self, value: str):
        self.status_filter, self.page = (value if value in quotes.STATUS_FILTERS else "all"), 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_search(self, text: str):
        self.search, self.page = str(text)[:100], 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def sort_by(self, column: str):
        if column in SORTABLE:
            self.descending = not self.descending if self.sort == column else False
            self.sort = column
            await self._refresh()

    @rx.event
    @staff_only()
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        await self._refresh()
