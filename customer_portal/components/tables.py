"""List pieces: sortable column headers, pagination controls, and tables that fit a phone.

On a phone (below Radix's `md` breakpoint, 768 px) a table keeps its key columns: the others are `wide_only`,
and what a phone still needs from them is repeated under the key cell with `on_phones`."""

from __future__ import annotations

from collections.abc import Callable, Collection

import reflex as rx

from customer_portal.i18n import _, parts

_WIDE_ONLY = rx.breakpoints(initial="none", md="table-cell")


def wide_cell(*children: rx.Component | rx.Var | str, **props) -> rx.Component:
    """A table cell shown from tablet width up."""
    return rx.table.cell(*children, display=_WIDE_ONLY, **props)


def wide_header(label: str, **props) -> rx.Component:
    """The header of a column of `wide_cell`s."""
    return rx.table.column_header_cell(label, display=_WIDE_ONLY, **props)


def on_phones(*children: rx.Component | rx.Var | str, **props) -> rx.Component:
    """Small print under a key cell, shown only on a phone, where the column it repeats is hidden."""
    props.setdefault("color", rx.color("gray", 11))
    return rx.text(*children, size="1", display=rx.breakpoints(initial="block", md="none"), **props)


def sortable_header(
    label: str, column: str, *, sort: rx.Var, descending: rx.Var, on_sort: Callable, wide_only: bool = False
) -> rx.Component:
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
        display=_WIDE_ONLY if wide_only else None,
    )


def pagination(
    *, page: rx.Var, pages: rx.Var, total: rx.Var, nouns: tuple[str, str], on_page: Callable
) -> rx.Component:
    """ "12 invoices · page 1 of 2", Previous, Next. `nouns`: the singular and the plural ("entry", "entries")."""
    one, many = nouns
    return rx.hstack(
        rx.text(
            *parts(
                _("{count} {things} · page {page} of {pages}"),
                count=total,
                things=rx.cond(total == 1, one, many),
                page=page,
                pages=pages,
            ),
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.spacer(),
        rx.button(
            _("Previous"), on_click=on_page(page - 1), disabled=page <= 1, variant="soft", size="2", id="page-previous"
        ),
        rx.button(
            _("Next"), on_click=on_page(page + 1), disabled=page >= pages, variant="soft", size="2", id="page-next"
        ),
        width="100%",
        align="center",
        padding_top="0.75rem",
    )


def data_table(header_cells: list[rx.Component], rows: rx.Var, render_row: Callable) -> rx.Component:
    """A list's table: fixed header, one rendered row per item. A long word (an email address, an audit action)
    breaks rather than widen the table past a phone's screen, where its scrolling region would not be reachable
    by keyboard."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*header_cells)),
            rx.table.body(rx.foreach(rows, render_row)),
            width="100%",
            variant="surface",
            overflow_wrap="anywhere",
        ),
        overflow_x="auto",
        width="100%",
    )


def plain_headers(*labels: str, wide_only: Collection[str] = ()) -> list[rx.Component]:
    return [wide_header(label) if label in wide_only else rx.table.column_header_cell(label) for label in labels]
