"""What every office list shares: one page of rows in the browser, the query here, paging and sorting on
the server. Each list names its query (`_fetch`) and its sortable columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import reflex as rx

from customer_portal.state.guards import customer_only, staff_only
from customer_portal.state.inputs import row_id


def date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def customer_param(state: rx.State) -> int:
    """The ?customer=ID a list was opened with (from a customer's page), or 0."""
    return row_id(state.router.page.params.get("customer", ""))


def _paged_list_mixin(guard: Callable[[Callable[..., Any]], Any]) -> type:
    """The paging mixin, with its page handler behind the given guard (office or portal)."""

    class PagedList(rx.State, mixin=True):
        page: int = 1
        total: int = 0
        pages: int = 1

        async def _fetch(self) -> Any:
            """One page from the list's service: an object with rows, total, page and pages."""
            raise NotImplementedError

        async def _refresh(self) -> None:
            result = await self._fetch()
            self.rows = result.rows
            self.total, self.pages, self.page = result.total, result.pages, result.page

        async def _restart(self) -> None:
            """After the query changed: back to the first page."""
            self.page = 1
            await self._refresh()

        @rx.event
        @guard
        async def go_to_page(self, page: int):
            self.page = max(1, int(page))
            await self._refresh()

    return PagedList


PagedListMixin = _paged_list_mixin(staff_only())
PortalPagedListMixin = _paged_list_mixin(customer_only())


class SortedSearchMixin(rx.State, mixin=True):
    search: str = ""
    sort: str = ""
    descending: bool = False

    def _sort_columns(self) -> tuple[str, ...]:
        return ()

    def _newest_first(self, column: str) -> bool:
        """Dates read best newest first when a column is first chosen."""
        return column in ("issue_date", "due_date", "created", "completed")

    @rx.event
    @staff_only()
    async def set_search(self, text: str):
        self.search = str(text)[:100]
        await self._restart()

    @rx.event
    @staff_only()
    async def sort_by(self, column: str):
        if column in self._sort_columns():
            self.descending = not self.descending if self.sort == column else self._newest_first(column)
            self.sort = column
            await self._refresh()
