"""The portal's Payment Methods tab: saved cards, Add (through Stripe Checkout), default, remove."""

from __future__ import annotations

import reflex as rx

from customer_portal.services import payment_methods
from customer_portal.services.errors import ServiceError
from customer_portal.services.payment_methods import SavedCard
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, customer_only
from customer_portal.state.portal import PortalState


class PortalCardsState(PortalState):
    cards: list[SavedCard] = []
    notice: str = ""

    async def _reload(self) -> None:
        self.cards = await call_service(payment_methods.list_cards, customer=current_customer())

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
    async def remove_card(self, card_id: int):
        try:
            await call_service(payment_methods.remove_card, customer=current_customer(), card_id=int(card_id))
            self.notice = "The card was removed."
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
