"""Change password and the devices signed in: the same on the portal's Account page and the office's My account
page (each passes its own state, with `field_errors`, `done`, `devices` and the handlers)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from customer_portal.components.forms import error_text
from customer_portal.i18n import _


def _password(label: str, name: str, errors: rx.Var, auto_complete: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name),
        rx.input(id=name, name=name, type="password", auto_complete=auto_complete, width="100%", size="3"),
        error_text(errors.get(name, ""), id=f"{name}-error"),
        spacing="1",
        width="100%",
    )


def password_form(state: Any) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(_("Change password"), size="4", as_="h2"),
                _password(_("Current password"), "current_password", state.field_errors, "current-password"),
                _password(
                    _("New password (at least 8 characters, hard to guess)"),
                    "password",
                    state.field_errors,
                    "new-password",
                ),
                _password(_("New password again"), "password_again", state.field_errors, "new-password"),
                rx.button(_("Change password"), type="submit", size="3", id="change-password"),
                spacing="3",
                width="100%",
            ),
            on_submit=state.change_password,
            reset_on_submit=True,  # passwords are typed again, never kept in the page
            width="100%",
        ),
        width="100%",
    )


def _device(state: Any, device: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(device.device, weight="medium", size="2"),
            rx.text(device.last_seen, " · ", device.address, size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            device.this_device,
            rx.badge(_("This device"), color_scheme="green", high_contrast=True),
            rx.button(
                _("Sign out"), on_click=state.sign_out_device(device.id), variant="soft", color_scheme="gray", size="2"
            ),
        ),
        width="100%",
        align="center",
        class_name="signed-in-device",
    )


def other_devices(state: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Signed in on"), size="4", as_="h2"),
            rx.foreach(state.devices, lambda device: _device(state, device)),
            rx.text(_("Lost a phone, or signed in on a shared computer? Sign it out here."), size="2"),
            rx.button(
                _("Sign out of other devices"),
                on_click=state.sign_out_elsewhere,
                variant="soft",
                size="3",
                id="sign-out-elsewhere",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def account_done(state: Any) -> rx.Component:
    return rx.cond(state.done != "", rx.callout(state.done, icon="check", role="status", id="account-done"))
