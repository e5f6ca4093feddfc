"""The portal's Email settings (each notification on or off for the signed-in address) and the page an
email's unsubscribe link opens (no sign-in: the link's signed token is the authority)."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.errors import ServiceError
from customer_portal.services.messaging import preferences
from customer_portal.services.messaging.preferences import Preference, UnsubscribeLink
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_customer, customer_only, public
from customer_portal.state.portal import PortalState


class PortalNotificationsState(PortalState):
    preferences: list[Preference] = []
    saved: str = ""  # what the last switch did, read out to screen readers

    @rx.event
    @customer_only()
    async def load_preferences(self):
        self.saved = ""
        self.preferences = await call_service(preferences.customer_preferences, customer=current_customer())

    @rx.event
    @customer_only()
    async def set_preference(self, kind: str, subscribed: bool):
        try:
            self.preferences = await call_service(
                preferences.set_preference, customer=current_customer(), kind=kind, subscribed=subscribed
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        label = next((row.label for row in self.preferences if row.kind == kind), "")
        self.saved = f"{label} emails {'on' if subscribed else 'off'}. Saved."


class UnsubscribeState(PortalState):
    _token: str = ""
    link: UnsubscribeLink = UnsubscribeLink(valid=False)
    done: bool = False
    error: str = ""

    @rx.event
    @public
    async def read_link(self):
        self._token = str(self.router.page.params.get("token", ""))[:200]
        self.done, self.error = False, ""
        self.link = await call_service(preferences.describe_link, token=self._token)

    @rx.event
    @public
    async def confirm(self):
        try:
            self.link = await call_service(preferences.unsubscribe, token=self._token, source="unsubscribe page")
        except ServiceError as error:
            self.error = str(error)
            return
        self.done = True
