"""The staff sign-in form."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.services.accounts import staff_auth
from customer_portal.state.base import AuthState, call_service, sign_in_after_pauses
from customer_portal.state.forms import SignInForm
from customer_portal.state.guards import public


class StaffSignInState(AuthState):
    error: str = ""
    is_submitting: bool = False

    @rx.event
    @public
    async def sign_in(self, form: SignInForm):
        email, password = form.get("email", ""), form.get("password", "")
        if not email.strip() or not password:
            self.error = "Enter your email and password."
            return
        self.is_submitting = True
        yield  # show "Signing in…" while bcrypt runs
        result = await sign_in_after_pauses(
            staff_auth.sign_in, email=email, password=password, client_ip=self.client_ip
        )
        self.is_submitting = False
        if result.error:
            self.error = result.error
            return
        self.error = ""
        await self._hand_session_to_browser(result.token or "", then=routes.STAFF_HOME)

    @rx.event
    @public
    async def redirect_if_signed_in(self):
        """on_load: a staff member who is already signed in goes straight to the shell."""
        self.error = ""
        identity = await call_service(staff_auth.current_staff, token=self.staff_session_token)
        if identity is not None:
            return rx.redirect(routes.STAFF_HOME)
