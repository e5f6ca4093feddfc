"""The staff home page: the figures that matter this morning."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.layout import staff_shell
from customer_portal.i18n import _
from customer_portal.state.staff import DashboardState


def _figure(label: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color=rx.color("gray", 11)),
            rx.text(value, size="6", weight="bold", id=test_id),
            spacing="1",
        ),
    )


def staff_home_page() -> rx.Component:
    summary = DashboardState.summary
    return staff_shell(
        _("Home"),
        rx.text(summary.company_name, size="4", margin_bottom="1rem", id="company-name"),
        rx.grid(
            _figure(_("Active customers"), summary.active_customers, "figure-active-customers"),
            _figure(_("Open invoices"), summary.open_invoices, "figure-open-invoices"),
            _figure(_("Overdue invoices"), summary.overdue_invoices, "figure-overdue-invoices"),
            _figure(_("Outstanding"), summary.outstanding, "figure-outstanding"),
            _figure(_("Quotes awaiting an answer"), summary.quotes_awaiting_answer, "figure-quotes"),
            _figure(_("Visits in the last 7 days"), summary.visits_last_7_days, "figure-visits"),
            rx.link(
                _figure(_("Pause requests to answer"), summary.pause_requests, "figure-pause-requests"),
                href=routes.STAFF_SCHEDULE,
                underline="none",
            ),
            rx.link(
                _figure(_("New service requests"), summary.new_service_requests, "figure-service-requests"),
                href=routes.STAFF_REQUESTS,
                underline="none",
            ),
            columns=rx.breakpoints(initial="2", md="3"),
            spacing="3",
            max_width="720px",
        ),
    )
