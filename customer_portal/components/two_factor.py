"""Two-factor pieces shared by the sign-in page and My account: the code field, setting up an authenticator app
(QR code and typed secret), and the recovery codes shown once."""

from __future__ import annotations

from typing import Any

import reflex as rx

from customer_portal.components.forms import error_text
from customer_portal.i18n import _


def code_input(name: str = "code", label: str = _("Code")) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(
            id=name,
            name=name,
            auto_complete="one-time-code",
            spell_check=False,
            auto_capitalize="none",
            max_length=40,
            required=True,
            size="3",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def setup_steps(prompt: rx.Var, error: rx.Var, on_submit: Any, *, submit_label: str) -> rx.Component:
    """Scan (or type) the secret into an authenticator app, then prove it with the code the app shows."""
    return rx.form(
        rx.vstack(
            rx.text(
                _(
                    "1. In an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy…), "
                    "add an account by scanning this code:"
                ),
                size="2",
            ),
            rx.image(
                src=prompt.qr_code,
                alt=_("QR code to add this login to an authenticator app"),
                width="200px",
                height="200px",
                id="totp-qr",
                style={"background": "white", "align_self": "center"},
            ),
            rx.text(_("Cannot scan? Type this key into the app instead:"), size="2"),
            rx.code(prompt.secret, id="totp-secret", size="3"),
            rx.text(_("2. Enter the 6-digit code the app now shows for it."), size="2"),
            code_input("code", _("Code from the app")),
            error_text(error, id="setup-code-error"),
            rx.button(submit_label, type="submit", size="3", width="100%", id="confirm-setup"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def recovery_codes_list(codes: rx.Var) -> rx.Component:
    """The codes, once: each gets the person in once if the phone is lost."""
    return rx.vstack(
        rx.callout(
            _(
                "Save these recovery codes somewhere safe (a password manager, or printed). Each one signs you in once "
                "if you lose your phone. They are not shown again."
            ),
            icon="key_round",
            color_scheme="amber",
            high_contrast=True,
        ),
        rx.el.ul(
            rx.foreach(
                codes,
                lambda code: rx.el.li(
                    rx.code(code, size="3", style={"white_space": "nowrap"}), class_name="recovery-code"
                ),
            ),
            id="recovery-codes",
            # One column on a phone, two where they fit; a code never breaks across lines.
            style={
                "display": "grid",
                "grid_template_columns": "repeat(auto-fill, minmax(12.5rem, 1fr))",
                "gap": "0.5rem",
                "list_style": "none",
                "padding": "0",
                "margin": "0",
            },
        ),
        spacing="3",
        width="100%",
    )
