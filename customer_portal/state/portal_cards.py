"""The portal's Payment Methods tab: saved cards, Add (through Stripe Checkout), default, remove."""

from __future__ import annotations

import reflex as rx

from customer_portal.i18n import _
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import autopay, payment_methods
from customer_portal.services.payments.autopay import AutopayView
from customer_portal.services.payments.payment_methods import SavedCard
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, customer_only
from customer_portal.state.inputs import row_id
from customer_portal.state.portal import PortalState


class PortalCardsState(PortalState):
    cards: list[SavedCard] = []
    autopay: AutopayView = AutopayView()
    autopay_choice: str = ""  # the card picked for AutoPay, before it is turned on
    removing: list[SavedCard] = []  # the card whose removal is being confirmed (none, or one)
    notice: str = ""

    async def _reload(self) -> None:
        customer = current_customer()
        self.cards = await call_service(payment_methods.list_cards, customer=customer)
        self.autopay = await call_service(autopay.autopay_view, customer=customer)
        if self.autopay_choice not in {str(card.id) for card in self.cards}:
            default = next((card for card in self.cards if card.is_default), None)
            self.autopay_choice = str(default.id) if default else ""

    @rx.event
    @customer_only()
    async def load_cards(self):
        self.notice = ""
        await self._reload()

    @rx.event
    @customer_only()
    async def add_card(self):
        try:
            url = await call_service(
                payment_methods.start_adding_card, customer=current_customer(), portal_slug=self.slug
            )
        except ServiceError as error:
            self.notice = str(error)
            return
        return rx.redirect(url, is_external=False)

    @rx.event
    @customer_only()
    async def make_default(self, card_id: int):
        try:
            await call_service(payment_methods.make_default, customer=current_customer(), card_id=int(card_id))
        except ServiceError as error:
            self.notice = str(error)
        await self._reload()

    @rx.event
    @customer_only()
    async def ask_to_remove(self, card_id: int):
        self.removing = [card for card in self.cards if card.id == int(card_id)][:1]

    @rx.event
    @customer_only()
    async def cancel_remove(self):
        self.removing = []

    @rx.event
    @customer_only()
    async def remove_card(self):
        if not self.removing:
            return
        card, self.removing = self.removing[0], []
        try:
            await call_service(payment_methods.remove_card, customer=current_customer(), card_id=card.id)
            self.notice = (
                _("The card was removed. AutoPay is now off.") if card.is_autopay else _("The card was removed.")
            )
        except ServiceError as error:
            self.notice = str(error)
        await self._reload()

    @rx.event
    @customer_only()
    async def choose_autopay_card(self, card_id: str):
        self.autopay_choice = str(card_id)[:20]

    @rx.event
    @customer_only()
    async def set_autopay(self, on: bool):
        customer = current_customer()
        try:
            if on:
                if not row_id(self.autopay_choice):
                    self.notice = _("Choose the card AutoPay should use.")
                    return
                await call_service(autopay.turn_on, customer=customer, card_id=row_id(self.autopay_choice))
                self.notice = _("AutoPay is on.")
            else:
                await call_service(autopay.turn_off, customer=customer)
                self.notice = _("AutoPay is off.")
        except ServiceError as error:
            self.notice = str(error)
        await self._reload()


class PortalCardAddedState(PortalState):
    saved: str = ""
    problem: str = ""

    @rx.event
    @customer_only()
    async def finish(self):
        self.saved, self.problem = "", ""
        session_id = str(self.router.page.params.get("session_id", ""))[:255]
        try:
            self.saved = await call_service(
                payment_methods.finish_adding_card, customer=current_customer(), checkout_session_id=session_id
            )
        except ServiceError as error:
            self.problem = str(error)
