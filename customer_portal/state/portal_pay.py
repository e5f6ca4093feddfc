"""The portal's Pay Now page and the return from the bank's 3-D Secure page.

The selection and the chosen card live here only as the customer's unsent choices; paying sends them to
the service, which checks every invoice and the card against the signed-in customer.
"""

from __future__ import annotations

import reflex as rx

from customer_portal.domain.formatting import Formats
from customer_portal.domain.money import InvalidAmount, parse_cents
from customer_portal.i18n import _
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.payments import pay_now, pay_with_new_method
from customer_portal.services.payments.card_payments import ChargeOutcome
from customer_portal.services.payments.pay_now import PayableInvoice
from customer_portal.services.payments.payment_methods import SavedCard
from customer_portal.state.base import call_service, call_with_transactions
from customer_portal.state.guards import current_customer, customer_only, public
from customer_portal.state.inputs import row_id
from customer_portal.state.portal import PortalState


class PortalPayState(PortalState):
    invoices: list[PayableInvoice] = []
    cards: list[SavedCard] = []
    selected: list[int] = []
    card_id: str = ""
    results: list[ChargeOutcome] = []
    notice: str = ""
    paying: bool = False
    confirming: bool = False

    part_allowed: bool = False  # the office lets one invoice be paid in part
    part: str = ""  # the part typed; empty pays the whole balance
    part_error: str = ""
    keep_new_method: bool = False  # "save it for next time", for a card or bank account entered on Checkout
    _locale: str = "en_US"

    def _part_cents(self) -> int | None:
        """The part typed for the one invoice chosen; None pays whole balances (or nothing sensible was typed)."""
        if not (self.part_allowed and len(self.selected) == 1 and self.part.strip()):
            return None
        try:
            return parse_cents(self.part)
        except InvalidAmount:
            return None

    @rx.var
    def selected_total(self) -> str:
        chosen = set(self.selected)
        owed = sum(invoice.balance_cents for invoice in self.invoices if invoice.id in chosen)
        part = self._part_cents()
        return Formats(self._locale).money(owed if part is None else part)

    @rx.var
    def card_label(self) -> str:
        return next((card.label for card in self.cards if str(card.id) == self.card_id), "")

    async def _reload(self) -> None:
        view = await call_service(pay_now.pay_now_view, customer=current_customer())
        self.invoices, self.cards, self._locale = view.invoices, view.cards, view.locale
        self.part_allowed = view.partial_minimum_cents is not None
        payable = [invoice.id for invoice in view.invoices if not invoice.in_progress]
        self.selected = [invoice_id for invoice_id in self.selected if invoice_id in payable]
        if self.card_id not in {str(card.id) for card in view.cards}:
            default = next((card for card in view.cards if card.is_default), None)
            self.card_id = str(default.id) if default else ""

    @rx.event
    @customer_only()
    async def load_pay(self):
        self.results, self.notice, self.paying, self.confirming, self.selected = [], "", False, False, []
        await self._reload()
        payable = [invoice.id for invoice in self.invoices if not invoice.in_progress]
        asked = row_id(self.router.page.params.get("invoice", ""))
        # From an invoice's "Pay" link: just that one; otherwise everything that is owed.
        self.selected = [asked] if asked in payable else payable

    @rx.event
    @customer_only()
    async def toggle_invoice(self, invoice_id: int):
        invoice_id = int(invoice_id)
        if invoice_id in self.selected:
            self.selected = [chosen for chosen in self.selected if chosen != invoice_id]
        elif any(invoice.id == invoice_id and not invoice.in_progress for invoice in self.invoices):
            self.selected = [*self.selected, invoice_id]

    @rx.event
    @customer_only()
    async def select_all(self, everything: bool):
        self.selected = [invoice.id for invoice in self.invoices if not invoice.in_progress] if everything else []

    @rx.event
    @public
    def set_part(self, value: str):
        self.part, self.part_error = value[:20], ""

    @rx.event
    @public
    def set_keep_new_method(self, keep: bool):
        self.keep_new_method = bool(keep)

    @rx.event
    @customer_only()
    async def pay_with_new_method(self):
        """To Stripe's Checkout page for a card, bank account or wallet; the chosen invoices are paid on the way
        back (PortalPayNewMethodState)."""
        self.notice, self.part_error = "", ""
        if not self.selected:
            self.notice = _("Choose at least one invoice to pay.")
            return None
        if self.part.strip() and len(self.selected) == 1 and self.part_allowed and self._part_cents() is None:
            self.part_error = _("Type the amount like 50.00.")
            return None
        try:
            url = await call_service(
                pay_with_new_method.start,
                customer=current_customer(),
                invoice_ids=list(self.selected),
                keep_method=self.keep_new_method,
                portal_slug=self.slug,
                amount_cents=self._part_cents(),
            )
        except ValidationFailed as error:
            self.part_error = error.field_errors.get("amount", str(error))
            return None
        except ServiceError as error:
            self.notice = str(error)
            return None
        return rx.redirect(url, is_external=False)

    @rx.event
    @customer_only()
    async def choose_card(self, card_id: str):
        self.card_id = str(card_id)[:20]

    @rx.event
    @customer_only()
    async def ask_to_confirm(self):
        self.notice = ""
        if not self.selected:
            self.notice = _("Choose at least one invoice to pay.")
        elif self.part.strip() and len(self.selected) == 1 and self.part_allowed and self._part_cents() is None:
            self.part_error = _("Type the amount like 50.00.")
        elif not self.card_label:
            self.notice = _("Choose a card or bank account to pay with.")
        else:
            self.confirming = True

    @rx.event
    @customer_only()
    async def cancel_confirm(self):
        self.confirming = False

    @rx.event
    @customer_only()
    async def pay(self):
        self.confirming = False
        if self.paying or not self.selected or not row_id(self.card_id):
            return  # a second click while the first is on its way, or nothing chosen
        self.paying, self.notice = True, ""
        yield
        try:
            self.results = await call_with_transactions(
                pay_now.pay_invoices,
                customer=current_customer(),
                invoice_ids=list(self.selected),
                card_id=row_id(self.card_id),
                portal_slug=self.slug,
                amount_cents=self._part_cents(),
            )
            self.selected, self.part = [], ""
        except ValidationFailed as error:
            self.part_error = error.field_errors.get("amount", str(error))
        except ServiceError as error:
            self.notice = str(error)
        finally:
            self.paying = False
        await self._reload()


class PortalPayReturnState(PortalState):
    results: list[ChargeOutcome] = []  # the one payment the bank confirmed (a list, to share the Pay Now view)
    problem: str = ""

    @rx.event
    @customer_only()
    async def finish(self):
        self.results, self.problem = [], ""
        intent_id = str(self.router.page.params.get("payment_intent", ""))[:255]
        try:
            outcome = await call_with_transactions(
                pay_now.finish_authentication, customer=current_customer(), intent_id=intent_id
            )
            self.results = [outcome]
        except ServiceError as error:
            self.problem = str(error)


class PortalPayNewMethodState(PortalState):
    """Back from Checkout with a card or bank account just entered: the chosen invoices are paid with it."""

    results: list[ChargeOutcome] = []
    method: str = ""
    kept: bool = False
    problem: str = ""

    @rx.event
    @customer_only()
    async def finish(self):
        self.results, self.method, self.kept, self.problem = [], "", False, ""
        checkout_session_id = str(self.router.page.params.get("session_id", ""))[:255]
        try:
            paid = await call_with_transactions(
                pay_with_new_method.finish,
                customer=current_customer(),
                checkout_session_id=checkout_session_id,
                portal_slug=self.slug,
            )
        except ServiceError as error:
            self.problem = str(error)
            return
        self.results, self.method, self.kept, self.problem = paid.outcomes, paid.method, paid.kept, paid.problem
