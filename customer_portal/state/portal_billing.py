"""The portal's Invoices and Payments tabs: lists with filters and sorting, one invoice, the statement,
receipts."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.billing import statements
from customer_portal.services.billing.invoices import InvoiceDetail, InvoiceRow
from customer_portal.services.billing.statements import StatementView
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.portal import portal_invoices, portal_payments
from customer_portal.services.portal.portal_payments import PaymentRow, Receipt
from customer_portal.state.base import call_service
from customer_portal.state.forms import PeriodForm
from customer_portal.state.guards import current_customer, customer_only
from customer_portal.state.inputs import row_id
from customer_portal.state.paged_list import PortalPagedListMixin, date_or_none
from customer_portal.state.portal import PortalState


class PortalInvoicesState(PortalPagedListMixin, PortalState):
    status_filter: str = "all"
    sort: str = "issue_date"
    descending: bool = True
    rows: list[InvoiceRow] = []
    outstanding: str = ""
    can_pay: bool = False

    async def _fetch(self):
        result = await call_service(
            portal_invoices.list_invoices,
            customer=current_customer(),
            status=self.status_filter,
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )
        self.outstanding, self.can_pay = result.outstanding, result.can_pay
        return result.page

    @rx.event
    @customer_only()
    async def load_invoices(self):
        await self._restart()

    @rx.event
    @customer_only()
    async def set_status_filter(self, value: str):
        self.status_filter = value if value in portal_invoices.CUSTOMER_FILTERS else "all"
        await self._restart()

    @rx.event
    @customer_only()
    async def set_sort(self, column: str):
        if column in portal_invoices.SORTABLE:
            self.sort = column
            await self._restart()

    @rx.event
    @customer_only()
    async def toggle_direction(self):
        self.descending = not self.descending
        await self._restart()


class PortalInvoiceState(PortalState):
    invoice: InvoiceDetail | None = None
    can_pay: bool = False
    missing: bool = False

    @rx.event
    @customer_only()
    async def load_invoice(self):
        self.reset()
        raw = self.router.page.params.get("invoice_id", "")
        try:
            shown = await call_service(portal_invoices.get_invoice, customer=current_customer(), invoice_id=row_id(raw))
        except ServiceError:
            self.missing = True
            return
        self.invoice, self.can_pay = shown.invoice, shown.can_pay


class PortalStatementState(PortalState):
    statement: StatementView = StatementView()
    error: str = ""

    async def _show(self, start: str, end: str) -> None:
        try:
            self.statement = await call_service(
                statements.statement_for, customer=current_customer(), start=start, end=end
            )
        except ValidationFailed as failure:
            self.error = failure.field_errors.get("period", str(failure))
            return
        self.error = ""

    @rx.event
    @customer_only()
    async def load_statement(self):
        await self._show("", "")

    @rx.event
    @customer_only()
    async def change_period(self, form: PeriodForm):
        await self._show(form.get("start", ""), form.get("end", ""))


class PortalPaymentsState(PortalPagedListMixin, PortalState):
    method: str = "all"
    date_from: str = ""
    date_to: str = ""
    sort: str = "date"
    descending: bool = True
    rows: list[PaymentRow] = []

    async def _fetch(self):
        return await call_service(
            portal_payments.list_payments,
            customer=current_customer(),
            method=self.method,
            date_from=date_or_none(self.date_from),
            date_to=date_or_none(self.date_to),
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )

    @rx.event
    @customer_only()
    async def load_payments(self):
        await self._restart()

    @rx.event
    @customer_only()
    async def set_filter(self, field: str, value: str):
        if field == "method":
            self.method = value if value in portal_payments.METHODS else "all"
        elif field in ("date_from", "date_to"):
            setattr(self, field, str(value)[:10])
        elif field == "sort" and value in portal_payments.SORTABLE:
            self.sort = value
        await self._restart()

    @rx.event
    @customer_only()
    async def toggle_direction(self):
        self.descending = not self.descending
        await self._restart()


class PortalReceiptState(PortalState):
    receipt: Receipt | None = None
    missing: bool = False

    @rx.event
    @customer_only()
    async def load_receipt(self):
        self.reset()
        raw = self.router.page.params.get("payment_id", "")
        try:
            self.receipt = await call_service(
                portal_payments.receipt, customer=current_customer(), payment_id=row_id(raw)
            )
        except ServiceError:
            self.missing = True
