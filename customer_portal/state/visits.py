"""Service visits for the office: the list, recording a visit with photos, and one visit in full."""

from __future__ import annotations

import dataclasses

import reflex as rx

from customer_portal import routes
from customer_portal.domain.water import READINGS, STANDARD_CHECKLIST
from customer_portal.services.company import company
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.visits import visits
from customer_portal.services.visits.photo_upload import MAX_PHOTOS_PER_VISIT, MAX_UPLOAD_BYTES, UploadedPhoto
from customer_portal.services.visits.visits import ChemicalInput, VisitDetail, VisitForm, VisitPage, VisitRow
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.line_items import CustomerPickerMixin
from customer_portal.state.paged_list import PagedListMixin, customer_param, date_or_none
from customer_portal.state.staff import StaffState

PHOTO_UPLOAD_ID = "visit-photos"
_TEXT_LIMITS = {"technician_name": VisitForm.LIMITS["technician_name"], "notes": VisitForm.LIMITS["notes_for_customer"]}


@dataclasses.dataclass
class ChemicalRow:
    name: str = ""
    amount: str = ""
    unit: str = ""


class VisitListState(PagedListMixin, StaffState):
    customer_id: int = 0
    date_from: str = ""
    date_to: str = ""
    rows: list[VisitRow] = []

    async def _fetch(self) -> VisitPage:
        return await call_service(
            visits.list_visits,
            customer_id=self.customer_id or None,
            date_from=date_or_none(self.date_from),
            date_to=date_or_none(self.date_to),
            page=self.page,
        )

    @rx.event
    @staff_only()
    async def load_visits(self):
        self.customer_id = customer_param(self)
        await self._restart()

    @rx.event
    @staff_only()
    async def set_date_range(self, field: str, value: str):
        if field in ("date_from", "date_to"):
            setattr(self, field, str(value)[:10])
            await self._restart()


class VisitRecordState(CustomerPickerMixin, StaffState):
    service_location_id: str = ""
    completed_on: str = ""
    completed_time: str = ""
    technician_name: str = ""
    notes: str = ""
    checklist: list[str] = []
    readings: dict[str, str] = {}
    chemicals: list[ChemicalRow] = []
    field_errors: dict[str, str] = {}

    @rx.event
    @staff_only()
    async def load_form(self):
        self.reset()
        self.completed_on, self.completed_time = await call_service(company.company_today_and_now)
        self.chemicals = [ChemicalRow()]
        if customer_id := row_id(self.router.page.params.get("customer", "")):
            await self._choose_customer(customer_id)

    async def _load_pools(self) -> None:
        await super()._load_pools()
        if len(self.pools) == 1:
            self.service_location_id = self.pools[0].value

    # Draft setters: only this browser's unsaved form changes.
    @rx.event
    @public
    def set_field(self, field: str, value: str):
        if limit := _TEXT_LIMITS.get(field):
            setattr(self, field, limit.keep(value))
        elif field in ("service_location_id", "completed_on", "completed_time"):
            setattr(self, field, str(value)[:12])

    @rx.event
    @public
    def set_reading(self, field: str, value: str):
        if field in {reading.field for reading in READINGS}:
            self.readings = {**self.readings, field: str(value)[:10]}

    @rx.event
    @public
    def toggle_checklist(self, item: str, checked: bool):
        if item in STANDARD_CHECKLIST:
            others = [entry for entry in self.checklist if entry != item]
            self.checklist = [*others, item] if checked else others

    @rx.event
    @public
    def set_chemical(self, index: int, field: str, value: str):
        if field in ("name", "amount", "unit") and 0 <= int(index) < len(self.chemicals):
            self.chemicals = [
                dataclasses.replace(row, **{field: str(value)[:100]}) if i == int(index) else row
                for i, row in enumerate(self.chemicals)
            ]

    @rx.event
    @public
    def add_chemical(self):
        if len(self.chemicals) < 10:
            self.chemicals = [*self.chemicals, ChemicalRow()]

    def _form(self) -> VisitForm:
        return VisitForm(
            service_location_id=row_id(self.service_location_id),
            completed_on=self.completed_on,
            completed_time=self.completed_time,
            technician_name=self.technician_name,
            notes_for_customer=self.notes,
            checklist=list(self.checklist),
            readings=dict(self.readings),
            chemicals=[ChemicalInput(row.name, row.amount, row.unit) for row in self.chemicals],
        )

    @rx.event
    @staff_only()
    async def save_visit(self, files: list[rx.UploadFile]):
        self.field_errors, self.form_error = {}, ""
        if len(files) > MAX_PHOTOS_PER_VISIT:
            self.field_errors = {"photos": f"Attach at most {MAX_PHOTOS_PER_VISIT} photos to one visit."}
            return
        photos = [UploadedPhoto(file.name or "photo", await file.read(MAX_UPLOAD_BYTES + 1)) for file in files]
        try:
            visit_id = await call_service(visits.record_visit, staff=current_staff(), form=self._form(), photos=photos)
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            self.form_error = str(error)
            return
        except ServiceError as error:
            self.form_error = str(error)
            return
        yield rx.clear_selected_files(PHOTO_UPLOAD_ID)
        yield rx.redirect(routes.staff_visit(visit_id))


class VisitDetailState(StaffState):
    visit: VisitDetail | None = None
    not_found: bool = False

    @rx.event
    @staff_only()
    async def load_visit(self):
        self.reset()
        visit_id = row_id(self.router.page.params.get("visit_id", ""))
        try:
            detail = await call_service(visits.get_visit, visit_id=visit_id) if visit_id else None
        except ServiceError:
            detail = None
        self.visit, self.not_found = detail, detail is None
