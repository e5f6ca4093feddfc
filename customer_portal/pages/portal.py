"""The customer portal's pages: sign in, create a login from the invite, forgotten password, home, contact."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.forms import error_text
from customer_portal.components.portal_layout import contact_block, portal_href, portal_link, portal_shell
from customer_portal.i18n import _, parts
from customer_portal.state.portal import (
    CreateLoginState,
    ForgotPasswordState,
    PortalContactState,
    PortalSignInState,
    PortalState,
    ResetPasswordState,
)


def _field(label: str, name: str, *, kind: str = "text", error: rx.Var | str = "", **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(id=name, name=name, type=kind, width="100%", size="3", **props),
        error_text(error, id=f"{name}-error"),
        spacing="1",
        width="100%",
    )


def portal_sign_in_page() -> rx.Component:
    state = PortalSignInState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Sign in"), size="6", as_="h1"),
            rx.text(_("Use the email address your pool company has on file."), color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    _field(_("Email"), "email", kind="email", auto_complete="username", required=True),
                    _field(_("Password"), "password", kind="password", auto_complete="current-password", required=True),
                    rx.cond(
                        state.error != "",
                        rx.callout(
                            state.error, color_scheme="red", high_contrast=True, role="alert", id="portal-sign-in-error"
                        ),
                    ),
                    rx.button(_("Sign in"), type="submit", size="3", width="100%", id="portal-sign-in"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=state.sign_in,
                reset_on_submit=False,
                width="100%",
            ),
            rx.link(_("Forgot your password?"), href=portal_href("forgot-password"), id="forgot-password-link"),
            spacing="4",
            width="100%",
            max_width="420px",
        )
    )


def _password_form(state: type, *, button: str) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.vstack(
                rx.el.label(_("Username")),
                # Named and marked as the username, so a password manager files the new password under it (the
                # handler ignores it: the link, not the form, says whose password this is).
                rx.input(
                    value=state.username,
                    read_only=True,
                    width="100%",
                    size="3",
                    id="username",
                    name="username",
                    auto_complete="username",
                ),
                spacing="1",
                width="100%",
            ),
            _field(
                _("Password (at least 8 characters; a few unrelated words are easy to remember and hard to guess)"),
                "password",
                kind="password",
                auto_complete="new-password",
                error=state.password_error,
            ),
            _field(
                _("Password again"),
                "password_again",
                kind="password",
                auto_complete="new-password",
                error=state.password_again_error,
            ),
            rx.cond(
                state.form_error != "",
                rx.callout(state.form_error, color_scheme="red", high_contrast=True, role="alert"),
            ),
            rx.button(button, type="submit", size="3", width="100%", id="set-password"),
            spacing="3",
            width="100%",
        ),
        on_submit=state.set_password,
        reset_on_submit=False,
        width="100%",
    )


def _dead_link(state: type, *, offer_new_invite: bool) -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.match(
                state.link_problem,
                ("expired", _("This link has expired.")),
                ("used", _("This link has already been used.")),
                _("This link is not valid."),
            ),
            color_scheme="amber",
            high_contrast=True,
            id="link-problem",
        ),
        rx.cond(
            state.new_link_requested,
            rx.text(_("If this email can still be invited, a new link is on its way."), id="new-link-sent"),
            rx.button(_("Send me a new link"), on_click=state.request_new_link, id="request-new-link"),
        )
        if offer_new_invite
        else rx.link(_("Ask for a new reset link"), href=portal_href("forgot-password")),
        rx.link(_("Already have a login? Sign in"), href=portal_href("sign-in")),
        spacing="3",
    )


def _link_page(state: type, *, title: str, intro: str, button: str, offer_new_invite: bool) -> rx.Component:
    return portal_shell(
        rx.vstack(
            rx.heading(title, size="6", as_="h1"),
            rx.cond(
                state.link_problem == "",
                rx.vstack(
                    rx.text(intro, color=rx.color("gray", 11)),
                    _password_form(state, button=button),
                    width="100%",
                ),
                _dead_link(state, offer_new_invite=offer_new_invite),
            ),
            spacing="4",
            width="100%",
            max_width="420px",
        )
    )


def portal_create_login_page() -> rx.Component:
    return _link_page(
        CreateLoginState,
        title=_("Create your login"),
        intro=_("Choose a password. Your username is the email address we have on file."),
        button=_("Create login"),
        offer_new_invite=True,
    )


def portal_reset_password_page() -> rx.Component:
    return _link_page(
        ResetPasswordState,
        title=_("Choose a new password"),
        intro=_("Your username stays the same; only the password changes."),
        button=_("Save new password"),
        offer_new_invite=False,
    )


def portal_forgot_password_page() -> rx.Component:
    state = ForgotPasswordState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Forgot your password?"), size="6", as_="h1"),
            rx.cond(
                state.sent,
                rx.callout(
                    _(
                        "If that email has a portal login, a link to choose a new password is on its way. "
                        "It works for 60 minutes."
                    ),
                    icon="mail",
                    id="reset-sent",
                ),
                rx.form(
                    rx.vstack(
                        _field(_("Email"), "email", kind="email", auto_complete="username", required=True),
                        rx.button(_("Send me a link"), type="submit", size="3", width="100%", id="send-reset"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=state.request_reset,
                    width="100%",
                ),
            ),
            rx.link(_("Back to sign in"), href=portal_href("sign-in")),
            spacing="4",
            width="100%",
            max_width="420px",
        )
    )


def _message_form() -> rx.Component:
    state = PortalContactState
    return rx.cond(
        state.sent_to != "",
        rx.callout(
            rx.text(
                *parts(_("Thank you — your message is on its way. We will reply to {email}."), email=state.sent_to)
            ),
            icon="check",
            id="message-sent",
        ),
        rx.vstack(
            rx.el.label(_("Send us a message"), html_for="contact-message"),
            rx.text_area(
                value=state.message, on_change=state.set_message, id="contact-message", rows="5", width="100%"
            ),
            error_text(state.message_error, id="contact-message-error"),
            rx.button(_("Send message"), on_click=state.send_message, size="3", id="send-message"),
            width="100%",
        ),
    )


def portal_contact_page() -> rx.Component:
    return portal_shell(
        rx.vstack(
            rx.link(_("← Home"), href=portal_link(routes.PORTAL_HOME)),
            rx.heading(_("Contact us"), size="6", as_="h1"),
            rx.text(PortalState.company.name, weight="bold"),
            contact_block(),
            rx.cond(~PortalContactState.read_only, rx.card(_message_form(), width="100%")),
            spacing="4",
            width="100%",
        )
    )
