"""One invoice: write a draft with its lines, issue it, void it, record a cash or check payment.

Draft setters change only this browser's unsaved form (public); everything that reads or writes the
books is staff-only and goes through the invoice services, which enforce the status machine.
"""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.i18n import _
from customer_portal.services.billing import invoice_actions, invoices
from customer_portal.services.billing.invoice_actions import InvoiceDraft, ManualPayment
from customer_portal.services.billing.invoices import InvoiceDetail, PaymentView
from customer_portal.services.billing.line_items import LineView
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.inputs import row_id
from customer_portal.state.line_items import CustomerPickerMixin, DraftDocumentMixin, LineRow
from customer_portal.state.staff import StaffState


class InvoiceEditState(DraftDocumentMixin, CustomerPickerMixin, StaffState):
    invoice_id: int = 0
    number: str = ""
    status: str = "draft"
    service_location_id: str = ""
    due_date: str = ""
    memo: str = ""
    issued_lines: list[LineView] = []
    issue_date: str = ""
    issued_on: str = ""  # as shown: "Dec 1, 2026"
    due_on: str = ""
    total: str = ""
    amount_paid: str = ""
    balance: str = ""
    payments: list[PaymentView] = []
    can_edit: bool = True
    can_issue: bool = False
    can_void: bool = False
    can_record_payment: bool = False
    not_found: bool = False

    pay_channel: str = "check"
    pay_amount: str = ""
    pay_date: str = ""
    pay_reference: str = ""

    @rx.event
    @staff_only()
    async def load_invoice(self):
        self.reset()
        await self._learn_locale()
        params = self.router.page.params
        raw_id = str(params.get("invoice_id", "new"))
        if raw_id == "new":
            self.lines = [LineRow()]
            if customer_id := row_id(params.get("customer", "")):
                await self._choose_customer(customer_id)
            return
        if not row_id(raw_id):
            self.not_found = True
            return
        await self._show(row_id(raw_id))

    async def _show(self, invoice_id: int) -> None:
        try:
            detail: InvoiceDetail = await call_service(invoices.get_invoice, invoice_id=invoice_id)
        except ServiceError:
            self.not_found = True
            return
        self.invoice_id, self.number, self.status = detail.id, detail.number, detail.status
        self.customer_id, self.customer_name = detail.customer_id, detail.customer_name
        self.service_location_id = str(detail.service_location_id or "")
        self.due_date, self.memo, self.issue_date = detail.due_date, detail.memo, detail.issue_date
        self.issued_on, self.due_on = detail.issued_on, detail.due_on
        self.lines = [LineRow(line.description, line.quantity, line.unit_price) for line in detail.lines]
        self.issued_lines = detail.lines
        self.total, self.amount_paid, self.balance = detail.total, detail.amount_paid, detail.balance
        self.payments = detail.payments
        self.can_edit, self.can_issue = detail.can_edit, detail.can_issue
        self.can_void, self.can_record_payment = detail.can_void, detail.can_record_payment
        self.pay_amount = detail.balance_input
        await self._load_pools()

    def _may_change_customer(self) -> bool:
        return self.invoice_id == 0

    @rx.event
    @public
    def set_due_date(self, value: str):
        self.due_date = str(value)[:10]

    @rx.event
    @public
    def set_memo(self, value: str):
        self.memo = InvoiceDraft.LIMITS["memo"].keep(value)

    @rx.event
    @public
    def set_service_location(self, value: str):
        self.service_location_id = "" if value == "none" else str(value)[:12]

    def _draft(self) -> InvoiceDraft:
        return InvoiceDraft(
            customer_id=self.customer_id,
            service_location_id=row_id(self.service_location_id) or None,
            due_date=self.due_date,
            memo=self.memo,
            lines=self._line_inputs(),
        )

    def _document_id(self) -> int:
        return self.invoice_id

    def _document_url(self, document_id: int) -> str:
        return routes.staff_invoice(document_id)

    async def _store_draft(self) -> int:
        return await call_service(
            invoice_actions.save_draft, staff=current_staff(), invoice_id=self.invoice_id or None, draft=self._draft()
        )

    @rx.event
    @staff_only()
    async def issue(self):
        async def issue_saved(invoice_id: int) -> str:
            number = await call_service(invoice_actions.issue_invoice, staff=current_staff(), invoice_id=invoice_id)
            return f"Invoice {number} issued."

        async for event in self._save_then(issue_saved, ""):  # issue what is on the screen
            yield event

    @rx.event
    @staff_only()
    async def void(self):
        try:
            await call_service(invoice_actions.void_invoice, staff=current_staff(), invoice_id=self.invoice_id)
        except ServiceError as error:
            return rx.toast.error(str(error))
        await self._show(self.invoice_id)
        return rx.toast.success(_("Invoice voided."))

    @rx.event
    @public
    def set_payment_field(self, field: str, value: str):
        if field == "pay_reference":
            self.pay_reference = ManualPayment.LIMITS["reference"].keep(value)
        elif field in ("pay_channel", "pay_amount", "pay_date"):
            setattr(self, field, str(value)[:20])

    @rx.event
    @staff_only()
    async def record_payment(self):
        self.field_errors, self.form_error = {}, ""
        payment = ManualPayment(self.pay_channel, self.pay_amount, self.pay_date, self.pay_reference)
        try:
            await call_service(
                invoice_actions.record_manual_payment,
                staff=current_staff(),
                invoice_id=self.invoice_id,
                payment=payment,
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        except ServiceError as error:
            self.form_error = str(error)
            return
        self.pay_reference, self.pay_date = "", ""
        await self._show(self.invoice_id)
        return rx.toast.success(_("Payment recorded."))
