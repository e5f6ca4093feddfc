"""Your own login: the portal's Account page and the office's My account page."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.account_forms import account_done, other_devices, password_form
from customer_portal.components.forms import error_text
from customer_portal.components.layout import staff_shell
from customer_portal.components.portal_layout import language_switcher, portal_link, portal_shell
from customer_portal.components.two_factor import code_input, recovery_codes_list, setup_steps
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.state.account import ConfirmEmailState, PortalAccountState, StaffAccountState
from customer_portal.state.two_factor import StaffTwoFactorState


def _input(label: str, name: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(id=name, name=name, width="100%", size="3", **props),
        error_text(PortalAccountState.field_errors.get(name, ""), id=f"{name}-error"),
        spacing="1",
        width="100%",
    )


def _phone_form() -> rx.Component:
    state = PortalAccountState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(_("Phone"), size="4", as_="h2"),
                rx.text(_("The number we call about visits and payments."), size="2"),
                _input(
                    _("Phone number"),
                    "phone",
                    type="tel",
                    auto_complete="tel",
                    default_value=state.phone,
                    key=state.phone,
                ),
                rx.button(_("Save phone"), type="submit", size="3", variant="soft", id="save-phone"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.save_phone,
            width="100%",
        ),
        width="100%",
    )


def _email_form() -> rx.Component:
    state = PortalAccountState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(_("Login email"), size="4", as_="h2"),
                rx.text(
                    *parts(
                        _(
                            "You sign in with {email}. To use another address, we send a link to it; your login "
                            "moves there when you open it."
                        ),
                        email=rx.text.strong(state.customer_email),
                    ),
                    size="2",
                ),
                _input(_("New email"), "new_email", type="email", auto_complete="email", required=True),
                _input(_("Current password"), "email_password", type="password", auto_complete="current-password"),
                rx.button(_("Send the confirmation link"), type="submit", size="3", variant="soft", id="change-email"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.change_email,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
    )


def _language_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Language"), size="4", as_="h2"),
            rx.text(_("The portal and the emails we send you are in this language."), size="2"),
            language_switcher(id="account-language", class_name="account-language"),
            spacing="2",
        ),
        width="100%",
    )


def portal_account_page() -> rx.Component:
    state = PortalAccountState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Your account"), size="6", as_="h1"),
            rx.text(*parts(_("Signed in as {email}."), email=rx.text.strong(state.customer_email)), size="2"),
            account_done(state),
            _language_card(),
            _phone_form(),
            _email_form(),
            password_form(state),
            other_devices(state),
            spacing="4",
            width="100%",
        )
    )


def _two_factor_on(state: type[StaffTwoFactorState]) -> rx.Component:
    return rx.vstack(
        rx.text(
            *parts(
                _(
                    "On: signing in takes your password and a code from your authenticator app. Recovery codes "
                    "left: {count}."
                ),
                count=rx.el.strong(state.status.recovery_codes_left, id="recovery-codes-left"),
            ),
            id="two-factor-status",
        ),
        rx.form(
            rx.vstack(
                rx.text(_("New recovery codes (the old ones stop working):"), size="2", weight="medium"),
                code_input("code", _("Code from your authenticator app")),
                error_text(state.field_errors.get("code", ""), id="new-codes-error"),
                rx.button(_("Make new recovery codes"), type="submit", variant="soft", id="new-recovery-codes"),
                spacing="2",
                width="100%",
            ),
            on_submit=state.make_new_codes,
            reset_on_submit=True,
            width="100%",
        ),
        rx.cond(
            state.status.required != "",
            rx.text(state.status.required, size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    rx.el.label(_("Turn two-factor off: your password"), html_for="off_password"),
                    rx.input(
                        id="off_password",
                        name="off_password",
                        type="password",
                        auto_complete="current-password",
                        required=True,
                        width="100%",
                        size="3",
                    ),
                    error_text(state.field_errors.get("off_password", ""), id="off_password-error"),
                    rx.button(
                        _("Turn off two-factor"),
                        type="submit",
                        variant="soft",
                        color_scheme="red",
                        id="turn-off-two-factor",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=state.turn_off,
                reset_on_submit=True,
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _two_factor_off(state: type[StaffTwoFactorState]) -> rx.Component:
    return rx.vstack(
        rx.text(_("Off: your password alone signs you in."), id="two-factor-status"),
        rx.cond(state.status.required != "", rx.text(state.status.required, size="2", weight="medium")),
        rx.button(_("Set up two-factor"), on_click=state.start_setup, id="start-two-factor"),
        spacing="3",
        width="100%",
    )


def _two_factor_card() -> rx.Component:
    """Set up, new recovery codes, turn off; the codes once, right after they are made."""
    state = StaffTwoFactorState
    return rx.card(
        rx.vstack(
            rx.heading(_("Two-factor"), size="4", as_="h2"),
            rx.cond(
                state.message != "", rx.callout(state.message, icon="info", role="status", id="two-factor-message")
            ),
            rx.cond(
                state.recovery_codes.length() > 0,  # type: ignore[attr-defined]
                rx.vstack(
                    recovery_codes_list(state.recovery_codes),
                    rx.button(_("I have saved them"), on_click=state.codes_saved, id="codes-saved"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    state.setup,
                    rx.vstack(
                        setup_steps(
                            state.setup,
                            state.field_errors.get("code", ""),
                            state.confirm_setup,
                            submit_label=_("Turn on two-factor"),
                        ),
                        rx.button(_("Cancel"), on_click=state.cancel_setup, variant="ghost", size="2"),
                        width="100%",
                    ),
                    rx.cond(state.status, rx.cond(state.status.on, _two_factor_on(state), _two_factor_off(state))),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="two-factor",
    )


def staff_account_page() -> rx.Component:
    state = StaffAccountState
    return staff_shell(
        _("My account"),
        rx.vstack(
            account_done(state),
            password_form(state),
            _two_factor_card(),
            other_devices(state),
            spacing="4",
            width="100%",
            max_width="560px",
        ),
    )


def portal_confirm_email_page() -> rx.Component:
    state = ConfirmEmailState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Your new login email"), size="6", as_="h1"),
            rx.cond(
                state.confirmed,
                rx.vstack(
                    rx.callout(
                        rx.text(
                            *parts(
                                _("Done: sign in with {email} from now on."), email=rx.text.strong(state.new_address)
                            )
                        ),
                        icon="check",
                        id="email-confirmed",
                    ),
                    rx.link(_("Sign in"), href=portal_link(routes.PORTAL_SIGN_IN)),
                ),
                rx.cond(
                    state.problem != "",
                    rx.callout(state.problem, color_scheme="amber", high_contrast=True, id="email-confirm-problem"),
                    rx.vstack(
                        rx.text(
                            *parts(
                                _("Sign in to the customer portal with {email}?"),
                                email=rx.text.strong(state.new_address),
                            )
                        ),
                        rx.button(_("Yes, use this address"), on_click=state.confirm, size="3", id="confirm-email"),
                        spacing="3",
                    ),
                ),
            ),
            spacing="4",
            width="100%",
        )
    )
