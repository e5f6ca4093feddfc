"""The portal's Service History tab: visits in a date range, a chart of each reading, and one visit."""

from __future__ import annotations

from dataclasses import replace

import reflex as rx

from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import portal_visits
from customer_portal.services.portal.portal_visits import ReadingSeries
from customer_portal.services.visits.visits import ReadingView, VisitRow
from customer_portal.state.base import call_service
from customer_portal.state.forms import PeriodForm
from customer_portal.state.guards import current_customer, customer_only, public
from customer_portal.state.inputs import row_id
from customer_portal.state.line_items import Option
from customer_portal.state.paged_list import PortalPagedListMixin
from customer_portal.state.portal import PortalState


class PortalHistoryState(PortalPagedListMixin, PortalState):
    pools: list[Option] = []
    pool: str = "all"
    start: str = ""
    end: str = ""
    rows: list[VisitRow] = []
    chart_field: str = "free_chlorine_ppm"
    # The chosen reading's name, unit and ideal range; its points go to the browser once, in chart_points.
    # Every reading's series stays here on the server, so choosing another reading sends only that one.
    chart: ReadingSeries | None = None
    chart_points: list[dict[str, str | float]] = []
    _series: list[ReadingSeries] = []
    error: str = ""

    def _show_chart(self) -> None:
        chosen = next((item for item in self._series if item.field == self.chart_field), None)
        chosen = chosen or (self._series[0] if self._series else None)
        self.chart = replace(chosen, points=[]) if chosen else None
        self.chart_points = [{"day": point.day, "value": point.value} for point in chosen.points] if chosen else []

    def _location(self) -> int | None:
        return row_id(self.pool) or None

    async def _fetch(self):
        shown = await call_service(
            portal_visits.history,
            customer=current_customer(),
            location_id=self._location(),
            start=self.start,
            end=self.end,
            page=self.page,
        )
        self.start, self.end = shown.span.start.isoformat(), shown.span.end.isoformat()
        self._series = shown.series
        self._show_chart()
        return shown.visits

    async def _reload(self) -> None:
        try:
            await self._restart()
            self.error = ""
        except ValidationFailed as failure:
            self.error = failure.field_errors.get("period", str(failure))
        except ServiceError as failure:
            self.error = str(failure)

    @rx.event
    @customer_only()
    async def load_history(self):
        self.start, self.end, self.pool = "", "", "all"  # the default period
        pools = await call_service(portal_visits.pools, customer=current_customer())
        self.pools = [Option(str(pool_id), label) for pool_id, label in pools]
        await self._reload()

    @rx.event
    @customer_only()
    async def set_pool(self, value: str):
        self.pool = value if value == "all" or value in {option.value for option in self.pools} else "all"
        await self._reload()

    @rx.event
    @customer_only()
    async def change_period(self, form: PeriodForm):
        self.start, self.end = form.get("start", ""), form.get("end", "")
        await self._reload()

    @rx.event
    @public
    def set_chart_field(self, value: str):
        # Chooses which of the already loaded series this browser charts; reads nothing.
        self.chart_field = str(value)[:40]
        self._show_chart()


class PortalVisitState(PortalState):
    visit_id: int = 0
    pool_name: str = ""
    completed: str = ""
    technician: str = ""
    notes: str = ""
    checklist: list[str] = []
    readings: list[ReadingView] = []
    chemicals: list[str] = []
    photo_ids: list[int] = []
    full_photo: int = 0
    missing: bool = False

    @rx.event
    @customer_only()
    async def load_visit(self):
        self.reset()
        raw = self.router.page.params.get("visit_id", "")
        try:
            detail = await call_service(portal_visits.visit_detail, customer=current_customer(), visit_id=row_id(raw))
        except ServiceError:
            self.missing = True
            return
        self.visit_id, self.pool_name, self.completed, self.technician = (
            detail.id,
            detail.pool,
            detail.completed,
            detail.technician,
        )
        self.notes, self.checklist, self.readings = detail.notes, detail.checklist, detail.readings
        self.chemicals, self.photo_ids = detail.chemicals, detail.photo_ids

    @rx.event
    @public
    def show_photo(self, photo_id: int):
        # Only opens the full-size view of a photo this page already lists; the image route checks access.
        self.full_photo = int(photo_id) if int(photo_id) in self.photo_ids else 0
