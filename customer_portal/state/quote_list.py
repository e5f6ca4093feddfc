"""The staff quote list."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.billing import quotes
from customer_portal.services.billing.quotes import QuotePage, QuoteQuery, QuoteRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.paged_list import PagedListMixin, SortedSearchMixin, customer_param
from customer_portal.state.staff import StaffState


class QuoteListState(PagedListMixin, SortedSearchMixin, StaffState):
    sort: str = "created"
    descending: bool = True
    status_filter: str = "all"
    customer_id: int = 0
    rows: list[QuoteRow] = []

    def _sort_columns(self) -> tuple[str, ...]:
        return ("number", "title", "customer", "issue_date", "expires_on", "total", "status")

    async def _fetch(self) -> QuotePage:
        query = QuoteQuery(
            status=self.status_filter,
            search=self.search,
            customer_id=self.customer_id or None,
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )
        return await call_service(quotes.list_quotes, query=query)

    @rx.event
    @staff_only()
    async def load_quotes(self):
        self.customer_id = customer_param(self)
        await self._restart()

    @rx.event
    @staff_only()
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in quotes.STATUS_FILTERS else "all"
        await self._restart()
