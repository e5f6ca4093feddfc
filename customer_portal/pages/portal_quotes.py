"""Portal: Quotes — the list by status, and one quote with the customer's answer."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.portal_layout import portal_link, portal_shell
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home, line_row
from customer_portal.services.billing.quotes import QuoteRow
from customer_portal.state.portal_quotes import PortalQuotesState, PortalQuoteState


def _quote_card(row: QuoteRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(row.number, weight="bold"), rx.spacer(), status_badge(row.status), width="100%"),
            rx.text(row.title, size="2"),
            rx.text(
                *parts(_("Sent {sent} · valid until {until}"), sent=row.issue_date, until=row.expires_on),
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.hstack(
                rx.text(row.total, weight="bold"),
                rx.spacer(),
                rx.link(
                    rx.button(_("Action"), size="2"),
                    href=portal_link(routes.PORTAL_QUOTE, quote_id=row.id.to_string()),
                    class_name="quote-action",
                ),
                width="100%",
                align="center",
            ),
            spacing="2",
        ),
        class_name="quote-card",
        width="100%",
    )


def portal_quotes_page() -> rx.Component:
    state = PortalQuotesState
    statuses = (
        ("all", _("All quotes")),
        ("sent", _("Waiting for your answer")),
        ("approved", _("Approved")),
        ("rejected", _("Rejected")),
        ("info_requested", _("Question asked")),
        ("expired", _("Expired")),
    )
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Quotes"), size="6", as_="h1"),
            rx.select.root(
                rx.select.trigger(aria_label=_("Show quotes"), id="quote-filter"),
                rx.select.content(*[rx.select.item(label, value=value) for value, label in statuses]),
                value=state.status_filter,
                on_change=state.set_status_filter,
            ),
            rx.cond(state.total == 0, rx.text(_("No quotes to show."), color=rx.color("gray", 11))),
            rx.grid(
                rx.foreach(state.rows, _quote_card),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        )
    )


def _answer_form() -> rx.Component:
    state = PortalQuoteState
    return rx.card(
        rx.vstack(
            rx.match(
                state.answering,
                (
                    "approve",
                    rx.vstack(
                        rx.el.label(_("Type your full name to approve"), html_for="signature"),
                        rx.input(
                            id="signature",
                            value=state.signature,
                            on_change=lambda v: state.set_answer_field("signature", v),
                            width="100%",
                            size="3",
                        ),
                        width="100%",
                    ),
                ),
                rx.vstack(  # rejecting and asking both take a message; only the label differs
                    rx.el.label(
                        rx.cond(state.answering == "reject", _("Reason (optional)"), _("Your question")),
                        html_for="message",
                    ),
                    rx.text_area(
                        id="message",
                        value=state.message,
                        on_change=lambda v: state.set_answer_field("message", v),
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            rx.cond(
                state.field_error != "",
                rx.text(state.field_error, color=rx.color("red", 11), size="2", role="alert", id="answer-error"),
            ),
            rx.hstack(
                rx.button(_("Cancel"), variant="soft", color_scheme="gray", on_click=state.choose_answer("")),
                rx.button(
                    rx.match(
                        state.answering,
                        ("approve", _("Approve quote")),
                        ("reject", _("Reject quote")),
                        _("Send question"),
                    ),
                    on_click=state.submit_answer,
                    id="submit-answer",
                ),
            ),
            width="100%",
        ),
        width="100%",
    )


def portal_quote_page() -> rx.Component:
    state = PortalQuoteState
    quote = state.quote
    return portal_shell(
        rx.vstack(
            rx.link(_("← Quotes"), href=portal_link(routes.PORTAL_QUOTES), size="2"),
            rx.cond(
                state.missing,
                rx.text(_("That quote is not available."), id="quote-missing"),
                rx.cond(
                    quote,
                    rx.vstack(
                        rx.hstack(
                            rx.heading(quote.title, size="6", as_="h1"),
                            status_badge(quote.status),
                            align="center",
                            wrap="wrap",
                        ),
                        rx.text(
                            *parts(
                                _("{number} · sent {sent} · valid until {until}"),
                                number=quote.number,
                                sent=quote.sent_on,
                                until=quote.valid_until,
                            ),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        rx.card(rx.vstack(rx.foreach(quote.lines, line_row), width="100%"), width="100%"),
                        rx.hstack(
                            rx.text(_("Total")),
                            rx.spacer(),
                            rx.text(quote.total, weight="bold", id="portal-quote-total"),
                            width="100%",
                        ),
                        rx.cond(quote.terms != "", rx.text(quote.terms, size="2", color=rx.color("gray", 11))),
                        rx.cond(
                            state.form_error != "",
                            rx.callout(state.form_error, color_scheme="amber", high_contrast=True, id="answer-refused"),
                        ),
                        rx.cond(
                            (quote.status == "sent") & ~state.read_only,
                            rx.cond(
                                state.answering == "",
                                rx.flex(
                                    rx.button(
                                        _("Approve"), on_click=state.choose_answer("approve"), id="answer-approve"
                                    ),
                                    rx.button(
                                        _("Reject"),
                                        variant="soft",
                                        color_scheme="red",
                                        high_contrast=True,
                                        on_click=state.choose_answer("reject"),
                                        id="answer-reject",
                                    ),
                                    rx.button(
                                        _("Ask a question"),
                                        variant="soft",
                                        on_click=state.choose_answer("request_info"),
                                        id="answer-question",
                                    ),
                                    spacing="2",
                                    wrap="wrap",
                                ),
                                _answer_form(),
                            ),
                            rx.cond(
                                quote.responded_at != "",
                                rx.callout(
                                    rx.text(
                                        *parts(_("You answered on {day}"), day=quote.responded_at),
                                        rx.cond(
                                            quote.response_name != "",
                                            rx.fragment(*parts(_(" (signed {name})"), name=quote.response_name)),
                                        ),
                                        rx.cond(quote.response_message != "", ": " + quote.response_message, "."),
                                    ),
                                    id="quote-answered",
                                ),
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        )
    )
