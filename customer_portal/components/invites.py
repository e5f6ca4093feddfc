"""The Send Portal Invite button, its confirm and review dialog, and the progress of the latest run."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.i18n import _, parts
from customer_portal.services.portal.invites import Excluded, Recipient
from customer_portal.state.invites import InviteState as State


def invite_button(on_click, *, disabled: rx.Var | bool = False) -> rx.Component:
    return rx.tooltip(
        rx.button(
            rx.icon("send", size=16),
            _("Send Portal Invite"),
            on_click=on_click,
            disabled=~State.portal_ready | disabled,
            id="send-portal-invite",
        ),
        content=rx.cond(
            State.portal_ready, _("Invite the selected customers"), _("Turn the portal on in Settings first")
        ),
    )


def portal_off_hint() -> rx.Component:
    return rx.cond(
        ~State.portal_ready,
        rx.text(
            _("Invites are off: turn the customer portal on in Settings first."),
            size="1",
            color=rx.color("gray", 11),
            id="invites-off",
        ),
    )


def _recipient(recipient: Recipient) -> rx.Component:
    return rx.text(
        recipient.customer_name, " — ", recipient.address, rx.cond(recipient.reinvite, _(" (re-invite)"), ""), size="2"
    )


def _excluded(excluded: Excluded) -> rx.Component:
    return rx.text(
        excluded.customer_name,
        rx.cond(excluded.address != "", " — " + excluded.address, ""),
        ": ",
        excluded.reason,
        size="2",
        color=rx.color("gray", 11),
    )


def _one_recipient() -> rx.Var:
    return State.recipients.length() == 1


def _scrolling_list(rows: rx.Component, name: str, *, max_height: str) -> rx.Component:
    """A list that scrolls inside the dialog: focusable and named, so a keyboard can scroll it too."""
    return rx.box(
        rows, max_height=max_height, overflow_y="auto", width="100%", tab_index=0, role="group", aria_label=name
    )


def _confirm() -> rx.Component:
    return rx.vstack(
        rx.text(
            rx.cond(
                _one_recipient(),
                _("1 invite will be sent:"),
                rx.fragment(*parts(_("{count} invites will be sent:"), count=State.recipients.length())),
            ),
            weight="medium",
            id="invite-count",
        ),
        _scrolling_list(rx.foreach(State.recipients, _recipient), _("Customers to invite"), max_height="200px"),
        rx.cond(
            State.excluded.length() > 0,
            rx.vstack(
                rx.text(_("Not invited:"), weight="medium"),
                _scrolling_list(rx.foreach(State.excluded, _excluded), _("Customers not invited"), max_height="160px"),
                rx.checkbox(
                    _("Re-invite customers who already have a login"),
                    checked=State.reinvite_active,
                    on_change=State.set_reinvite_active,
                ),
                width="100%",
            ),
        ),
        rx.hstack(
            rx.button(_("Cancel"), variant="soft", color_scheme="gray", on_click=State.close),
            rx.button(_("Continue"), on_click=State.continue_to_review, id="invite-continue"),
            justify="end",
            width="100%",
        ),
        width="100%",
    )


def _review() -> rx.Component:
    return rx.vstack(
        rx.text(_("The message, as the first customer will get it:"), size="2", color=rx.color("gray", 11)),
        rx.card(
            rx.text(State.review_subject, weight="bold", id="review-subject"),
            rx.text(State.review_body, white_space="pre-wrap", size="2"),
            width="100%",
        ),
        rx.hstack(
            rx.button(_("Back"), variant="soft", color_scheme="gray", on_click=State.back_to_confirm),
            rx.button(
                rx.cond(
                    _one_recipient(), _("Send 1 invite"), "Send " + State.recipients.length().to_string() + " invites"
                ),
                on_click=State.send,
                id="invite-send",
            ),
            justify="end",
            width="100%",
        ),
        width="100%",
    )


def invite_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(_("Send Portal Invite")),
            rx.cond(State.message != "", rx.callout(State.message, color_scheme="red")),
            rx.cond(State.step == "review", _review(), _confirm()),
            max_width="560px",
        ),
        open=State.step != "",
    )


def invite_progress() -> rx.Component:
    """Sent, failed and remaining for the latest run; refreshed every second while it runs."""
    return rx.cond(
        State.total > 0,
        rx.card(
            rx.hstack(
                rx.text(
                    _("Invites: "),
                    State.sent,
                    rx.cond(State.kept_in_outbox, _(" kept in the Outbox · "), _(" sent · ")),
                    State.failed,
                    _(" failed · "),
                    State.remaining,
                    " remaining",
                    size="2",
                    id="invite-progress",
                ),
                rx.cond(State.running, rx.moment(interval=1000, on_change=State.refresh_progress, display="none")),
                align="center",
            ),
            rx.progress(value=State.percent_done, width="100%", aria_label=_("Portal invites sent")),
            rx.cond(
                State.kept_in_outbox,
                rx.callout(
                    rx.text(
                        _(
                            "No email provider is set up (RESEND_API_KEY or SMTP_HOST), so these invites were not "
                            "emailed. They are kept in the "
                        ),
                        rx.link(_("Outbox"), href=routes.STAFF_OUTBOX, id="invites-outbox-link"),
                        _(", where you can read them and copy their links."),
                    ),
                    icon="mail-warning",
                    color_scheme="amber",
                    high_contrast=True,
                    size="1",
                    id="invites-kept",
                ),
            ),
            width="100%",
        ),
    )
