"""The staff invoice list."""

from __future__ import annotations

from datetime import date

import reflex as rx

from customer_portal.services import invoices
from customer_portal.services.invoices import InvoiceQuery, InvoiceRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.staff import StaffState

SORTABLE = ("number", "customer", "issue_date", "due_date", "total", "balance", "status")


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class InvoiceListState(StaffState):
    status_filter: str = "all"
    search: str = ""
    issued_from: str = ""
    issued_to: str = ""
    customer_id: int = 0
    sort: str = "issue_date"
    descending: bool = True
    page: int = 1

    rows: list[InvoiceRow] = []
    total: int = 0
    pages: int = 1

    async def _refresh(self) -> None:
        query = InvoiceQuery(
            status=self.status_filter,
            customer_id=self.customer_id or None,
            search=self.search[:100],
            issued_from=_date_or_none(self.issued_from),
            issued_to=_date_or_none(self.issued_to),
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )
        result = await call_service(invoices.list_invoices, query=query)
        self.rows, self.total, self.pages, self.page = result.rows, result.total, result.pages, result.page

    @rx.event
    @staff_only()
    async def load_invoices(self):
        raw = str(self.router.page.params.get("customer", ""))
        self.customer_id = int(raw) if raw.isdigit() else 0
        self.page = 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_status_filter(self, value: str):
        self.status_filter, self.page = (value if value in invoices.STATUS_FILTERS else "all"), 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_search(self, text: str):
        self.search, self.page = str(text)[:100], 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_issued_from(self, text: str):
        self.issued_from, self.page = str(text)[:10], 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_issued_to(self, text: str):
        self.issued_to, self.page = str(text)[:10], 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def clear_customer(self):
        self.customer_id, self.page = 0, 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def sort_by(self, column: str):
        if column in SORTABLE:
            self.descending = not self.descending if self.sort == column else column in ("issue_date", "due_date")
            self.sort = column
            await self._refresh()

    @rx.event
    @staff_only()
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        await self._refresh()
