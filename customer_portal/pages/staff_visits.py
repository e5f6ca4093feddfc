"""Staff: service visits — the list, recording one (readings, checklist, chemicals, photos), one in full."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.forms import error_text, file_drop, form_banner, labeled, select_trigger
from customer_portal.components.layout import staff_shell
from customer_portal.components.line_items import customer_picker
from customer_portal.components.tables import data_table, on_phones, pagination, plain_headers, wide_cell
from customer_portal.domain.water import READINGS, STANDARD_CHECKLIST
from customer_portal.i18n import _
from customer_portal.services.visits.visits import ReadingView, VisitRow
from customer_portal.state.visits import (
    PHOTO_UPLOAD_ID,
    ChemicalRow,
    VisitDetailState,
    VisitListState,
    VisitRecordState,
)


def _visit_row(row: VisitRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(row.completed, href=routes.path_to(routes.STAFF_VISIT_DETAIL, visit_id=row.id.to_string())),
            on_phones(row.customer_name),
        ),
        wide_cell(
            rx.link(
                row.customer_name,
                href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=row.customer_id.to_string()),
            )
        ),
        rx.table.cell(row.pool),
        wide_cell(row.technician),
        wide_cell(row.photo_count),
        class_name="visit-row",
    )


def staff_visits_page() -> rx.Component:
    state = VisitListState
    return staff_shell(
        _("Service visits"),
        rx.vstack(
            rx.flex(
                rx.el.label(_("From"), html_for="visits-from", style={"font_size": "0.85rem"}),
                rx.input(
                    type="date",
                    id="visits-from",
                    value=state.date_from,
                    on_change=lambda value: state.set_date_range("date_from", value),
                ),
                rx.el.label("to", html_for="visits-to", style={"font_size": "0.85rem"}),
                rx.input(
                    type="date",
                    id="visits-to",
                    value=state.date_to,
                    on_change=lambda value: state.set_date_range("date_to", value),
                ),
                rx.link(
                    rx.button(rx.icon("plus", size=16), _("Record a visit"), id="new-visit"),
                    href=routes.STAFF_VISIT_NEW,
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            data_table(
                plain_headers(
                    _("Completed"),
                    _("Customer"),
                    _("Pool"),
                    _("Technician"),
                    _("Photos"),
                    wide_only={_("Customer"), _("Technician"), _("Photos")},
                ),
                state.rows,
                _visit_row,
            ),
            pagination(
                page=state.page,
                pages=state.pages,
                total=state.total,
                nouns=("visit", "visits"),
                on_page=state.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )


def _text_input(label: str, field: str, **props) -> rx.Component:
    state = VisitRecordState
    return labeled(
        label,
        rx.input(
            value=getattr(state, field),
            on_change=lambda value: state.set_field(field, value),
            id=f"visit-{field}",
            width="100%",
            **props,
        ),
        html_for=f"visit-{field}",
        error=state.field_errors.get(field, ""),
    )


def _readings_inputs() -> rx.Component:
    state = VisitRecordState
    return rx.grid(
        *[
            labeled(
                f"{reading.label} ({reading.unit})" if reading.unit else reading.label,
                rx.input(
                    value=state.readings.get(reading.field, ""),
                    on_change=lambda value, field=reading.field: state.set_reading(field, value),
                    id=f"reading-{reading.field}",
                    inputmode="decimal",
                    placeholder=f"ideal {reading.ideal}",
                ),
                html_for=f"reading-{reading.field}",
                error=state.field_errors.get(f"readings.{reading.field}", ""),
            )
            for reading in READINGS
        ],
        columns=rx.breakpoints(initial="2", md="3"),
        spacing="3",
        width="100%",
    )


def _chemical_row(row: ChemicalRow, index: rx.Var) -> rx.Component:
    state = VisitRecordState
    return rx.box(
        rx.flex(
            rx.input(
                value=row.name,
                placeholder=_("Chemical"),
                on_change=lambda value: state.set_chemical(index, "name", value),
                aria_label="Chemical " + (index + 1).to_string(),
                id="chemical-name-" + index.to_string(),
                flex=rx.breakpoints(initial="1 1 100%", sm="1"),  # the name on a line of its own on a phone
            ),
            rx.input(
                value=row.amount,
                placeholder=_("Amount"),
                on_change=lambda value: state.set_chemical(index, "amount", value),
                aria_label="Amount " + (index + 1).to_string(),
                id="chemical-amount-" + index.to_string(),
                width="90px",
            ),
            rx.input(
                value=row.unit,
                placeholder=_("Unit (gal, oz, lb)"),
                on_change=lambda value: state.set_chemical(index, "unit", value),
                aria_label="Unit " + (index + 1).to_string(),
                width="140px",
            ),
            spacing="2",
            wrap=rx.breakpoints(initial="wrap", sm="nowrap"),
        ),
        error_text(state.field_errors.get("chemicals." + index.to_string(), "")),
    )


def _photos_input() -> rx.Component:
    return rx.vstack(
        file_drop(
            _("Visit photos"),
            rx.vstack(
                rx.icon("camera", size=20),
                rx.text(_("Drop photos here or click to choose (JPEG, PNG or WebP, up to 12)"), size="2"),
                align="center",
            ),
            id=PHOTO_UPLOAD_ID,
            accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]},
            multiple=True,
            max_files=12,
            border=f"1px dashed {rx.color('gray', 8)}",
            padding="1rem",
            width="100%",
        ),
        rx.foreach(
            rx.selected_files(PHOTO_UPLOAD_ID), lambda name: rx.text(name, size="1", class_name="selected-photo")
        ),
        error_text(VisitRecordState.field_errors.get("photos", "")),
        width="100%",
    )


def _record_form() -> rx.Component:
    state = VisitRecordState
    return rx.vstack(
        rx.text(_("Customer: "), rx.text.strong(state.customer_name)),
        labeled(
            _("Pool"),
            rx.select.root(
                select_trigger(placeholder=_("Choose the pool"), id="visit-service_location_id", width="100%"),
                rx.select.content(rx.foreach(state.pools, lambda pool: rx.select.item(pool.label, value=pool.value))),
                value=state.service_location_id,
                on_change=lambda value: state.set_field("service_location_id", value),
            ),
            html_for="visit-service_location_id",
            error=state.field_errors.get("service_location_id", ""),
        ),
        rx.grid(
            _text_input(_("Completed on"), "completed_on", type="date"),
            _text_input(_("At (company time)"), "completed_time", type="time"),
            _text_input(_("Technician"), "technician_name"),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.heading(_("Water readings"), size="3", as_="h2"),
        _readings_inputs(),
        rx.heading(_("Work done"), size="3", as_="h2"),
        rx.grid(
            *[
                rx.checkbox(
                    item,
                    checked=state.checklist.contains(item),
                    on_change=lambda checked, item=item: state.toggle_checklist(item, checked),
                    size="3",  # a thumb-sized box
                )
                for item in STANDARD_CHECKLIST
            ],
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.heading(_("Chemicals added"), size="3", as_="h2"),
        rx.foreach(state.chemicals, _chemical_row),
        rx.button(_("Add chemical"), on_click=state.add_chemical, variant="soft", size="1"),
        labeled(
            _("Notes for the customer"),
            rx.text_area(
                value=state.notes,
                on_change=lambda value: state.set_field("notes", value),
                id="visit-notes",
                width="100%",
            ),
            html_for="visit-notes",
            error=state.field_errors.get("notes_for_customer", ""),
        ),
        rx.heading(_("Photos"), size="3", as_="h2"),
        _photos_input(),
        rx.button(
            _("Save visit"), on_click=state.save_visit(rx.upload_files(upload_id=PHOTO_UPLOAD_ID)), id="save-visit"
        ),
        width="100%",
        max_width="960px",
        spacing="3",
    )


def staff_visit_record_page() -> rx.Component:
    return staff_shell(
        _("Record a visit"),
        rx.vstack(
            form_banner(VisitRecordState.form_error),
            rx.cond(VisitRecordState.customer_id == 0, customer_picker(VisitRecordState), _record_form()),
            width="100%",
        ),
    )


def _reading(reading: ReadingView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(reading.label),
        rx.table.cell(rx.text(reading.value, weight="bold")),
        rx.table.cell(reading.ideal),
        rx.table.cell(
            rx.cond(
                reading.in_range,
                rx.badge(_("in range"), color_scheme="green", high_contrast=True),
                rx.badge(_("out of range"), color_scheme="red", high_contrast=True),
            )
        ),
        class_name="reading-row",
    )


def _photo(photo_id: rx.Var) -> rx.Component:
    full = routes.path_to(routes.API_PHOTO, photo_id=photo_id.to_string())
    return rx.link(
        rx.image(
            src=routes.path_to(routes.API_PHOTO_THUMBNAIL, photo_id=photo_id.to_string()),
            alt=_("Visit photo"),
            width="160px",
            height="120px",
            object_fit="cover",
        ),
        href=full,
        is_external=True,
        class_name="visit-photo",
    )


def staff_visit_detail_page() -> rx.Component:
    state = VisitDetailState
    visit = state.visit
    return staff_shell(
        _("Service visit"),
        rx.cond(
            state.not_found,
            rx.text(_("That visit does not exist.")),
            rx.cond(
                visit,
                rx.vstack(
                    rx.link(
                        visit.customer_name,
                        href=routes.path_to(routes.STAFF_CUSTOMER_DETAIL, customer_id=visit.customer_id.to_string()),
                    ),
                    rx.text(visit.pool, " · ", visit.completed, " · ", visit.technician),
                    rx.cond(visit.notes != "", rx.blockquote(visit.notes)),
                    rx.heading(_("Water readings"), size="3", as_="h2"),
                    rx.table.root(rx.table.body(rx.foreach(visit.readings, _reading)), width="100%"),
                    rx.cond(visit.checklist.length() > 0, rx.heading(_("Work done"), size="3", as_="h2")),
                    rx.foreach(visit.checklist, lambda item: rx.text("✓ ", item, size="2")),
                    rx.cond(visit.chemicals.length() > 0, rx.heading(_("Chemicals added"), size="3", as_="h2")),
                    rx.foreach(visit.chemicals, lambda item: rx.text(item, size="2")),
                    rx.cond(visit.photo_ids.length() > 0, rx.heading(_("Photos"), size="3", as_="h2")),
                    rx.flex(rx.foreach(visit.photo_ids, _photo), spacing="2", wrap="wrap"),
                    rx.link(_("Back to visits"), href=routes.STAFF_VISITS, size="2"),
                    width="100%",
                    max_width="960px",
                    spacing="3",
                ),
            ),
        ),
    )
