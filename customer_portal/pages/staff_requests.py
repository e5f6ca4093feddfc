"""Staff: service requests. The inbox (newest first, by status and kind) and one request: what the customer
reported with their photos, the replies, and the office's answers (reply, schedule, make a quote, close)."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.forms import labeled
from customer_portal.components.layout import staff_shell
from customer_portal.components.request_photos import request_photos
from customer_portal.components.tables import data_table, on_phones, pagination, plain_headers, wide_cell
from customer_portal.i18n import N_, _
from customer_portal.services.visits.service_requests import KIND_LABELS, STATUS_LABELS, ReplyView, RequestRow
from customer_portal.state.service_requests import StaffRequestsState, StaffRequestState

_STATUSES = (
    ("open", N_("Open (not closed)")),
    ("all", N_("All statuses")),
    *((s.value, label) for s, label in STATUS_LABELS.items()),
)
_KINDS = (("all", N_("All kinds")), *((kind.value, label) for kind, label in KIND_LABELS.items()))


def _row(row: RequestRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(row.kind, href=routes.path_to(routes.STAFF_REQUEST_DETAIL, request_id=row.id.to_string())),
            on_phones(row.customer_name),
            on_phones(row.created),
        ),
        wide_cell(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
            )
        ),
        wide_cell(row.pool),
        wide_cell(row.created),
        wide_cell(rx.cond(row.photo_count > 0, row.photo_count.to_string(), "")),
        rx.table.cell(status_badge(row.status)),
        class_name="request-row",
    )


def _filter(name: str, label: str, value: rx.Var, choices: tuple[tuple[str, str], ...]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, id=f"request-{name}-filter"),
        rx.select.content(*[rx.select.item(_(text), value=key) for key, text in choices]),
        value=value,
        on_change=lambda chosen: StaffRequestsState.set_filter(name, chosen),
    )


def staff_requests_page() -> rx.Component:
    state = StaffRequestsState
    return staff_shell(
        _("Service requests"),
        rx.vstack(
            rx.flex(
                _filter("status", _("Request status"), state.status, _STATUSES),
                _filter("kind", _("Kind of request"), state.kind, _KINDS),
                spacing="2",
                wrap="wrap",
            ),
            data_table(
                plain_headers(
                    _("Request"),
                    _("Customer"),
                    _("Pool"),
                    _("Sent"),
                    _("Photos"),
                    _("Status"),
                    wide_only=(_("Customer"), _("Pool"), _("Sent"), _("Photos")),
                ),
                state.rows,
                _row,
            ),
            rx.cond(state.total == 0, rx.text(_("No requests match."), color=rx.color("gray", 11), id="no-requests")),
            pagination(
                page=state.page,
                pages=state.pages,
                total=state.total,
                nouns=("request", "requests"),
                on_page=state.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )


def _reply(reply: ReplyView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(reply.written, size="1", color=rx.color("gray", 11)),
            rx.text(reply.body, size="2", white_space="pre-wrap"),
            spacing="1",
        ),
        width="100%",
        class_name="request-reply",
    )


def _answers() -> rx.Component:
    state = StaffRequestState
    request = state.request
    return rx.card(
        rx.vstack(
            rx.heading(_("Answer"), size="4", as_="h2"),
            labeled(
                _("Message to the customer (sent with Reply, and with Schedule or Close if written)"),
                rx.text_area(
                    value=state.reply,
                    on_change=lambda value: state.set_field("reply", value),
                    id="request-reply",
                    rows="4",
                    width="100%",
                ),
                html_for="request-reply",
                error=state.field_errors.get("reply", ""),
            ),
            rx.button(_("Reply"), on_click=state.send_reply, id="send-reply"),
            rx.cond(
                request.can_schedule,
                rx.flex(
                    labeled(
                        _("Visit day"),
                        rx.input(
                            type="date",
                            value=state.day,
                            on_change=lambda value: state.set_field("day", value),
                            id="request-day",
                        ),
                        html_for="request-day",
                        error=state.field_errors.get("scheduled_on", ""),
                    ),
                    rx.button(_("Schedule"), on_click=state.schedule_visit, id="schedule-request", variant="soft"),
                    spacing="2",
                    align="end",
                    wrap="wrap",
                ),
            ),
            rx.flex(
                rx.cond(
                    request.can_quote,
                    rx.button(_("Make a quote"), on_click=state.make_quote, id="quote-request", variant="soft"),
                ),
                rx.cond(
                    request.can_close,
                    rx.button(
                        _("Close request"),
                        on_click=state.close_request,
                        id="close-request",
                        variant="soft",
                        color_scheme="gray",
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def staff_request_page() -> rx.Component:
    state = StaffRequestState
    request = state.request
    return staff_shell(
        _("Service request"),
        rx.cond(
            state.not_found,
            rx.text(_("That request does not exist."), id="request-missing"),
            rx.cond(
                request,
                rx.vstack(
                    rx.link(_("← All requests"), href=routes.STAFF_REQUESTS, size="2"),
                    rx.hstack(
                        rx.heading(request.kind, size="5", as_="h2"),
                        status_badge(request.status),
                        align="center",
                        wrap="wrap",
                    ),
                    rx.text(
                        rx.link(
                            request.customer_name,
                            href=routes.path_to(
                                routes.STAFF_CUSTOMER_DETAIL, customer_id=request.customer_id.to_string()
                            ),
                            underline="always",  # a link inside a line of text must not rely on colour alone
                        ),
                        " · ",
                        request.pool,
                        _(" · sent "),
                        request.created,
                        " by ",
                        request.requested_by,
                        size="2",
                    ),
                    rx.cond(
                        request.scheduled_on != "",
                        rx.text(_("Visit: "), request.scheduled_on, size="2", id="request-scheduled"),
                    ),
                    rx.cond(
                        request.quote_id > 0,
                        rx.link(
                            "Quote " + request.quote_number.to(str) + ": " + request.quote_answer.to(str),
                            href=routes.path_to(routes.STAFF_QUOTE_DETAIL, quote_id=request.quote_id.to_string()),
                            id="request-quote",
                        ),
                    ),
                    rx.card(rx.text(request.description, size="2", white_space="pre-wrap"), width="100%"),
                    rx.text(_("Days that suit: "), request.preferred_days, size="2"),
                    request_photos(request.photo_ids),
                    rx.cond(
                        request.replies.length() > 0,
                        rx.vstack(
                            rx.heading(_("Replies"), size="4", as_="h2"),
                            rx.foreach(request.replies, _reply),
                            width="100%",
                        ),
                    ),
                    _answers(),
                    spacing="3",
                    width="100%",
                    max_width="760px",
                ),
            ),
        ),
    )
