"""The staff audit log page."""

from __future__ import annotations

import reflex as rx

from customer_portal.services import audit
from customer_portal.services.audit import AuditRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.staff import StaffState


class AuditLogState(StaffState):
    group: str = "all"
    page: int = 1
    rows: list[AuditRow] = []
    total: int = 0
    pages: int = 1

    async def _refresh(self) -> None:
        result = await call_service(audit.list_entries, group=self.group, page=self.page)
        self.rows, self.total, self.pages, self.page = result.rows, result.total, result.pages, result.page

    @rx.event
    @staff_only()
    async def load_audit_log(self):
        self.page = 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def set_group(self, group: str):
        self.group, self.page = (group if group in audit.ACTION_GROUPS else "all"), 1
        await self._refresh()

    @rx.event
    @staff_only()
    async def go_to_page(self, page: int):
        self.page = max(1, int(page))
        await self._refresh()
