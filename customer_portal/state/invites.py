"""Send Portal Invite: choose (bulk or one customer), continue to confirm who gets one, review, send.

Queuing is one quick transaction; delivery runs in the background and this state only reads its progress,
so the page can be left and opened again.
"""

from __future__ import annotations

import reflex as rx

from customer_portal import jobs
from customer_portal.i18n import _, ngettext
from customer_portal.services.errors import ServiceError
from customer_portal.services.messaging import outbox
from customer_portal.services.portal import invites, portal_settings
from customer_portal.services.portal.invites import Excluded, Recipient
from customer_portal.state.base import call_service
from customer_portal.state.customer_list import CustomerListState
from customer_portal.state.guards import current_staff, staff_only
from customer_portal.state.staff import StaffState


class InviteState(StaffState):
    portal_ready: bool = False
    step: str = ""  # "", "confirm", "review"
    customer_ids: list[int] = []
    recipients: list[Recipient] = []
    excluded: list[Excluded] = []
    reinvite_active: bool = False
    review_subject: str = ""
    review_body: str = ""
    run_id: str = ""
    total: int = 0
    sent: int = 0
    failed: int = 0
    kept_in_outbox: bool = False  # no email provider: the invites wait on the Outbox page, unsent
    message: str = ""

    @rx.var
    def remaining(self) -> int:
        return max(self.total - self.sent - self.failed, 0)

    @rx.var
    def running(self) -> bool:
        return self.run_id != "" and self.remaining > 0

    @rx.var
    def percent_done(self) -> int:
        return 100 if not self.total else round(100 * (self.sent + self.failed) / self.total)

    @rx.event
    @staff_only()
    async def load_invite_status(self):
        """On the customer pages: is the portal on, and how is the latest invite run going?"""
        form = await call_service(portal_settings.get_portal_settings)
        self.portal_ready = form.enabled and bool(form.slug)
        self.run_id = await call_service(invites.latest_run_id)
        await self._read_progress()

    async def _read_progress(self) -> None:
        if self.run_id:
            progress = await call_service(outbox.run_progress, run_id=self.run_id)
            self.total, self.sent, self.failed = progress.total, progress.sent, progress.failed
            self.kept_in_outbox = progress.kept_in_outbox

    @rx.event
    @staff_only()
    async def refresh_progress(self, _tick: str = ""):
        await self._read_progress()

    async def _plan(self) -> None:
        plan = await call_service(
            invites.plan_invites, customer_ids=self.customer_ids, reinvite_active=self.reinvite_active
        )
        self.recipients, self.excluded = plan.recipients, plan.excluded

    @rx.event
    @staff_only()
    async def open_for_selection(self):
        customer_list = await self.get_state(CustomerListState)
        self.customer_ids, self.reinvite_active, self.message = list(customer_list.selected_ids), False, ""
        await self._plan()
        self.step = "confirm"

    @rx.event
    @staff_only()
    async def open_for_customer(self, customer_id: int):
        self.customer_ids, self.reinvite_active, self.message = [int(customer_id)], False, ""
        await self._plan()
        self.step = "confirm"

    @rx.event
    @staff_only()
    async def set_reinvite_active(self, checked: bool):
        self.reinvite_active = bool(checked)
        await self._plan()

    @rx.event
    @staff_only()
    async def continue_to_review(self):
        if not self.recipients:
            self.message = _("None of the selected customers can be invited.")
            return
        form = await call_service(portal_settings.get_portal_settings)
        rendered = await call_service(invites.preview, form=form, recipient=self.recipients[0])
        self.review_subject, self.review_body, self.step = rendered.subject, rendered.text, "review"

    @rx.event
    @staff_only()
    async def send(self):
        try:
            run = await call_service(
                invites.send_invites,
                staff=current_staff(),
                customer_ids=self.customer_ids,
                reinvite_active=self.reinvite_active,
            )
        except ServiceError as error:
            self.message = str(error)
            return
        jobs.wake_email_delivery()
        self.run_id, self.step = run.run_id, ""
        await self._read_progress()
        customer_list = await self.get_state(CustomerListState)
        customer_list.selected_ids = []
        if self.kept_in_outbox:
            return rx.toast.warning(
                ngettext(
                    "{count} invite is in the Outbox: no email provider is set up.",
                    "{count} invites are in the Outbox: no email provider is set up.",
                    run.queued,
                )
            )
        return rx.toast.success(
            ngettext("{count} invite is on its way.", "{count} invites are on their way.", run.queued)
        )

    @rx.event
    @staff_only()
    async def back_to_confirm(self):
        self.step = "confirm"

    @rx.event
    @staff_only()
    async def close(self):
        self.step = ""
