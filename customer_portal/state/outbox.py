"""The staff outbox page: every email the app has written, and the full text of one."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.messaging import outbox
from customer_portal.services.messaging.outbox import OutboxPage, OutboxRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import staff_only
from customer_portal.state.paged_list import PagedListMixin
from customer_portal.state.staff import StaffState


class OutboxState(PagedListMixin, StaffState):
    rows: list[OutboxRow] = []
    open_subject: str = ""
    open_text: str = ""

    async def _fetch(self) -> OutboxPage:
        return await call_service(outbox.list_messages, page=self.page)

    @rx.event
    @staff_only()
    async def load_outbox(self):
        self.open_subject = self.open_text = ""
        await self._restart()

    @rx.event
    @staff_only()
    async def open_message(self, message_id: int):
        self.open_subject, self.open_text = await call_service(outbox.message_text, message_id=int(message_id))

    @rx.event
    @staff_only()
    async def close_message(self):
        self.open_subject = self.open_text = ""
