"""The staff shell's pages. Home shows real figures; the other sections are filled by later work."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.layout import staff_shell
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
        "Home",
        rx.text(summary.company_name, size="4", margin_bottom="1rem", id="company-name"),
        rx.grid(
            _figure("Active customers", summary.active_customers, "figure-active-customers"),
            _figure("Open invoices", summary.open_invoices, "figure-open-invoices"),
            _figure("Overdue invoices", summary.overdue_invoices, "figure-overdue-invoices"),
            _figure("Outstanding", summary.outstanding, "figure-outstanding"),
            _figure("Quotes awaiting an answer", summary.quotes_awaiting_answer, "figure-quotes"),
            _figure("Visits in the last 7 days", summary.visits_last_7_days, "figure-visits"),
            columns=rx.breakpoints(initial="2", md="3"),
            gap="3",
            max_width="720px",
        ),
    )


def section_page(title: str, what_comes_here: str):
    """A staff section whose screens are not built yet: the shell and its session check are real."""

    def page() -> rx.Component:
        return staff_shell(title, rx.text(what_comes_here, color=rx.color("gray", 11)))

    page.__name__ = f"{title.lower().replace(' ', '_')}_page"
    return page
