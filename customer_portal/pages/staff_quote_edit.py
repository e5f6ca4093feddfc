"""Staff: write a quote, send it, read the customer's answer, revise and send again."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.forms import form_banner, labeled, select_trigger
from customer_portal.components.layout import staff_shell
from customer_portal.components.line_items import customer_picker, line_editor, lines_table
from customer_portal.i18n import _
from customer_portal.state.quote_edit import QuoteEditState as State


def _field(label: str, field: str, control: rx.Component) -> rx.Component:
    return labeled(label, control, html_for=f"quote-{field}", error=State.field_errors.get(field, ""))


def _editor() -> rx.Component:
    return rx.vstack(
        _field(
            _("Title"),
            "title",
            rx.input(
                value=State.title,
                on_change=lambda value: State.set_quote_field("title", value),
                id="quote-title",
                width="100%",
            ),
        ),
        line_editor(State),
        rx.grid(
            _field(
                _("Valid until (default: 30 days after sending)"),
                "expires_on",
                rx.input(
                    type="date",
                    value=State.expires_on,
                    on_change=lambda value: State.set_quote_field("expires_on", value),
                    id="quote-expires_on",
                ),
            ),
            _field(
                _("Pool (optional)"),
                "service_location_id",
                rx.select.root(
                    select_trigger(placeholder=_("Any pool"), id="quote-service_location_id"),
                    rx.select.content(
                        rx.select.item(_("No particular pool"), value="none"),
                        rx.foreach(State.pools, lambda pool: rx.select.item(pool.label, value=pool.value)),
                    ),
                    value=State.service_location_id,
                    on_change=lambda value: State.set_quote_field("service_location_id", value),
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        _field(
            _("Terms"),
            "terms",
            rx.text_area(
                value=State.terms,
                on_change=lambda value: State.set_quote_field("terms", value),
                id="quote-terms",
                width="100%",
            ),
        ),
        rx.hstack(
            rx.button(_("Save draft"), on_click=State.save_draft, variant="soft", id="save-quote"),
            rx.button(_("Send to customer"), on_click=State.send, id="send-quote"),
        ),
        width="100%",
        spacing="3",
    )


def _answer() -> rx.Component:
    return rx.cond(
        State.responded_at != "",
        rx.card(
            rx.vstack(
                rx.heading(_("Customer's answer"), size="3", as_="h3"),
                rx.hstack(status_badge(State.status), rx.text(State.responded_at, size="2")),
                rx.cond(
                    State.response_message != "",
                    rx.blockquote(State.response_message, id="quote-response-message"),
                ),
                rx.text(
                    rx.cond(State.response_name != "", "Signed by " + State.response_name + " · ", ""),
                    "from ",
                    rx.cond(State.response_email != "", State.response_email, _("the portal")),
                    _(" · IP "),
                    State.response_ip,
                    size="1",
                    color=rx.color("gray", 11),
                    id="quote-evidence",
                ),
                spacing="2",
            ),
            width="100%",
        ),
    )


def _sent_view() -> rx.Component:
    return rx.vstack(
        rx.heading(State.title, size="4", as_="h2"),
        lines_table(State.sent_lines),
        rx.text(_("Total "), rx.text.strong(State.total, id="quote-total")),
        rx.text(
            _("Sent "), State.sent_on, _(" · valid until "), State.valid_until, size="2", color=rx.color("gray", 11)
        ),
        rx.cond(State.terms != "", rx.text(State.terms, size="2")),
        _answer(),
        rx.cond(
            State.can_edit,
            rx.button(_("Revise and send again"), on_click=State.start_revising, id="revise-quote"),
        ),
        width="100%",
        spacing="3",
    )


def _quote() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.cond(State.number != "", rx.heading(State.number, size="5", as_="h2", id="quote-number")),
            rx.cond(State.quote_id > 0, status_badge(State.status)),
            rx.cond(
                State.customer_id > 0,
                rx.link(
                    State.customer_name,
                    href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=State.customer_id.to_string()),
                ),
            ),
            rx.cond(
                State.service_request_id > 0,
                rx.link(
                    _("From a service request"),
                    href=routes.path_to(routes.STAFF_REQUEST_DETAIL, request_id=State.service_request_id.to_string()),
                    id="quote-request",
                ),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        form_banner(State.form_error),
        rx.cond(
            State.customer_id == 0,
            customer_picker(State),
            rx.cond(State.editing, rx.fragment(rx.cond(State.revising, _answer()), _editor()), _sent_view()),
        ),
        rx.link(_("Back to quotes"), href=routes.STAFF_QUOTES, size="2"),
        width="100%",
        max_width="960px",
        spacing="4",
    )


def staff_quote_edit_page() -> rx.Component:
    return staff_shell(
        _("Quote"),
        rx.cond(
            State.not_found,
            rx.vstack(rx.text(_("That quote does not exist.")), rx.link(_("Back to quotes"), href=routes.STAFF_QUOTES)),
            _quote(),
        ),
    )
