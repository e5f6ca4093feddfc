"""Portal: Upcoming visits. Each scheduled pool's next visits (paused ones marked), asking to pause service for a
while (a vacation, a repair), and the pauses asked for with the office's answers."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.forms import error_text
from customer_portal.components.portal_layout import portal_href, portal_shell
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.portal.portal_schedule import HoldRow, PoolVisits, UpcomingVisit
from customer_portal.state.portal import PortalState
from customer_portal.state.schedule import PortalUpcomingState as State


def _visit(visit: UpcomingVisit) -> rx.Component:
    return rx.hstack(
        rx.text(visit.day, size="2"),
        rx.cond(visit.paused, rx.badge(_("Paused"), color_scheme="amber", class_name="visit-paused")),
        align="center",
        spacing="2",
        class_name="upcoming-visit",
    )


def _pool(pool: PoolVisits) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(pool.pool, weight="bold"),
            rx.text(pool.schedule, size="2", color=rx.color("gray", 11)),
            rx.foreach(pool.visits, _visit),
            spacing="1",
        ),
        width="100%",
        class_name="upcoming-pool",
    )


def _field(name: str, label: str, **props) -> rx.Component:
    field_id = f"hold-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, style={"font_size": "0.875rem", "font_weight": "500"}),
        rx.input(
            value=State.hold_form.get(name, ""),
            on_change=lambda value: State.set_hold_field(name, value),
            id=field_id,
            width="100%",
            **props,
        ),
        error_text(State.field_errors.get(name, ""), id=f"{field_id}-error"),
        spacing="1",
        width="100%",
    )


def _pause_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Pause service"), size="4", as_="h2"),
            rx.text(_("Going away, or work on the pool? Tell us the days and we will skip them."), size="2"),
            rx.vstack(
                rx.el.label(_("Pool"), html_for="hold-pool", style={"font_size": "0.875rem", "font_weight": "500"}),
                rx.el.select(
                    rx.foreach(State.schedule.pool_choices, lambda choice: rx.el.option(choice[1], value=choice[0])),
                    value=State.hold_form.get("pool", ""),
                    on_change=lambda value: State.set_hold_field("pool", value),
                    id="hold-pool",
                    style={"width": "100%", "height": "2.5rem", "border_radius": "6px"},
                ),
                error_text(State.field_errors.get("service_location_id", "")),
                spacing="1",
                width="100%",
            ),
            rx.grid(
                _field("starts_on", _("First day"), type="date"),
                _field("ends_on", _("Last day"), type="date"),
                columns="2",
                spacing="3",
                width="100%",
            ),
            _field("note", _("Note (optional)"), placeholder=_("Away for the holidays")),
            rx.button(
                _("Ask to pause"),
                on_click=State.request_hold,
                size="3",
                id="hold-submit",
                disabled=PortalState.read_only,
            ),
            rx.cond(State.done != "", rx.text(State.done, size="2", role="status", id="hold-done")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _hold(row: HoldRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(row.pool, weight="bold"), rx.spacer(), rx.badge(row.status), width="100%"),
            rx.text(row.period, size="2"),
            rx.cond(
                row.note != "",
                rx.text(*parts(_("Your note: {note}"), note=row.note), size="2", color=rx.color("gray", 11)),
            ),
            rx.cond(
                row.office_reply != "", rx.text(*parts(_("Our answer: {reply}"), reply=row.office_reply), size="2")
            ),
            rx.cond(
                row.can_cancel,
                rx.button(
                    _("Withdraw"),
                    on_click=State.cancel_hold(row.id),
                    variant="soft",
                    color_scheme="gray",
                    size="2",
                    disabled=PortalState.read_only,
                ),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="hold-row",
    )


def portal_upcoming_page() -> rx.Component:
    schedule = State.schedule
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Upcoming visits"), size="6", as_="h1"),
            rx.cond(
                schedule,
                rx.vstack(
                    rx.cond(
                        schedule.pools.length() > 0,
                        rx.vstack(rx.foreach(schedule.pools, _pool), spacing="3", width="100%"),
                        rx.text(
                            _("Your visits are not on a schedule yet. Contact us to set one up."), id="no-schedule"
                        ),
                    ),
                    rx.cond(schedule.pool_choices.length() > 0, _pause_form()),
                    rx.cond(
                        schedule.holds.length() > 0,
                        rx.vstack(
                            rx.heading(_("Your pauses"), size="4", as_="h2"),
                            rx.foreach(schedule.holds, _hold),
                            spacing="2",
                            width="100%",
                        ),
                    ),
                    rx.link(_("Past visits: Service History"), href=portal_href("service-history"), size="2"),
                    spacing="4",
                    width="100%",
                ),
            ),
            spacing="4",
            width="100%",
        )
    )
