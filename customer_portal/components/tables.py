"""List pieces: sortable column headers and pagination controls."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def sortable_header(label: str, column: str, *, sort: rx.Var, descending: rx.Var, on_sort: Callable) -> rx.Component:
    """A header button; the arrow shows the current order, aria-sort tells screen readers."""
    arrow = rx.cond(
        sort == column,
        rx.cond(descending, rx.icon("arrow-down", size=14), rx.icon("arrow-up", size=14)),
        rx.icon("arrow-up-down", size=14, opacity="0.4"),
    )
    return rx.table.column_header_cell(
        rx.button(
            rx.text(label),
            arrow,
            variant="ghost",
            size="1",
            on_click=on_sort(column),
            id=f"sort-{column}",
        ),
        aria_sort=rx.cond(sort == column, rx.cond(descending, "descending", "ascending"), "none"),
    )


def pagination(*, page: rx.Var, pages: rx.Var, total: rx.Var, noun: str, on_page: Callable) -> rx.Component:
    return rx.hstack(
        rx.text(total, f" {noun}", " · page ", page, " of ", pages, size="2", color=rx.color("gray", 11)),
        rx.spacer(),
        rx.button(
            "Previous", on_click=on_page(page - 1), disabled=page <= 1, variant="soft", size="2", id="page-previous"
        ),
        rx.button("Next", on_click=on_page(page + 1), disabled=page >= pages, variant="soft", size="2", id="page-next"),
        width="100%",
        align="center",
        padding_top="0.75rem",
    )


def data_table(header_cells: list[rx.Component], rows: rx.Var, render_row: Callable) -> rx.Component:
    """A list's table: fixed header, one rendered row per item, scrolling sideways on a narrow screen."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*header_cells)),
            rx.table.body(rx.foreach(rows, render_row)),
            width="100%",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
    )


def plain_headers(*labels: str) -> list[rx.Component]:
    return [rx.table.column_header_cell(label) for label in labels]
