"""Writing billing documents and choosing a customer: shared by the invoice and quote editors.

Line setters change only this browser's unsaved draft, so they are public; searching and choosing a
customer read the books, so they are staff-only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import reflex as rx

from customer_portal.domain.formatting import Formats
from customer_portal.domain.money import InvalidAmount, line_total_cents, parse_cents
from customer_portal.i18n import _
from customer_portal.services.billing import invoices
from customer_portal.services.billing.line_items import LineInput, parse_quantity
from customer_portal.services.company import company
from customer_portal.services.customers import customer_directory, customers
from customer_portal.services.customers.customer_directory import CustomerQuery
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import call_service
from customer_portal.state.guards import public, staff_only
from customer_portal.state.inputs import row_id

MAX_LINES = 50


@dataclasses.dataclass
class LineRow:
    description: str = ""
    quantity: str = "1"
    unit_price: str = ""
    description_error: str = ""
    quantity_error: str = ""
    price_error: str = ""


@dataclasses.dataclass
class Option:
    value: str
    label: str


def _line_amount(row: LineRow) -> int | None:
    try:
        return line_total_cents(parse_quantity(row.quantity), parse_cents(row.unit_price))
    except (ValueError, InvalidAmount):
        return None


class DraftDocumentMixin(rx.State, mixin=True):
    """A billing document being written: its line rows, and the save flow shared by invoices and quotes.

    The concrete state also uses CustomerPickerMixin and says which document it edits.
    """

    lines: list[LineRow] = []
    field_errors: dict[str, str] = {}
    _locale: str = "en_US"  # how the running total is written: the company's way

    async def _learn_locale(self) -> None:
        self._locale = (await call_service(company.company_formats)).locale

    def _document_id(self) -> int:
        raise NotImplementedError

    def _document_url(self, document_id: int) -> str:
        raise NotImplementedError

    async def _store_draft(self) -> int:
        """Save the draft through its service (raises ValidationFailed or ServiceError); return its id."""
        raise NotImplementedError

    async def _show(self, document_id: int) -> None:
        raise NotImplementedError

    async def _save(self) -> int | None:
        self.field_errors, self.form_error = {}, ""
        self._show_line_errors({})
        if not self.customer_id:
            self.form_error = _("Choose a customer first.")
            return None
        try:
            return await self._store_draft()
        except ValidationFailed as error:
            self.field_errors = {key: text for key, text in error.field_errors.items() if not key.startswith("lines.")}
            self._show_line_errors(error.field_errors)
            self.form_error = str(error)
        except ServiceError as error:
            self.form_error = str(error)
        return None

    async def _save_then(self, next_step: Callable[[int], Awaitable[str]] | None, saved_message: str):
        """Save what is on the screen, then the next step (issue, send) if any, then show the result."""
        was_new = self._document_id() == 0
        saved_id = await self._save()
        if saved_id is None:
            return
        message = saved_message
        if next_step is not None:
            try:
                message = await next_step(saved_id)
            except ServiceError as error:
                self.form_error = str(error)
                return
        if was_new:
            yield rx.redirect(self._document_url(saved_id))
            return
        await self._show(saved_id)
        yield rx.toast.success(message)

    @rx.event
    @staff_only()
    async def save_draft(self):
        async for event in self._save_then(None, _("Draft saved.")):
            yield event

    @rx.var
    def draft_total(self) -> str:
        """The running total while lines are typed; the service recomputes it when saving."""
        amounts = [_line_amount(row) for row in self.lines if row.description or row.unit_price]
        return "—" if None in amounts else Formats(self._locale).money(sum(amounts))  # type: ignore[arg-type]

    @rx.event
    @public
    def set_line_field(self, index: int, field: str, value: str):
        if field in ("description", "quantity", "unit_price") and 0 <= int(index) < len(self.lines):
            limit = LineInput.LIMITS.get(field)
            kept = limit.keep(value) if limit else str(value)[:20]  # a quantity or a price
            self.lines = [
                dataclasses.replace(row, **{field: kept}) if i == int(index) else row
                for i, row in enumerate(self.lines)
            ]

    @rx.event
    @public
    def add_line(self):
        if len(self.lines) < MAX_LINES:
            self.lines = [*self.lines, LineRow()]

    @rx.event
    @public
    def remove_line(self, index: int):
        self.lines = [row for i, row in enumerate(self.lines) if i != int(index)]

    def _line_inputs(self) -> list[LineInput]:
        return [LineInput(row.description, row.quantity, row.unit_price) for row in self.lines]

    def _show_line_errors(self, errors: dict[str, str]) -> None:
        self.lines = [
            dataclasses.replace(
                row,
                description_error=errors.get(f"lines.{i}.description", ""),
                quantity_error=errors.get(f"lines.{i}.quantity", ""),
                price_error=errors.get(f"lines.{i}.unit_price", ""),
            )
            for i, row in enumerate(self.lines)
        ]


class CustomerPickerMixin(rx.State, mixin=True):
    customer_id: int = 0
    customer_name: str = ""
    pools: list[Option] = []
    customer_search: str = ""
    customer_options: list[Option] = []
    form_error: str = ""

    async def _load_pools(self) -> None:
        pools = await call_service(invoices.pools_of_customer, customer_id=self.customer_id)
        self.pools = [Option(str(pool_id), label) for pool_id, label in pools]

    async def _choose_customer(self, customer_id: int) -> None:
        try:
            detail = await call_service(customers.get_customer, customer_id=customer_id)
        except ServiceError:
            self.form_error = _("That customer does not exist.")
            return
        self.customer_id, self.customer_name = detail.id, detail.form.name
        self.customer_options, self.customer_search = [], ""
        await self._load_pools()

    def _may_change_customer(self) -> bool:
        """Only a document that has not been saved yet may change customer."""
        return True

    @rx.event
    @staff_only()
    async def search_customers(self, text: str):
        self.customer_search = str(text)[:100]
        if len(self.customer_search.strip()) < 2:
            self.customer_options = []
            return
        found = await call_service(
            customer_directory.list_customers, query=CustomerQuery(search=self.customer_search, page_size=8)
        )
        self.customer_options = [Option(str(row.id), f"{row.name} — {row.email or row.address}") for row in found.rows]

    @rx.event
    @staff_only()
    async def pick_customer(self, customer_id: str):
        if row_id(customer_id) and self._may_change_customer():
            await self._choose_customer(row_id(customer_id))
