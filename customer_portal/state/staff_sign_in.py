"""The staff sign-in form with its second step (a code, or setting two-factor up), and the way back in for a staff
member who forgot their password."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import reflex as rx

from customer_portal import routes
from customer_portal.cookies import STAFF_REMEMBERED_BROWSER_COOKIE
from customer_portal.i18n import _
from customer_portal.services.accounts import auth_tokens, staff_auth, staff_password_reset
from customer_portal.services.accounts.two_factor import SetupPrompt
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import AuthState, call_service, sign_in_after_pauses
from customer_portal.state.forms import EmailForm, NewPasswordForm, SecondFactorForm, SignInForm
from customer_portal.state.guards import public

T = TypeVar("T")


class StaffSignInState(AuthState):
    """Password, then (when the account has or needs two-factor) a code, or setting two-factor up."""

    error: str = ""
    is_submitting: bool = False
    step: str = "password"  # "password", "code", "set_up" or "recovery_codes"
    setup: SetupPrompt | None = None
    recovery_codes: list[str] = []
    _challenge: str = ""  # stands for the right password until the code (services: 10 minutes, single use)
    _session_token: str = ""  # signed in, waiting while the new recovery codes are read

    def _start_over(self, error: str = "") -> None:
        self.step, self.error, self.setup, self.recovery_codes = "password", error, None, []
        self._challenge = self._session_token = ""

    @property
    def remembered_browser_token(self) -> str:
        return self._cookie(STAFF_REMEMBERED_BROWSER_COOKIE)

    @rx.event
    @public
    async def sign_in(self, form: SignInForm):
        email, password = form.get("email", ""), form.get("password", "")
        if not email.strip() or not password:
            self.error = _("Enter your email and password.")
            return
        self.is_submitting = True
        yield  # show "Signing in…" while bcrypt runs
        result = await sign_in_after_pauses(
            staff_auth.sign_in,
            email=email,
            password=password,
            client_ip=self.client_ip,
            remembered_browser=self.remembered_browser_token,
        )
        self.is_submitting = False
        if result.error:
            self.error = result.error
            return
        self.error = ""
        if result.challenge:
            self._challenge = result.challenge
            self.step = "set_up" if result.must_set_up else "code"
            if result.must_set_up:
                self.setup = await call_service(staff_auth.begin_setup_at_sign_in, challenge=result.challenge)
            return
        await self._hand_session_to_browser(result.token or "", then=routes.STAFF_HOME)

    @rx.event
    @public
    async def enter_code(self, form: SecondFactorForm):
        # Public by design: the challenge (a backend var, from a right password a moment ago) is the credential.
        if not self._challenge:
            self._start_over()
            return
        self.is_submitting = True
        yield
        try:
            result = await sign_in_after_pauses(
                staff_auth.finish_sign_in,
                challenge=self._challenge,
                code=form.get("code", ""),
                remember=form.get("remember", False) is True,
                client_ip=self.client_ip,
            )
        except ServiceError as error:
            self.is_submitting = False
            self._start_over(str(error))
            return
        self.is_submitting = False
        if result.error:
            self.error = result.error
            return
        await self._hand_session_to_browser(result.token or "", then=routes.STAFF_HOME)

    @rx.event
    @public
    async def confirm_setup(self, form: SecondFactorForm):
        if not self._challenge:
            return self._start_over()
        try:
            result = await call_service(
                staff_auth.finish_setup_at_sign_in,
                challenge=self._challenge,
                code=form.get("code", ""),
                client_ip=self.client_ip,
            )
        except ValidationFailed as error:
            self.error = error.field_errors.get("code", str(error))
            return
        except ServiceError as error:
            return self._start_over(str(error))
        self.step, self.error, self.setup, self._challenge = "recovery_codes", "", None, ""
        self.recovery_codes, self._session_token = list(result.recovery_codes), result.token or ""

    @rx.event
    @public
    async def continue_after_codes(self):
        """The recovery codes are saved: on into the office."""
        if not self._session_token:
            return self._start_over()
        token, self.recovery_codes = self._session_token, []
        self._session_token = ""
        await self._hand_session_to_browser(token, then=routes.STAFF_HOME)

    @rx.event
    @public
    async def start_over(self):
        self._start_over()

    @rx.event
    @public
    async def redirect_if_signed_in(self):
        """on_load: a staff member who is already signed in goes straight to the shell."""
        self._start_over()
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


class NewPasswordFromLink(rx.State, mixin=True):
    """A page reached from an emailed one-time link (a staff reset, a team invitation) where a new password is
    chosen; the link is the credential, and the service checks it."""

    _token: str = ""
    link_problem: str = ""  # why the link no longer works, shown instead of the form
    field_errors: dict[str, str] = {}

    def _take_token(self) -> str:
        self._token, self.field_errors = str(self.router.page.params.get("token", ""))[:200], {}
        return self._token

    async def _choose_password(self, service: Callable[..., T], form: NewPasswordForm) -> tuple[bool, T | None]:
        """Run the link's service with the password typed twice: (whether it was done, what it returned). Refusals
        land on the page: a field's in `field_errors`, the link's in `link_problem`."""
        self.field_errors = {}
        try:
            done = await call_service(
                service,
                token=self._token,
                password=form.get("password", ""),
                password_again=form.get("password_again", ""),
                client_ip=self.client_ip,  # (each page using this is also an AuthState)
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return False, None
        except ServiceError as error:
            self.link_problem = str(error)
            return False, None
        return True, done


class StaffResetPasswordState(NewPasswordFromLink, AuthState):
    done: bool = False

    @rx.event
    @public
    async def check_link(self):
        """on_load: the form, or why the link no longer works."""
        self.done = False
        link = await call_service(auth_tokens.check_staff, token=self._take_token())
        self.link_problem = _(staff_password_reset.RESET_LINK_PROBLEMS[link.problem]) if link.problem else ""

    @rx.event
    @public
    async def set_password(self, form: NewPasswordForm):
        # Public by design: the one-time link is the credential, checked by the service.
        self.done, _ = await self._choose_password(staff_password_reset.reset_password, form)
