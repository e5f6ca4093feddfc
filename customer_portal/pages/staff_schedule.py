"""Staff: Schedule. The pause requests to answer, one day's scheduled visits (paused ones marked), and the
approved pauses still to come."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, plain_headers, wide_cell
from customer_portal.i18n import _
from customer_portal.services.visits.holds import HoldForOffice, ScheduledVisit
from customer_portal.state.schedule import StaffScheduleState as State


def _request(row: HoldForOffice) -> rx.Component:
    reply_id = "hold-reply-" + row.id.to_string()
    return rx.card(
        rx.vstack(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
                weight="bold",
            ),
            rx.text(row.pool, " · ", row.period, size="2"),
            rx.cond(row.note != "", rx.text("“", row.note, "”", size="2", color=rx.color("gray", 11))),
            rx.el.label(_("Reply to the customer (optional)"), html_for=reply_id, style={"font_size": "0.8rem"}),
            rx.input(
                value=State.replies.get(row.id.to_string(), ""),
                on_change=lambda text: State.set_reply(row.id, text),
                id=reply_id,
                width="100%",
            ),
            rx.hstack(
                rx.button(_("Approve"), on_click=State.answer(row.id, True), class_name="hold-approve"),
                rx.button(_("Decline"), on_click=State.answer(row.id, False), variant="soft", color_scheme="red"),
                spacing="2",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="hold-request",
    )


def _visit(row: ScheduledVisit) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
            ),
            on_phones(row.pool, " · ", row.address),
        ),
        wide_cell(row.pool),
        wide_cell(row.address),
        rx.table.cell(
            rx.cond(row.paused, rx.badge(_("Paused"), color_scheme="amber"), rx.badge(_("Due"), color_scheme="grass"))
        ),
        class_name="schedule-row",
    )


def _approved(row: HoldForOffice) -> rx.Component:
    return rx.text(row.customer_name, " · ", row.pool, " · ", row.period, size="2", class_name="hold-approved")


def staff_schedule_page() -> rx.Component:
    schedule = State.schedule
    return staff_shell(
        _("Schedule"),
        rx.cond(
            schedule,
            rx.vstack(
                rx.cond(
                    schedule.requests.length() > 0,
                    rx.vstack(
                        rx.heading(_("Pause requests"), size="4", as_="h2"),
                        rx.foreach(schedule.requests, _request),
                        spacing="2",
                        width="100%",
                    ),
                ),
                rx.hstack(
                    rx.heading(schedule.day_label, size="4", as_="h2", id="schedule-day"),
                    rx.spacer(),
                    rx.el.select(
                        rx.foreach(State.days, lambda day: rx.el.option(day[1], value=day[0])),
                        value=schedule.day,
                        on_change=State.choose_day,
                        id="schedule-day-picker",
                        aria_label=_("Day"),
                        style={"height": "2rem", "border_radius": "6px"},
                    ),
                    align="center",
                    width="100%",
                    wrap="wrap",
                ),
                rx.cond(
                    schedule.visits.length() > 0,
                    data_table(
                        plain_headers(
                            _("Customer"), _("Pool"), _("Address"), _("Visit"), wide_only=(_("Pool"), _("Address"))
                        ),
                        schedule.visits,
                        _visit,
                    ),
                    rx.text(_("No pools are scheduled on this day."), id="schedule-empty"),
                ),
                rx.cond(
                    schedule.approved.length() > 0,
                    rx.vstack(
                        rx.heading(_("Approved pauses"), size="4", as_="h2"),
                        rx.foreach(schedule.approved, _approved),
                        spacing="1",
                    ),
                ),
                spacing="4",
                width="100%",
                max_width="960px",
            ),
        ),
    )
