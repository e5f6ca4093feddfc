"""Portal: Service Requests. The customer's requests with their status, one request with its photos and the
office's replies, and "Request service": what is wrong, which pool, photos from the phone, the days that suit."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.badges import status_badge
from customer_portal.components.forms import error_text, file_drop, labeled
from customer_portal.components.portal_layout import portal_link, portal_shell
from customer_portal.components.request_photos import request_photos
from customer_portal.domain.schedule import WEEKDAYS
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.visits.service_requests import MAX_REQUEST_PHOTOS, ReplyView, RequestRow
from customer_portal.state.portal import PortalState
from customer_portal.state.service_requests import (
    REQUEST_PHOTO_UPLOAD_ID,
    PortalRequestFormState,
    PortalRequestsState,
    PortalRequestState,
)

_NATIVE_SELECT = {"width": "100%", "height": "2.75rem", "border_radius": "6px", "font_size": "1rem"}


def _new_request_link() -> rx.Component:
    return rx.link(
        rx.button(_("Request service"), size="3", width="100%", disabled=PortalState.read_only),
        href=portal_link(routes.PORTAL_REQUEST_NEW),
        id="new-request",
        width="100%",
    )


def _request_card(row: RequestRow) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(rx.text(row.kind, weight="bold"), rx.spacer(), status_badge(row.status), width="100%"),
                rx.text(row.pool, " · ", row.created, size="2", color=rx.color("gray", 11)),
                rx.text(row.summary, size="2", trim="end", class_name="request-summary"),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=portal_link(routes.PORTAL_REQUEST, request_id=row.id.to_string()),
        underline="none",
        color="inherit",
        width="100%",
        class_name="request-row",
    )


def portal_requests_page() -> rx.Component:
    state = PortalRequestsState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Service requests"), size="6", as_="h1"),
            rx.text(_("Green water, a noisy pump, a leak? Tell us, with photos, and we will reply here."), size="2"),
            _new_request_link(),
            rx.cond(
                state.requests.length() > 0,
                rx.vstack(rx.foreach(state.requests, _request_card), spacing="2", width="100%"),
                rx.text(_("You have not asked for anything yet."), size="2", id="no-requests"),
            ),
            spacing="4",
            width="100%",
        )
    )


def _day_choice(day: int) -> rx.Component:
    state = PortalRequestFormState
    return rx.checkbox(
        WEEKDAYS[day],
        checked=state.days.contains(day),
        on_change=lambda chosen: state.toggle_day(day, chosen),
        size="3",
        id=f"day-{day}",
    )


def _native_select(field: str, choices: rx.Var, placeholder: str) -> rx.Component:
    """A native select: on a phone it opens the system's own picker."""
    state = PortalRequestFormState
    return rx.el.select(
        rx.el.option(placeholder, value="", disabled=True),
        rx.foreach(choices, lambda choice: rx.el.option(choice[1], value=choice[0])),
        value=getattr(state, field),
        on_change=lambda value: state.set_field(field, value),
        id=f"request-{field}",
        style=_NATIVE_SELECT,
    )


def portal_request_new_page() -> rx.Component:
    state = PortalRequestFormState
    return portal_shell(
        rx.vstack(
            rx.link(
                _("← Service requests"),
                href=portal_link(routes.PORTAL_REQUESTS),
                size="2",
                id="back-to-requests",
            ),
            rx.heading(_("Request service"), size="6", as_="h1"),
            labeled(
                _("What is wrong?"),
                _native_select("kind", state.choices.kinds, _("Choose one")),
                html_for="request-kind",
                error=state.field_errors.get("kind", ""),
            ),
            labeled(
                _("Pool"),
                _native_select("pool", state.choices.pools, _("Choose the pool")),
                html_for="request-pool",
                error=state.field_errors.get("service_location_id", ""),
            ),
            labeled(
                _("Tell us more"),
                rx.text_area(
                    value=state.description,
                    on_change=lambda value: state.set_field("description", value),
                    placeholder=_("The water turned green after the storm; the pump hums but nothing flows."),
                    id="request-description",
                    rows="5",
                    width="100%",
                ),
                html_for="request-description",
                error=state.field_errors.get("description", ""),
            ),
            rx.vstack(
                rx.text(_("Photos (optional)"), size="2", weight="medium"),
                file_drop(
                    _("Photos"),
                    rx.vstack(
                        rx.icon("camera", size=24),
                        rx.text(_("Take or choose up to {count} photos").format(count=MAX_REQUEST_PHOTOS), size="2"),
                        align="center",
                    ),
                    id=REQUEST_PHOTO_UPLOAD_ID,
                    accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]},
                    multiple=True,
                    max_files=MAX_REQUEST_PHOTOS,
                    border=f"1px dashed {rx.color('gray', 8)}",
                    padding="1.25rem",
                    width="100%",
                ),
                rx.foreach(
                    rx.selected_files(REQUEST_PHOTO_UPLOAD_ID),
                    lambda name: rx.text(name, size="1", class_name="selected-photo"),
                ),
                error_text(state.field_errors.get("photos", ""), id="request-photos-error"),
                spacing="1",
                width="100%",
            ),
            rx.el.fieldset(
                rx.el.legend(_("Days that suit you (optional)"), style={"font_size": "0.875rem", "font_weight": "500"}),
                rx.grid(
                    *[_day_choice(day) for day in range(7)],
                    columns=rx.breakpoints(initial="2", sm="4"),
                    spacing="3",
                    width="100%",
                    padding_top="0.5rem",
                ),
                style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
            ),
            rx.button(
                _("Send request"),
                on_click=state.send(rx.upload_files(upload_id=REQUEST_PHOTO_UPLOAD_ID)),
                loading=state.sending,
                disabled=PortalState.read_only,
                size="3",
                width="100%",
                id="send-request",
            ),
            spacing="4",
            width="100%",
        )
    )


def _reply(reply: ReplyView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(PortalState.company.name, " · ", reply.written, size="1", color=rx.color("gray", 11)),
            rx.text(reply.body, size="2", white_space="pre-wrap"),
            spacing="1",
        ),
        width="100%",
        class_name="request-reply",
    )


def portal_request_page() -> rx.Component:
    request = PortalRequestState.request
    return portal_shell(
        rx.vstack(
            rx.link(
                _("← Service requests"),
                href=portal_link(routes.PORTAL_REQUESTS),
                size="2",
                id="back-to-requests",
            ),
            rx.cond(
                PortalRequestState.missing,
                rx.text(_("That request is not available."), id="request-missing"),
                rx.cond(
                    request,
                    rx.vstack(
                        rx.hstack(
                            rx.heading(request.kind, size="6", as_="h1"),
                            status_badge(request.status),
                            align="center",
                            wrap="wrap",
                            id="request-status",
                        ),
                        rx.text(
                            *parts(_("{pool} · sent {day}"), pool=request.pool, day=request.created),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        rx.cond(
                            request.scheduled_on != "",
                            rx.callout(
                                rx.text(*parts(_("We will come on {day}."), day=request.scheduled_on)),
                                icon="calendar-check",
                                id="request-scheduled",
                            ),
                        ),
                        rx.cond(
                            request.quote_id > 0,
                            rx.link(
                                *parts(
                                    _("Quote {number}: {answer}"),
                                    number=request.quote_number,
                                    answer=request.quote_answer,
                                ),
                                href=portal_link(routes.PORTAL_QUOTE, quote_id=request.quote_id.to_string()),
                                id="request-quote",
                            ),
                        ),
                        rx.text(request.description, size="2", white_space="pre-wrap"),
                        rx.text(
                            *parts(_("Days that suit you: {days}"), days=request.preferred_days),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        request_photos(request.photo_ids),
                        rx.cond(
                            request.replies.length() > 0,
                            rx.vstack(
                                rx.heading(_("Replies"), size="4", as_="h2"),
                                rx.foreach(request.replies, _reply),
                                spacing="2",
                                width="100%",
                            ),
                            rx.text(_("We have your request and will reply soon."), size="2", id="no-replies"),
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
