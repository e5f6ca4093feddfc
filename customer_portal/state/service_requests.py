"""Service requests: the customer's pages (their requests, one request, asking for service with photos) and the
office's (the inbox, one request with its answers)."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.i18n import _
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.portal import portal_requests
from customer_portal.services.portal.portal_requests import RequestChoices, RequestForm
from customer_portal.services.visits import request_answers, service_requests
from customer_portal.services.visits.photo_upload import MAX_UPLOAD_BYTES, UploadedPhoto
from customer_portal.services.visits.request_answers import REPLY_LIMIT
from customer_portal.services.visits.service_requests import (
    MAX_REQUEST_PHOTOS,
    RequestDetail,
    RequestPage,
    RequestQuery,
    RequestRow,
)
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, current_staff, customer_only, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.paged_list import PagedListMixin, customer_param
from customer_portal.state.portal import PortalState
from customer_portal.state.staff import StaffState

REQUEST_PHOTO_UPLOAD_ID = "request-photos"
_DESCRIPTION = RequestForm.LIMITS["description"]
_ERROR_KEYS = {"pool": "service_location_id"}  # the form's field -> the service's name for it


class PortalRequestsState(PortalState):
    requests: list[RequestRow] = []

    @rx.event
    @customer_only()
    async def load_requests(self):
        self.requests = await call_service(portal_requests.my_requests, customer=current_customer())


class PortalRequestState(PortalState):
    request: RequestDetail | None = None
    missing: bool = False

    @rx.event
    @customer_only()
    async def load_request(self):
        self.reset()
        raw = self.router.page.params.get("request_id", "")
        try:
            self.request = await call_service(
                portal_requests.my_request, customer=current_customer(), request_id=row_id(raw)
            )
        except ServiceError:
            self.missing = True


class PortalRequestFormState(PortalState):
    choices: RequestChoices = RequestChoices()
    pool: str = ""
    kind: str = ""
    description: str = ""
    days: list[int] = []
    field_errors: dict[str, str] = {}
    sending: bool = False

    @rx.event
    @customer_only()
    async def load_form(self):
        self.reset()
        self.choices = await call_service(portal_requests.choices, customer=current_customer())
        self.pool = self.choices.pools[0][0] if len(self.choices.pools) == 1 else ""

    # A draft: only this browser's unsaved form; sending is guarded.
    @rx.event
    @public
    def set_field(self, name: str, value: str):
        if name == "description":
            self.description = _DESCRIPTION.keep(value)
        elif name in ("pool", "kind"):
            setattr(self, name, value[:20])
        else:
            return
        # Once changed, the field's old message no longer applies; sending checks it all again.
        answered = _ERROR_KEYS.get(name, name)
        self.field_errors = {key: message for key, message in self.field_errors.items() if key != answered}

    @rx.event
    @public
    def toggle_day(self, day: int, chosen: bool):
        others = [kept for kept in self.days if kept != day]
        self.days = sorted([*others, day]) if chosen and 0 <= day < 7 else others

    @rx.event
    @customer_only()
    async def send(self, files: list[rx.UploadFile]):
        self.field_errors = {}
        if len(files) > MAX_REQUEST_PHOTOS:
            self.field_errors = {"photos": _("Attach at most {count} photos.").format(count=MAX_REQUEST_PHOTOS)}
            return
        self.sending = True
        yield
        photos = [UploadedPhoto(file.name or "photo", await file.read(MAX_UPLOAD_BYTES + 1)) for file in files]
        form = RequestForm(row_id(self.pool), self.kind, self.description, list(self.days))
        try:
            request_id = await call_service(
                portal_requests.submit, customer=current_customer(), form=form, photos=photos
            )
        except ValidationFailed as error:
            self.field_errors, self.sending = error.field_errors, False
            return
        except ServiceError as error:
            self.sending = False
            yield rx.toast.error(str(error))
            return
        self.sending = False
        yield rx.clear_selected_files(REQUEST_PHOTO_UPLOAD_ID)
        yield rx.redirect(str(routes.path_to(routes.PORTAL_REQUEST, portal=self.slug, request_id=str(request_id))))
        yield rx.toast.success(_("Sent. We will reply here and by email."))


class StaffRequestsState(PagedListMixin, StaffState):
    status: str = "open"
    kind: str = "all"
    customer_id: int = 0
    rows: list[RequestRow] = []

    async def _fetch(self) -> RequestPage:
        query = RequestQuery(self.status, self.kind, self.customer_id or None, self.page)
        return await call_service(service_requests.list_requests, query=query)

    @rx.event
    @staff_only()
    async def load_requests(self):
        self.customer_id = customer_param(self)
        await self._restart()

    @rx.event
    @staff_only()
    async def set_filter(self, name: str, value: str):
        if name == "status" and value in service_requests.STATUS_FILTERS:
            self.status = value
        elif name == "kind" and value in service_requests.KIND_FILTERS:
            self.kind = value
        await self._restart()


class StaffRequestState(StaffState):
    request: RequestDetail | None = None
    not_found: bool = False
    reply: str = ""
    day: str = ""
    field_errors: dict[str, str] = {}

    @rx.event
    @staff_only()
    async def load_request(self):
        self.reset()
        await self._show(row_id(self.router.page.params.get("request_id", "")))

    async def _show(self, request_id: int) -> None:
        try:
            self.request = await call_service(service_requests.request_detail, request_id=request_id)
        except ServiceError:
            self.request, self.not_found = None, True

    @rx.event
    @public
    def set_field(self, name: str, value: str):
        if name == "reply":
            self.reply = REPLY_LIMIT.keep(value)
        elif name == "day":
            self.day = value[:10]

    async def _answer(self, service, done: str, **arguments):
        """Run one of the office's answers on the request shown; the reply box empties once it is sent."""
        if self.request is None:
            return None
        self.field_errors = {}
        try:
            await call_service(service, staff=current_staff(), request_id=self.request.id, **arguments)
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return None
        except (ServiceError, NotAuthorized) as error:
            return rx.toast.error(str(error))
        self.reply = ""
        await self._show(self.request.id)
        return rx.toast.success(done)

    @rx.event
    @staff_only()
    async def send_reply(self):
        return await self._answer(request_answers.reply, _("Reply sent to the customer."), text=self.reply)

    @rx.event
    @staff_only()
    async def schedule_visit(self):
        return await self._answer(
            request_answers.schedule, _("Scheduled: the customer is told."), day=self.day, text=self.reply
        )

    @rx.event
    @staff_only()
    async def close_request(self):
        return await self._answer(request_answers.close, _("Closed: the customer is told."), text=self.reply)

    @rx.event
    @staff_only()
    async def make_quote(self):
        if self.request is not None:
            return rx.redirect(f"{routes.STAFF_QUOTE_NEW}?request={self.request.id}")
        return None
