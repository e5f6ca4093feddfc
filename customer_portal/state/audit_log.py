"""The staff audit log page."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.company import audit
from customer_portal.services.company.audit import AuditPage, AuditRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.paged_list import PagedListMixin
from customer_portal.state.staff import StaffState


class AuditLogState(PagedListMixin, StaffState):
    group: str = "all"
    rows: list[AuditRow] = []

    async def _fetch(self) -> AuditPage:
        return await call_service(audit.list_entries, group=self.group, page=self.page)

    @rx.event
    @staff_only()
    async def load_audit_log(self):
        await self._restart()

    @rx.event
    @staff_only()
    async def set_group(self, group: str):
        self.group = group if group in audit.ACTION_GROUPS else "all"
        await self._restart()
