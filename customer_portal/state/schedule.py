"""Upcoming visits and pauses: the customer's page (next visits, asking for a pause, withdrawing one) and the
office's Schedule (the day's visits, and the pause requests to answer)."""

from __future__ import annotations

import reflex as rx

from customer_portal.i18n import _
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import portal_schedule
from customer_portal.services.portal.portal_schedule import CustomerSchedule, HoldRequest
from customer_portal.services.visits import holds
from customer_portal.services.visits.holds import OfficeSchedule
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, current_staff, customer_only, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.portal import PortalState
from customer_portal.state.staff import StaffState

_HOLD_FIELDS = ("pool", "starts_on", "ends_on", "note")


class PortalUpcomingState(PortalState):
    schedule: CustomerSchedule | None = None
    hold_form: dict[str, str] = {}
    field_errors: dict[str, str] = {}
    done: str = ""

    @rx.event
    @customer_only()
    async def load_upcoming(self):
        self.field_errors, self.done = {}, ""
        self.schedule = await call_service(portal_schedule.schedule_for, customer=current_customer())
        first_pool = self.schedule.pool_choices[0][0] if self.schedule.pool_choices else ""
        self.hold_form = {"pool": first_pool, "starts_on": "", "ends_on": "", "note": ""}

    # A draft: only this browser's unsaved form; asking is guarded.
    @rx.event
    @public
    def set_hold_field(self, name: str, value: str):
        if name in _HOLD_FIELDS:
            typed = HoldRequest.LIMITS["note"].keep(value) if name == "note" else value[:20]
            self.hold_form = {**self.hold_form, name: typed}

    @rx.event
    @customer_only()
    async def request_hold(self):
        self.field_errors, self.done = {}, ""
        form = self.hold_form
        request = HoldRequest(
            row_id(form.get("pool", "")), form.get("starts_on", ""), form.get("ends_on", ""), form.get("note", "")
        )
        try:
            self.schedule = await call_service(
                portal_schedule.request_hold, customer=current_customer(), request=request
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.hold_form = {**self.hold_form, "starts_on": "", "ends_on": "", "note": ""}
        self.done = _("Asked. We will email you when the office answers.")

    @rx.event
    @customer_only()
    async def cancel_hold(self, hold_id: int):
        try:
            self.schedule = await call_service(
                portal_schedule.cancel_hold, customer=current_customer(), hold_id=hold_id
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.done = _("Withdrawn.")


class StaffScheduleState(StaffState):
    schedule: OfficeSchedule | None = None
    days: list[tuple[str, str]] = []  # (ISO, as written) for the day picker
    replies: dict[str, str] = {}  # by request id: what the office writes back with its answer

    @rx.event
    @staff_only()
    async def load_schedule(self):
        await self._show(str(self.router.page.params.get("day", ""))[:10])

    async def _show(self, day: str) -> None:
        self.schedule = await call_service(holds.office_schedule, day=day)
        self.days = await call_service(holds.days_ahead)

    @rx.event
    @staff_only()
    async def choose_day(self, day: str):
        await self._show(day[:10])

    @rx.event
    @public
    def set_reply(self, hold_id: int, text: str):
        self.replies = {**self.replies, str(hold_id): holds.REPLY_LIMIT.keep(text)}

    @rx.event
    @staff_only()
    async def answer(self, hold_id: int, approve: bool):
        reply = self.replies.get(str(hold_id), "")
        try:
            await call_service(holds.decide, staff=current_staff(), hold_id=hold_id, approve=approve, reply=reply)
        except (ServiceError, NotAuthorized) as error:
            return rx.toast.error(str(error))
        await self._show(self.schedule.day if self.schedule else "")
        return rx.toast.success(
            _("Approved: the customer is told.") if approve else _("Declined: the customer is told.")
        )
