"""Staff: Settings > Notifications. Which emails customers get unasked, when, and in the company's words."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.email_preview import email_preview, wording_language
from customer_portal.components.forms import error_text, labeled
from customer_portal.components.layout import staff_shell
from customer_portal.domain.notifications import SPECS
from customer_portal.i18n import _
from customer_portal.state.notification_settings import NotificationSettingsState as State


def _error(name: str) -> rx.Var:
    return State.field_errors.get(name, "")


def _chooser() -> rx.Component:
    return labeled(
        _("Notification"),
        rx.select.root(
            rx.select.trigger(id="notification-kind", width="100%"),
            rx.select.content(*(rx.select.item(spec.label, value=kind.value) for kind, spec in SPECS.items())),
            value=State.chosen,
            on_change=State.choose,
        ),
        html_for="notification-kind",
    )


def _editor() -> rx.Component:
    return rx.vstack(
        rx.text(State.description, size="2", color=rx.color("gray", 11), id="notification-description"),
        rx.hstack(
            rx.switch(
                checked=State.form["enabled"].to(bool),
                on_change=lambda on: State.set_field("enabled", on),
                disabled=~State.is_owner,
                id="notification-enabled",
                aria_label=_("Send this email"),
            ),
            rx.text(_("Send this email"), weight="medium", size="2"),
            align="center",
            spacing="3",
        ),
        rx.cond(
            State.timing_label != "",
            rx.vstack(  # `labeled` with a label that changes with the chosen notification
                rx.el.label(State.timing_label, html_for="notification-schedule", style={"font_weight": "500"}),
                rx.input(
                    value=State.form["schedule"].to(str),
                    on_change=lambda value: State.set_field("schedule", value),
                    read_only=~State.is_owner,
                    id="notification-schedule",
                    width="100%",
                ),
                rx.text(State.timing_help, size="1", color=rx.color("gray", 11)),
                error_text(_error("schedule"), id="notification-schedule-error"),
                spacing="1",
                width="100%",
            ),
        ),
        wording_language(State.language, State.choose_language, id="notification-language"),
        labeled(
            _("Subject"),
            rx.input(
                value=State.form["subject"].to(str),
                on_change=lambda value: State.set_field("subject", value),
                read_only=~State.is_owner,
                id="notification-subject",
                width="100%",
            ),
            html_for="notification-subject",
            error=_error("subject"),
        ),
        labeled(
            _("Message"),
            rx.text_area(
                value=State.form["body"].to(str),
                on_change=lambda value: State.set_field("body", value),
                read_only=~State.is_owner,
                id="notification-body",
                rows="7",
                width="100%",
            ),
            html_for="notification-body",
            error=_error("body"),
        ),
        rx.text(_("Placeholders: "), State.placeholders, size="1", color=rx.color("gray", 11)),
        rx.cond(
            State.template_warning != "",
            rx.text(State.template_warning, color=rx.color("red", 11), size="2", role="alert", id="template-warning"),
        ),
        rx.flex(
            rx.button(_("Save"), on_click=State.save, disabled=~State.is_owner, id="notification-save"),
            rx.button(_("Restore default"), on_click=State.restore_default, variant="soft", id="notification-restore"),
            rx.button(
                _("Send Preview"), on_click=State.send_preview, variant="outline", id="notification-send-preview"
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(State.notice != "", rx.text(State.notice, size="2", role="status", id="notification-notice")),
        spacing="3",
        width="100%",
    )


def _preview() -> rx.Component:
    return rx.vstack(
        rx.heading(_("Preview"), size="3", as_="h2"),
        rx.text(_("Subject: "), rx.text.strong(State.preview_subject), size="2", id="preview-subject"),
        email_preview(State.preview_html, title=_("Email preview"), id="notification-preview", height="640px"),
        spacing="2",
        width="100%",
    )


def staff_notifications_page() -> rx.Component:
    return staff_shell(
        _("Notifications"),
        rx.vstack(
            rx.link(_("← Settings"), href=routes.STAFF_SETTINGS, size="2"),
            rx.text(
                _(
                    "The emails customers get without asking: each has a one-click unsubscribe, and each customer can "
                    "turn them on or off in the portal. Receipts and password emails always go."
                ),
                size="2",
            ),
            rx.grid(
                rx.card(rx.vstack(_chooser(), _editor(), spacing="4", width="100%")),
                rx.card(_preview()),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
