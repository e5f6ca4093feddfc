"""Create and edit one customer: contact fields, several emails, several pools.

The draft lives in this browser's state while it is typed (the draft setters read and write nothing
else, so they are public); loading, saving and archiving are staff-only and go through the service.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, fields

import reflex as rx

from customer_portal import i18n, routes
from customer_portal.i18n import _
from customer_portal.services.accounts import view_as_customer
from customer_portal.services.customers import customers
from customer_portal.services.customers.customers import CustomerForm, EmailInput, LocationInput
from customer_portal.services.customers.pool_schedules import ScheduleFields
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import preferences
from customer_portal.services.messaging.preferences import CustomerNotifications
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.staff import StaffState

MAX_ROWS = 10


@dataclasses.dataclass
class EmailRow:
    address: str = ""
    is_primary: bool = False
    send_invoices: bool = True
    id: int = 0
    portal_status: str = "Not invited"
    error: str = ""


@dataclasses.dataclass
class LocationRow:
    label: str = ""
    address: str = ""
    access_notes: str = ""
    pool_type: str = "chlorine"
    volume_gallons: str = ""
    id: int = 0
    service_day: str = ""  # the schedule, as in ScheduleFields
    every_weeks: str = "1"
    service_from: str = ""
    service_until: str = ""


SCHEDULE_FIELDS = tuple(field.name for field in fields(ScheduleFields))
NO_SCHEDULE = "none"  # the service-day list's "Not scheduled" (a list item cannot have an empty value)


def _replace_at(rows: list, index: int, **changes) -> list:
    if not 0 <= index < len(rows):
        return rows
    return [dataclasses.replace(row, **changes) if i == index else row for i, row in enumerate(rows)]


class CustomerEditState(StaffState):
    customer_id: int = 0
    status: str = "active"
    invoice_count: int = 0
    autopay: str = ""
    name: str = ""
    company_name: str = ""
    phone: str = ""
    notes: str = ""
    language: str = "en"
    emails: list[EmailRow] = []
    locations: list[LocationRow] = []
    field_errors: dict[str, str] = {}  # by the service's keys: "name", "locations.0.label"...
    form_error: str = ""
    not_found: bool = False
    emails_sent: CustomerNotifications = CustomerNotifications()

    @rx.var
    def is_new(self) -> bool:
        return self.customer_id == 0

    @rx.event
    @staff_only()
    async def load_customer(self):
        self.reset()
        raw_id = str(self.router.page.params.get("customer_id", "new"))
        if raw_id == "new" or not row_id(raw_id):
            self.not_found = raw_id != "new"
            self.emails, self.locations = [EmailRow(is_primary=True)], [LocationRow(label=_("Main pool"))]
            return
        try:
            detail = await call_service(customers.get_customer, customer_id=row_id(raw_id))
        except ServiceError:
            self.not_found = True
            return
        self._show(detail)
        self.emails_sent = await call_service(preferences.for_office, customer_id=detail.id)

    def _show(self, detail: customers.CustomerDetail) -> None:
        form = detail.form
        self.customer_id, self.status, self.invoice_count = detail.id, detail.status, detail.invoice_count
        self.autopay = detail.autopay
        self.name, self.company_name, self.phone, self.notes = form.name, form.company_name, form.phone, form.notes
        self.language = form.language
        self.emails = [
            EmailRow(e.address, e.is_primary, e.send_invoices, e.id or 0, e.portal_status) for e in form.emails
        ]
        self.locations = [
            LocationRow(
                p.label, p.address, p.access_notes, p.pool_type, p.volume_gallons, p.id or 0, **asdict(p.schedule)
            )
            for p in form.locations
        ]

    # Draft setters: they change only this browser's unsaved form.
    @rx.event
    @public
    def set_name(self, value: str):
        self.name = CustomerForm.LIMITS["name"].keep(value)

    @rx.event
    @public
    def set_company_name(self, value: str):
        self.company_name = CustomerForm.LIMITS["company_name"].keep(value)

    @rx.event
    @public
    def set_phone(self, value: str):
        self.phone = CustomerForm.LIMITS["phone"].keep(value)

    @rx.event
    @public
    def set_notes(self, value: str):
        self.notes = CustomerForm.LIMITS["notes"].keep(value)

    @rx.event
    @public
    def set_language(self, value: str):
        self.language = i18n.supported(value)

    @rx.event
    @public
    def set_email_address(self, index: int, value: str):
        self.emails = _replace_at(self.emails, int(index), address=EmailInput.LIMITS["address"].keep(value))

    @rx.event
    @public
    def set_email_primary(self, index: int, checked: bool):
        self.emails = [
            dataclasses.replace(row, is_primary=bool(checked) and i == int(index)) for i, row in enumerate(self.emails)
        ]

    @rx.event
    @public
    def set_email_send_invoices(self, index: int, checked: bool):
        self.emails = _replace_at(self.emails, int(index), send_invoices=bool(checked))

    @rx.event
    @public
    def add_email(self):
        if len(self.emails) < MAX_ROWS:
            self.emails = [*self.emails, EmailRow(is_primary=not self.emails)]

    @rx.event
    @public
    def remove_email(self, index: int):
        self.emails = [row for i, row in enumerate(self.emails) if i != int(index)]

    @rx.event
    @public
    def set_location_field(self, index: int, field: str, value: str):
        if limit := LocationInput.LIMITS.get(field):
            self.locations = _replace_at(self.locations, int(index), **{field: limit.keep(value)})
        elif field in ("volume_gallons", *SCHEDULE_FIELDS):
            typed = "" if field == "service_day" and value == NO_SCHEDULE else str(value)[:20]
            self.locations = _replace_at(self.locations, int(index), **{field: typed})

    @rx.event
    @public
    def add_location(self):
        if len(self.locations) < MAX_ROWS:
            self.locations = [*self.locations, LocationRow()]

    @rx.event
    @public
    def remove_location(self, index: int):
        self.locations = [row for i, row in enumerate(self.locations) if i != int(index)]

    def _form(self) -> CustomerForm:
        return CustomerForm(
            name=self.name,
            company_name=self.company_name,
            phone=self.phone,
            notes=self.notes,
            language=self.language,
            emails=[EmailInput(e.address, e.is_primary, e.send_invoices, e.id or None) for e in self.emails],
            locations=[
                LocationInput(
                    p.label,
                    p.address,
                    p.access_notes,
                    p.pool_type,
                    p.volume_gallons,
                    p.id or None,
                    ScheduleFields(p.service_day, p.every_weeks, p.service_from, p.service_until),
                )
                for p in self.locations
            ],
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.field_errors = errors
        self.emails = [
            dataclasses.replace(row, error=errors.get(f"emails.{i}.address", "")) for i, row in enumerate(self.emails)
        ]

    @rx.event
    @staff_only()
    async def save(self):
        was_new = self.is_new
        self._show_errors({})
        self.form_error = ""
        try:
            saved_id = await call_service(
                customers.save_customer, staff=current_staff(), customer_id=self.customer_id or None, form=self._form()
            )
        except ValidationFailed as error:
            self._show_errors(error.field_errors)
            self.form_error = str(error)
            return
        except ServiceError as error:
            self.form_error = str(error)
            return
        self._show(await call_service(customers.get_customer, customer_id=saved_id))
        yield rx.toast.success(_("Customer created.") if was_new else _("Changes saved."))
        if was_new:
            yield rx.redirect(routes.staff_customer(saved_id))

    @rx.event
    @staff_only()
    async def view_as_customer(self, email_id: int):
        """Open the portal, read-only, exactly as this email sees it (audited)."""
        try:
            token, slug = await call_service(
                view_as_customer.start_view,
                staff=current_staff(),
                customer_email_id=int(email_id),
                client_ip=self.client_ip,
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        await self._hand_session_to_browser(token, then=routes.portal_path(slug))
        return None

    @rx.event
    @staff_only()
    async def set_archived(self, archived: bool):
        try:
            await call_service(
                customers.set_archived, staff=current_staff(), customer_id=self.customer_id, archived=archived
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        self._show(await call_service(customers.get_customer, customer_id=self.customer_id))
        return rx.toast.success(_("Customer archived.") if archived else _("Customer restored."))
