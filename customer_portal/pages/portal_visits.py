"""Portal: Service History — visits in a date range with a reading chart, and one visit with its photos."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import period_form, portal_href, portal_link, portal_pager, portal_shell
from customer_portal.components.words import plural_parts
from customer_portal.domain.water import READINGS
from customer_portal.i18n import _, parts
from customer_portal.pages.portal_billing import back_home
from customer_portal.services.visits.visits import ReadingView, VisitRow
from customer_portal.state.portal_visits import PortalHistoryState, PortalVisitState


def _visit_card(row: VisitRow) -> rx.Component:
    return rx.card(
        rx.link(
            rx.vstack(
                rx.hstack(
                    rx.text(row.completed, weight="bold"), rx.spacer(), rx.text(row.pool, size="2"), width="100%"
                ),
                rx.text(*parts(_("Technician: {name}"), name=row.technician), size="2"),
                rx.cond(row.summary != "", rx.text(row.summary, size="2", color=rx.color("gray", 11))),
                rx.cond(
                    row.photo_count > 0,
                    rx.text(
                        *plural_parts(row.photo_count, "{count} photo", "{count} photos"),
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                ),
                spacing="1",
                width="100%",
            ),
            href=portal_link(routes.PORTAL_VISIT, visit_id=row.id.to_string()),
            underline="none",
            color="inherit",
        ),
        class_name="visit-card",
        width="100%",
    )


def _chart() -> rx.Component:
    state = PortalHistoryState
    return rx.cond(
        state.chart_points.length() > 0,
        rx.card(
            rx.vstack(
                rx.select.root(
                    rx.select.trigger(aria_label=_("Reading to chart"), id="chart-reading"),
                    rx.select.content(*[rx.select.item(reading.label, value=reading.field) for reading in READINGS]),
                    value=state.chart_field,
                    on_change=state.set_chart_field,
                ),
                rx.recharts.line_chart(
                    rx.recharts.reference_area(
                        y1=state.chart.ideal_low.to(int),  # typed int for the prop; the value stays 7.2 in the browser
                        y2=state.chart.ideal_high.to(int),
                        fill="#22c55e",
                        fill_opacity=0.12,
                    ),
                    rx.recharts.line(
                        data_key="value", stroke="#0e7490", stroke_width=2, dot=True, is_animation_active=False
                    ),
                    rx.recharts.x_axis(data_key="day", tick={"fontSize": 10}),
                    rx.recharts.y_axis(tick={"fontSize": 10}, width=36),
                    rx.recharts.graphing_tooltip(),
                    data=state.chart_points,
                    width="100%",
                    height=220,
                ),
                rx.text(
                    *parts(
                        _("Shaded: the ideal range ({low}–{high} {unit})"),
                        low=state.chart.ideal_low,
                        high=state.chart.ideal_high,
                        unit=state.chart.unit,
                    ),
                    size="1",
                    color=rx.color("gray", 11),
                ),
                width="100%",
                id="reading-chart",
            ),
            width="100%",
        ),
    )


def portal_history_page() -> rx.Component:
    state = PortalHistoryState
    return portal_shell(
        rx.vstack(
            back_home(),
            rx.heading(_("Service history"), size="6", as_="h1"),
            rx.link(_("Upcoming visits and pausing service →"), href=portal_href("upcoming-visits"), size="2"),
            rx.cond(
                state.pools.length() > 1,
                rx.select.root(
                    rx.select.trigger(aria_label=_("Pool"), id="pool-filter"),
                    rx.select.content(
                        rx.select.item(_("All pools"), value="all"),
                        rx.foreach(state.pools, lambda pool: rx.select.item(pool.label, value=pool.value)),
                    ),
                    value=state.pool,
                    on_change=state.set_pool,
                ),
            ),
            period_form(state, prefix="history-"),
            _chart(),
            rx.cond(state.total == 0, rx.text(_("No completed visits in this period."), color=rx.color("gray", 11))),
            rx.vstack(rx.foreach(state.rows, _visit_card), width="100%", spacing="3"),
            portal_pager(state),
            spacing="4",
            width="100%",
        )
    )


def _reading(reading: ReadingView) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(reading.label, size="2", weight="medium"),
            rx.text(*parts(_("Ideal {range}"), range=reading.ideal), size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(reading.value, weight="bold"),
        rx.cond(
            reading.in_range,
            rx.badge(_("in range"), color_scheme="green", high_contrast=True),
            rx.badge(_("out of range"), color_scheme="red", high_contrast=True),
        ),
        width="100%",
        align="center",
        class_name="portal-reading",
    )


def _photo(photo_id: rx.Var) -> rx.Component:
    return rx.image(
        src=routes.path_to(routes.API_PHOTO_THUMBNAIL, photo_id=photo_id.to_string()),
        alt=_("Photo from the visit"),
        width="100%",
        on_click=PortalVisitState.show_photo(photo_id),
        cursor="pointer",
        class_name="portal-photo",
        border_radius="6px",
    )


def portal_visit_page() -> rx.Component:
    state = PortalVisitState
    return portal_shell(
        rx.vstack(
            rx.link(_("← Service history"), href=portal_link(routes.PORTAL_HISTORY), size="2"),
            rx.cond(
                state.missing,
                rx.text(_("That visit is not available."), id="visit-missing"),
                rx.vstack(
                    rx.heading(state.completed, size="6", as_="h1", id="visit-completed"),
                    rx.text(
                        *parts(_("{pool} · technician {name}"), pool=state.pool_name, name=state.technician),
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    rx.cond(state.notes != "", rx.card(rx.text(state.notes, size="2"), width="100%", id="visit-notes")),
                    rx.cond(state.checklist.length() > 0, rx.heading(_("Work done"), size="4", as_="h2")),
                    rx.foreach(state.checklist, lambda item: rx.text("✓ ", item, size="2")),
                    rx.cond(state.readings.length() > 0, rx.heading(_("Water readings"), size="4", as_="h2")),
                    rx.foreach(state.readings, _reading),
                    rx.cond(state.chemicals.length() > 0, rx.heading(_("Chemicals added"), size="4", as_="h2")),
                    rx.foreach(state.chemicals, lambda item: rx.text(item, size="2")),
                    rx.cond(state.photo_ids.length() > 0, rx.heading(_("Photos"), size="4", as_="h2")),
                    rx.grid(rx.foreach(state.photo_ids, _photo), columns="2", spacing="2", width="100%"),
                    rx.cond(
                        state.full_photo > 0,
                        rx.box(
                            rx.image(
                                src=routes.path_to(routes.API_PHOTO, photo_id=state.full_photo.to_string()),
                                alt=_("Photo, full size"),
                                width="100%",
                                id="full-photo",
                            ),
                            rx.button(
                                _("Close photo"), on_click=state.show_photo(0), variant="soft", margin_top="0.5rem"
                            ),
                            width="100%",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        )
    )
