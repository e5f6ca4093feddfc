"""The signed-in staff member, shared by every staff page."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.services.accounts import staff_auth
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import dashboard
from customer_portal.state.base import AuthState, call_service
from customer_portal.state.guards import public, staff_only


class StaffState(AuthState):
    staff_name: str = ""
    staff_email: str = ""
    staff_role: str = ""

    @rx.var
    def is_signed_in(self) -> bool:
        return bool(self.staff_email)

    def _remember_staff(self, identity: StaffIdentity) -> None:
        self.staff_name, self.staff_email, self.staff_role = identity.name, identity.email, identity.role.value

    @rx.event
    @public
    async def sign_out(self):
        # Anyone may end their own session; revoking an unknown token does nothing. The browser then drops
        # the cookie (only an HTTP response can).
        if self.staff_session_token:
            await call_service(staff_auth.sign_out, token=self.staff_session_token)
        self.reset()
        self._load_whole_page(routes.session_end("staff", routes.STAFF_SIGN_IN))


class DashboardState(StaffState):
    """The staff home: a summary of the books so the shell shows real data."""

    summary: dashboard.DashboardSummary = dashboard.DashboardSummary()

    @rx.event
    @staff_only()
    async def load_dashboard(self):
        self.summary = await call_service(dashboard.summary)
