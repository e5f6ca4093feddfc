"""The staff invoice list."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.billing import invoices
from customer_portal.services.billing.invoices import InvoicePage, InvoiceQuery, InvoiceRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.paged_list import PagedListMixin, SortedSearchMixin, customer_param, date_or_none
from customer_portal.state.staff import StaffState


class InvoiceListState(PagedListMixin, SortedSearchMixin, StaffState):
    sort: str = "issue_date"
    descending: bool = True
    status_filter: str = "all"
    issued_from: str = ""
    issued_to: str = ""
    customer_id: int = 0
    rows: list[InvoiceRow] = []

    def _sort_columns(self) -> tuple[str, ...]:
        return ("number", "customer", "issue_date", "due_date", "total", "balance", "status")

    async def _fetch(self) -> InvoicePage:
        query = InvoiceQuery(
            status=self.status_filter,
            customer_id=self.customer_id or None,
            search=self.search,
            issued_from=date_or_none(self.issued_from),
            issued_to=date_or_none(self.issued_to),
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )
        return await call_service(invoices.list_invoices, query=query)

    @rx.event
    @staff_only()
    async def load_invoices(self):
        self.customer_id = customer_param(self)
        await self._restart()

    @rx.event
    @staff_only()
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in invoices.STATUS_FILTERS else "all"
        await self._restart()

    @rx.event
    @staff_only()
    async def set_issued_range(self, field: str, text: str):
        if field in ("issued_from", "issued_to"):
            setattr(self, field, str(text)[:10])
            await self._restart()

    @rx.event
    @staff_only()
    async def clear_customer(self):
        self.customer_id = 0
        await self._restart()
