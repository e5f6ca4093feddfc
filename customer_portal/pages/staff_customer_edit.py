"""Staff: create a customer, or see and edit one (emails, pools, notes, archive)."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.customer_emails import customer_emails
from customer_portal.components.forms import error_text, form_banner, labeled
from customer_portal.components.invites import invite_button, invite_dialog
from customer_portal.components.layout import staff_shell
from customer_portal.domain.schedule import WEEKDAYS
from customer_portal.i18n import LANGUAGES, _
from customer_portal.services.customers.customers import POOL_TYPES
from customer_portal.state.customer_edit import NO_SCHEDULE, EmailRow, LocationRow
from customer_portal.state.customer_edit import CustomerEditState as State
from customer_portal.state.invites import InviteState


def _contact() -> rx.Component:
    return rx.grid(
        labeled(
            _("Name"),
            rx.input(value=State.name, on_change=State.set_name, id="customer-name", width="100%"),
            html_for="customer-name",
            error=State.field_errors.get("name", ""),
        ),
        labeled(
            _("Company (optional)"),
            rx.input(value=State.company_name, on_change=State.set_company_name, id="customer-company", width="100%"),
            html_for="customer-company",
            error=State.field_errors.get("company_name", ""),
        ),
        labeled(
            _("Phone"),
            rx.input(value=State.phone, on_change=State.set_phone, id="customer-phone", type="tel", width="100%"),
            html_for="customer-phone",
            error=State.field_errors.get("phone", ""),
        ),
        columns=rx.breakpoints(initial="1", md="3"),
        spacing="3",
        width="100%",
    )


def _email_row(row: EmailRow, index: rx.Var) -> rx.Component:
    field_id = "email-" + index.to_string()
    return rx.flex(
        rx.box(
            rx.input(
                value=row.address,
                on_change=lambda value: State.set_email_address(index, value),
                type="email",
                id=field_id,
                aria_label="Email address " + (index + 1).to_string(),
                width="100%",
            ),
            error_text(row.error),
            flex=rx.breakpoints(initial="1 1 100%", md="1"),  # the address on a line of its own on a phone
            min_width="220px",
        ),
        rx.checkbox(
            _("Primary"),
            checked=row.is_primary,
            on_change=lambda checked: State.set_email_primary(index, checked),
            class_name="email-primary",
        ),
        rx.checkbox(
            _("Send Invoices"),
            checked=row.send_invoices,
            on_change=lambda checked: State.set_email_send_invoices(index, checked),
            class_name="email-send-invoices",
        ),
        rx.badge(_("Portal: "), row.portal_status, variant="soft"),
        rx.cond(
            row.id > 0,
            rx.button(
                rx.icon("eye", size=14),
                _("View as customer"),
                on_click=State.view_as_customer(row.id),
                variant="ghost",
                size="1",
                class_name="view-as-customer",
            ),
        ),
        rx.icon_button(
            rx.icon("trash-2", size=16),
            on_click=State.remove_email(index),
            variant="ghost",
            color_scheme="red",
            aria_label="Remove email " + (index + 1).to_string(),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        width="100%",
        padding_bottom="0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="email-row",
    )


def _location_error(index: rx.Var, field: str) -> rx.Component:
    return error_text(State.field_errors.get("locations." + index.to_string() + "." + field, ""))


def _location_field(row_value: rx.Var, index: rx.Var, field: str, label: str, **props) -> rx.Component:
    field_id = f"location-{field}-" + index.to_string()
    return rx.vstack(
        rx.el.label(label, html_for=field_id, style={"font_size": "0.8rem"}),
        rx.input(
            value=row_value,
            on_change=lambda value: State.set_location_field(index, field, value),
            id=field_id,
            width="100%",
            **props,
        ),
        _location_error(index, field),
        spacing="1",
        width="100%",
    )


def _location_choice(
    index: rx.Var, field: str, label: str, value: rx.Var, options: list[tuple[str, str]]
) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", as_="div", aria_hidden="true"),
        rx.select.root(
            rx.select.trigger(
                aria_label=label + " " + (index + 1).to_string(),
                width="100%",
                id=f"location-{field}-" + index.to_string(),
            ),
            rx.select.content(*[rx.select.item(text, value=option) for option, text in options]),
            value=value,
            on_change=lambda chosen: State.set_location_field(index, field, chosen),
        ),
        _location_error(index, field),
        spacing="1",
    )


def _location_row(row: LocationRow, index: rx.Var) -> rx.Component:
    return rx.card(
        rx.grid(
            _location_field(row.label, index, "label", _("Label (Main pool, Spa…)")),
            _location_field(row.address, index, "address", _("Address")),
            rx.vstack(
                rx.text(_("Pool type"), size="1", as_="div", aria_hidden="true"),
                rx.select.root(
                    rx.select.trigger(aria_label="Pool type " + (index + 1).to_string(), width="100%"),
                    rx.select.content(*[rx.select.item(kind, value=kind) for kind in POOL_TYPES]),
                    value=row.pool_type,
                    on_change=lambda value: State.set_location_field(index, "pool_type", value),
                ),
                _location_error(index, "pool_type"),
                spacing="1",
            ),
            _location_field(row.volume_gallons, index, "volume_gallons", _("Volume (gallons)"), inputmode="numeric"),
            _location_field(row.access_notes, index, "access_notes", _("Access notes (gate code, dog…)")),
            _location_choice(
                index,
                "service_day",
                _("Service day"),
                rx.cond(row.service_day == "", NO_SCHEDULE, row.service_day),
                [(NO_SCHEDULE, _("Not scheduled")), *((str(number), day) for number, day in enumerate(WEEKDAYS))],
            ),
            rx.cond(
                row.service_day != "",
                rx.fragment(
                    _location_choice(
                        index,
                        "every_weeks",
                        _("Every"),
                        row.every_weeks,
                        [("1", _("Every week")), ("2", _("Every other week"))],
                    ),
                    _location_field(row.service_from, index, "service_from", _("First service day"), type="date"),
                    _location_field(row.service_until, index, "service_until", _("Last day (optional)"), type="date"),
                ),
            ),
            rx.flex(
                rx.button(
                    rx.icon("trash-2", size=14),
                    _("Remove pool"),
                    on_click=State.remove_location(index),
                    variant="ghost",
                    color_scheme="red",
                    size="1",
                ),
                align="end",
            ),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="location-row",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.cond(State.is_new, _("Create customer"), _("Save changes")), on_click=State.save, id="save-customer"
        ),
        rx.cond(
            ~State.is_new,
            rx.cond(
                State.status == "archived",
                rx.button(_("Restore"), on_click=State.set_archived(False), variant="soft", id="restore-customer"),
                rx.button(
                    _("Archive"),
                    on_click=State.set_archived(True),
                    variant="soft",
                    color_scheme="gray",
                    id="archive-customer",
                ),
            ),
        ),
        rx.link(_("Back to customers"), href=routes.STAFF_CUSTOMERS, size="2"),
        align="center",
        spacing="3",
    )


def _billing_links() -> rx.Component:
    customer = State.customer_id.to_string()
    return rx.cond(
        ~State.is_new,
        rx.hstack(
            invite_button(InviteState.open_for_customer(State.customer_id)),
            rx.link(_("Invoices"), href=routes.STAFF_INVOICES + "?customer=" + customer, id="customer-invoices"),
            rx.link(
                _("New invoice"), href=routes.STAFF_INVOICE_NEW + "?customer=" + customer, id="customer-new-invoice"
            ),
            rx.link(_("Quotes"), href=routes.STAFF_QUOTES + "?customer=" + customer, id="customer-quotes"),
            rx.link(_("New quote"), href=routes.STAFF_QUOTE_NEW + "?customer=" + customer, id="customer-new-quote"),
            rx.link(_("Visits"), href=routes.STAFF_VISITS + "?customer=" + customer, id="customer-visits"),
            rx.link(
                _("Record a visit"), href=routes.STAFF_VISIT_NEW + "?customer=" + customer, id="customer-new-visit"
            ),
            spacing="4",
            align="center",
            wrap="wrap",
        ),
    )


def _editor() -> rx.Component:
    return rx.vstack(
        _billing_links(),
        invite_dialog(),
        rx.cond(
            State.status == "archived",
            rx.callout(_("This customer is archived."), icon="archive", color_scheme="gray", id="archived-banner"),
        ),
        rx.cond(
            State.autopay != "",
            rx.callout(rx.text(_("AutoPay is on: "), State.autopay), icon="credit-card", id="autopay-banner"),
        ),
        form_banner(State.form_error),
        rx.heading(_("Contact"), size="4", as_="h2"),
        _contact(),
        rx.heading(_("Email addresses"), size="4", as_="h2"),
        rx.text(
            _("Each address gets its own portal login. Only addresses with Send Invoices see invoices."),
            size="2",
            color=rx.color("gray", 11),
        ),
        error_text(State.field_errors.get("emails", "")),
        rx.foreach(State.emails, _email_row),
        rx.button(
            rx.icon("plus", size=14), _("Add email"), on_click=State.add_email, variant="soft", size="1", id="add-email"
        ),
        rx.heading(_("Pools (service locations)"), size="4", as_="h2"),
        rx.foreach(State.locations, _location_row),
        rx.button(
            rx.icon("plus", size=14),
            _("Add pool"),
            on_click=State.add_location,
            variant="soft",
            size="1",
            id="add-pool",
        ),
        labeled(
            _("Language for the invite and emails"),
            rx.el.select(
                *[rx.el.option(name, value=code) for code, name in LANGUAGES.items()],
                value=State.language,
                on_change=State.set_language,
                id="customer-language",
                aria_describedby="customer-language-hint",
            ),
            html_for="customer-language",
        ),
        rx.text(
            _("Until the customer chooses their own in the portal."),
            size="1",
            color=rx.color("gray", 11),
            id="customer-language-hint",
        ),
        labeled(
            _("Notes (office only)"),
            rx.text_area(value=State.notes, on_change=State.set_notes, id="customer-notes", width="100%", rows="3"),
            html_for="customer-notes",
            error=State.field_errors.get("notes", ""),
        ),
        _actions(),
        rx.cond(~State.is_new, customer_emails(State.emails_sent.addresses, State.emails_sent.history)),
        spacing="3",
        width="100%",
        max_width="960px",
    )


def staff_customer_edit_page() -> rx.Component:
    return staff_shell(
        _("Customer"),
        rx.cond(
            State.not_found,
            rx.vstack(
                rx.text(_("That customer does not exist."), id="customer-not-found"),
                rx.link(_("Back to customers"), href=routes.STAFF_CUSTOMERS),
            ),
            _editor(),
        ),
    )
