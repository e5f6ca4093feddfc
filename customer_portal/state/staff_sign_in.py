"""The staff sign-in form, and the way back in for a staff member who forgot their password."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.services.accounts import auth_tokens, staff_auth, staff_password_reset
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import AuthState, call_service, sign_in_after_pauses
from customer_portal.state.forms import EmailForm, NewPasswordForm, SignInForm
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


class StaffForgotPasswordState(AuthState):
    sent: bool = False

    @rx.event
    @public
    async def request_reset(self, form: EmailForm):
        await call_service(staff_password_reset.request_password_reset, email=form.get("email", ""))
        self.sent = True  # the same answer whether or not the email has an office login


class StaffResetPasswordState(AuthState):
    _token: str = ""
    link_problem: str = ""  # why the link no longer works, shown instead of the form
    field_errors: dict[str, str] = {}
    done: bool = False

    @rx.event
    @public
    async def check_link(self):
        """on_load: the form, or why the link no longer works."""
        self._token = str(self.router.page.params.get("token", ""))[:200]
        self.field_errors, self.done = {}, False
        link = await call_service(auth_tokens.check_staff, token=self._token)
        self.link_problem = staff_password_reset.RESET_LINK_PROBLEMS[link.problem] if link.problem else ""

    @rx.event
    @public
    async def set_password(self, form: NewPasswordForm):
        # Public by design: the one-time link is the credential, checked by the service.
        self.field_errors = {}
        try:
            await call_service(
                staff_password_reset.reset_password,
                token=self._token,
                password=form.get("password", ""),
                password_again=form.get("password_again", ""),
                client_ip=self.client_ip,
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        except ServiceError as error:
            self.link_problem = str(error)
            return
        self.done = True
