"""Staff sign-in, and the way back in for a staff member who forgot their password."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.forms import error_text
from customer_portal.components.layout import centered_card
from customer_portal.components.two_factor import code_input, recovery_codes_list, setup_steps
from customer_portal.i18n import _
from customer_portal.state.staff_sign_in import StaffForgotPasswordState, StaffResetPasswordState, StaffSignInState


def _error(state_error: rx.Var) -> rx.Component:
    return rx.cond(
        state_error != "",
        rx.callout(state_error, icon="triangle_alert", color_scheme="red", role="alert", id="sign-in-error"),
    )


def _password_step() -> rx.Component:
    return rx.fragment(
        rx.heading(_("Office sign in"), size="6", as_="h1"),
        rx.text(_("Sign in to manage customers, invoices and the customer portal."), color=rx.color("gray", 11)),
        rx.form(
            rx.vstack(
                rx.el.label(_("Email"), html_for="email"),
                rx.input(id="email", name="email", type="email", auto_complete="username", required=True, width="100%"),
                rx.el.label(_("Password"), html_for="password"),
                rx.input(
                    id="password",
                    name="password",
                    type="password",
                    auto_complete="current-password",
                    required=True,
                    width="100%",
                ),
                _error(StaffSignInState.error),
                rx.button(
                    rx.cond(StaffSignInState.is_submitting, _("Signing in…"), _("Sign in")),
                    type="submit",
                    width="100%",
                    loading=StaffSignInState.is_submitting,
                    id="sign-in",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=StaffSignInState.sign_in,
            reset_on_submit=False,
            width="100%",
        ),
        rx.link(_("Forgot your password?"), href=routes.STAFF_FORGOT_PASSWORD, size="2", id="staff-forgot-password"),
    )


def _start_again() -> rx.Component:
    return rx.button(
        _("Start again"), on_click=StaffSignInState.start_over, variant="ghost", size="2", id="sign-in-start-over"
    )


def _code_step() -> rx.Component:
    return rx.fragment(
        rx.heading(_("Two-factor"), size="6", as_="h1"),
        rx.text(
            _("Enter the 6-digit code your authenticator app shows, or one of your recovery codes."),
            color=rx.color("gray", 11),
        ),
        rx.form(
            rx.vstack(
                code_input(),
                rx.el.label(
                    rx.el.input(type="checkbox", name="remember", id="remember"),
                    _(" Remember this browser for 30 days"),
                    html_for="remember",
                    style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
                ),
                _error(StaffSignInState.error),
                rx.button(
                    rx.cond(StaffSignInState.is_submitting, _("Checking…"), _("Sign in")),
                    type="submit",
                    width="100%",
                    size="3",
                    loading=StaffSignInState.is_submitting,
                    id="verify-code",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=StaffSignInState.enter_code,
            reset_on_submit=True,
            width="100%",
        ),
        _start_again(),
    )


def _set_up_step() -> rx.Component:
    return rx.fragment(
        rx.heading(_("Set up two-factor"), size="6", as_="h1"),
        rx.text(
            _("Your office login needs a second step: a code from an authenticator app on your phone."),
            color=rx.color("gray", 11),
        ),
        rx.cond(
            StaffSignInState.setup,
            setup_steps(
                StaffSignInState.setup,
                StaffSignInState.error,
                StaffSignInState.confirm_setup,
                submit_label=_("Turn on two-factor and sign in"),
            ),
        ),
        _start_again(),
    )


def _recovery_codes_step() -> rx.Component:
    return rx.fragment(
        rx.heading(_("Two-factor is on"), size="6", as_="h1"),
        recovery_codes_list(StaffSignInState.recovery_codes),
        rx.button(
            _("I have saved them: continue"),
            on_click=StaffSignInState.continue_after_codes,
            size="3",
            width="100%",
            id="codes-saved",
        ),
    )


def staff_sign_in_page() -> rx.Component:
    return centered_card(
        rx.match(
            StaffSignInState.step,
            ("code", _code_step()),
            ("set_up", _set_up_step()),
            ("recovery_codes", _recovery_codes_step()),
            _password_step(),
        )
    )


def _labelled_input(label: str, name: str, kind: str, auto_complete: str, error: rx.Var | str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(id=name, name=name, type=kind, auto_complete=auto_complete, required=True, width="100%"),
        error_text(error, id=f"{name}-error"),
        spacing="1",
        width="100%",
    )


def staff_forgot_password_page() -> rx.Component:
    state = StaffForgotPasswordState
    return centered_card(
        rx.heading(_("Forgot your password?"), size="6", as_="h1"),
        rx.cond(
            state.sent,
            rx.callout(
                _(
                    "If that email has an office login, a link to choose a new password is on its way. It works for 60 "
                    "minutes, once."
                ),
                icon="mail",
                id="staff-reset-sent",
            ),
            rx.form(
                rx.vstack(
                    rx.text(_("We email you a link to choose a new password."), color=rx.color("gray", 11)),
                    _labelled_input(_("Email"), "email", "email", "username"),
                    rx.button(_("Send me a link"), type="submit", width="100%", id="send-staff-reset"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=state.request_reset,
                width="100%",
            ),
        ),
        rx.link(_("Back to sign in"), href=routes.STAFF_SIGN_IN, size="2"),
    )


def staff_reset_password_page() -> rx.Component:
    state = StaffResetPasswordState
    return centered_card(
        rx.heading(_("Choose a new password"), size="6", as_="h1"),
        rx.cond(
            state.done,
            rx.callout(_("Your password is changed. Sign in with it."), icon="check", id="staff-reset-done"),
            rx.cond(
                state.link_problem != "",
                rx.vstack(
                    rx.callout(state.link_problem, color_scheme="amber", high_contrast=True, id="staff-reset-problem"),
                    rx.link(_("Ask for a new link"), href=routes.STAFF_FORGOT_PASSWORD, size="2"),
                ),
                rx.form(
                    rx.vstack(
                        _labelled_input(
                            _("New password (at least 8 characters, hard to guess)"),
                            "password",
                            "password",
                            "new-password",
                            state.field_errors.get("password", ""),
                        ),
                        _labelled_input(
                            _("New password again"),
                            "password_again",
                            "password",
                            "new-password",
                            state.field_errors.get("password_again", ""),
                        ),
                        rx.button(_("Save password"), type="submit", width="100%", id="save-staff-password"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=state.set_password,
                    width="100%",
                ),
            ),
        ),
        rx.link(_("Back to sign in"), href=routes.STAFF_SIGN_IN, size="2", id="back-to-sign-in"),
    )
