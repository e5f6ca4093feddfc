"""The portal's Quotes tab: the list by status, and one quote with Approve, Reject and Ask a question."""

from __future__ import annotations

from contextlib import suppress

import reflex as rx

from customer_portal.i18n import _
from customer_portal.services.billing.quotes import STATUS_FILTERS, QuoteRow
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import portal_quotes
from customer_portal.services.portal.portal_quotes import CustomerQuote
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, customer_only, public
from customer_portal.state.inputs import row_id
from customer_portal.state.paged_list import PortalPagedListMixin
from customer_portal.state.portal import PortalState


class PortalQuotesState(PortalPagedListMixin, PortalState):
    status_filter: str = "all"
    rows: list[QuoteRow] = []

    async def _fetch(self):
        return await call_service(
            portal_quotes.list_quotes, customer=current_customer(), status=self.status_filter, page=self.page
        )

    @rx.event
    @customer_only()
    async def load_quotes(self):
        await self._restart()

    @rx.event
    @customer_only()
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in STATUS_FILTERS and value != "draft" else "all"
        await self._restart()


class PortalQuoteState(PortalState):
    quote: CustomerQuote | None = None
    answering: str = ""  # "", "approve", "reject" or "request_info"
    signature: str = ""
    message: str = ""
    field_error: str = ""
    form_error: str = ""
    missing: bool = False

    def _show(self, detail: CustomerQuote) -> None:
        self.quote, self.answering = detail, ""

    @rx.event
    @customer_only()
    async def load_quote(self):
        self.reset()
        raw = self.router.page.params.get("quote_id", "")
        try:
            detail = await call_service(portal_quotes.get_quote, customer=current_customer(), quote_id=row_id(raw))
        except ServiceError:
            self.missing = True
            return
        self._show(detail)

    # Choosing an answer and typing it change only this browser's form; answering is guarded.
    @rx.event
    @public
    def choose_answer(self, answer: str):
        self.answering = answer if answer in portal_quotes.ANSWERS else ""
        self.field_error = self.form_error = ""

    @rx.event
    @public
    def set_answer_field(self, field: str, value: str):
        if limit := portal_quotes.ANSWER_LIMITS.get(field):
            setattr(self, field, limit.keep(value))

    @rx.event
    @customer_only()
    async def submit_answer(self):
        self.field_error = self.form_error = ""
        if self.quote is None:
            return
        quote_id = self.quote.id
        try:
            detail = await call_service(
                portal_quotes.respond,
                customer=current_customer(),
                quote_id=quote_id,
                action=self.answering,
                client_ip=self.client_ip,
                signature=self.signature,
                message=self.message,
            )
        except ValidationFailed as error:
            self.field_error = next(iter(error.field_errors.values()), str(error))
            return
        except ServiceError as error:
            # Often another tab answered first: show the answer that was recorded, with the reason this one
            # was not, instead of leaving the form up to be submitted again.
            with suppress(ServiceError):
                self._show(await call_service(portal_quotes.get_quote, customer=current_customer(), quote_id=quote_id))
            self.form_error = str(error)
            return
        self._show(detail)
        self.signature = self.message = ""
        return rx.toast.success(_("Thank you — we have your answer."))
