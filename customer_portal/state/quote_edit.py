"""One quote: write or revise it, send it, and read the customer's answer with its evidence."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineView
from customer_portal.services.billing.quotes import QuoteDetail, QuoteDraft
from customer_portal.services.errors import ServiceError
from customer_portal.services.visits import request_answers
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.line_items import CustomerPickerMixin, DraftDocumentMixin, LineRow
from customer_portal.state.staff import StaffState


class QuoteEditState(DraftDocumentMixin, CustomerPickerMixin, StaffState):
    quote_id: int = 0
    number: str = ""
    status: str = "draft"
    title: str = ""
    expires_on: str = ""
    terms: str = ""
    service_location_id: str = ""
    issue_date: str = ""
    sent_on: str = ""  # as shown: "Dec 1, 2026"
    valid_until: str = ""
    total: str = ""
    sent_lines: list[LineView] = []
    responded_at: str = ""
    response_name: str = ""
    response_ip: str = ""
    response_email: str = ""
    response_message: str = ""
    can_edit: bool = True
    can_send: bool = True
    revising: bool = False
    not_found: bool = False
    service_request_id: int = 0  # the customer's request this quote answers

    @rx.var
    def editing(self) -> bool:
        return self.status == "draft" or self.revising

    @rx.event
    @staff_only()
    async def load_quote(self):
        self.reset()
        await self._learn_locale()
        params = self.router.page.params
        raw_id = str(params.get("quote_id", "new"))
        if raw_id == "new":
            self.lines = [LineRow()]
            if request_id := row_id(params.get("request", "")):
                await self._answer_request(request_id)
            elif customer_id := row_id(params.get("customer", "")):
                await self._choose_customer(customer_id)
            return
        if not row_id(raw_id):
            self.not_found = True
            return
        await self._show(row_id(raw_id))

    async def _answer_request(self, request_id: int) -> None:
        """A new quote from a service request ("Make a quote"): its customer, pool and kind filled in."""
        try:
            customer_id, pool_id, title = await call_service(request_answers.quote_target, request_id=request_id)
        except ServiceError as error:
            self.form_error = str(error)
            return
        await self._choose_customer(customer_id)
        self.service_location_id, self.title, self.service_request_id = str(pool_id), title, request_id

    async def _show(self, quote_id: int) -> None:
        try:
            detail: QuoteDetail = await call_service(quotes.get_quote, quote_id=quote_id)
        except ServiceError:
            self.not_found = True
            return
        self.quote_id, self.number, self.status, self.title = detail.id, detail.number, detail.status, detail.title
        self.customer_id, self.customer_name = detail.customer_id, detail.customer_name
        self.service_location_id = str(detail.service_location_id or "")
        self.expires_on, self.terms, self.issue_date, self.total = (
            detail.expires_on,
            detail.terms,
            detail.issue_date,
            detail.total,
        )
        self.sent_on, self.valid_until = detail.sent_on, detail.valid_until
        self.lines = [LineRow(line.description, line.quantity, line.unit_price) for line in detail.lines]
        self.sent_lines = detail.lines
        self.responded_at, self.response_name, self.response_ip = (
            detail.responded_at,
            detail.response_name,
            detail.response_ip,
        )
        self.response_email, self.response_message = detail.response_email, detail.response_message
        self.can_edit, self.can_send, self.revising = detail.can_edit, detail.can_send, False
        self.service_request_id = detail.service_request_id
        await self._load_pools()

    def _may_change_customer(self) -> bool:
        return self.quote_id == 0

    @rx.event
    @public
    def set_quote_field(self, field: str, value: str):
        if limit := QuoteDraft.LIMITS.get(field):
            setattr(self, field, limit.keep(value))
        elif field == "expires_on":
            self.expires_on = str(value)[:10]
        elif field == "service_location_id":
            self.service_location_id = "" if value == "none" else str(value)[:12]

    @rx.event
    @public
    def start_revising(self):
        # Only opens the editor in this browser; saving checks the status machine.
        self.revising = self.can_edit

    def _draft(self) -> QuoteDraft:
        return QuoteDraft(
            customer_id=self.customer_id,
            title=self.title,
            expires_on=self.expires_on,
            terms=self.terms,
            service_location_id=row_id(self.service_location_id) or None,
            lines=self._line_inputs(),
            service_request_id=0 if self.quote_id else self.service_request_id,  # linked when first saved
        )

    def _document_id(self) -> int:
        return self.quote_id

    def _document_url(self, document_id: int) -> str:
        return routes.staff_quote(document_id)

    async def _store_draft(self) -> int:
        return await call_service(
            quotes.save_quote_draft, staff=current_staff(), quote_id=self.quote_id or None, draft=self._draft()
        )

    @rx.event
    @staff_only()
    async def send(self):
        async def send_saved(quote_id: int) -> str:
            number = await call_service(quotes.send_quote, staff=current_staff(), quote_id=quote_id)
            return f"Quote {number} sent."

        async for event in self._save_then(send_saved, ""):  # send what is on the screen
            yield event
