"""Staff: Settings > Customer Portal (the seed's steps 1-7) and Settings > Company."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.email_preview import email_preview, wording_language
from customer_portal.components.forms import file_drop, labeled
from customer_portal.components.layout import staff_shell
from customer_portal.domain.formatting import country_names
from customer_portal.i18n import N_, _
from customer_portal.pages.staff_settings_payments import payments_section
from customer_portal.state.settings import LOGO_UPLOAD_ID
from customer_portal.state.settings import SettingsState as State

SECTIONS = (
    ("include_invoices", N_("Invoices"), N_("Invoices, the billing statement and Pay Now.")),
    ("include_payments", N_("Payments"), N_("Payments made and their receipts.")),
    ("include_payment_methods", N_("Payment methods and AutoPay"), N_("Saving a card and turning AutoPay on.")),
    ("include_quotes", N_("Quotes"), N_("Quotes sent, with Approve, Reject and Ask a question.")),
    ("include_service_history", N_("Service history"), N_("Completed visits in a date range.")),
    ("include_technician_notes", N_("· Technician notes"), N_("The technician's notes for the customer.")),
    ("include_photos", N_("· Photos"), N_("Photos taken at each visit.")),
    ("include_water_readings", N_("· Water readings"), N_("Chemistry readings with their ideal ranges and a chart.")),
    (
        "include_service_requests",
        N_("Service requests"),
        N_("Reporting a problem (green water, a leak, equipment) with photos; you reply, schedule or quote."),
    ),
    ("include_contact_us", N_("Contact Us"), N_("Your phone, email, address and hours, and a message form.")),
)


def _error(name: str) -> rx.Var:
    return State.field_errors.get(name, "")


def _switch(name: str, label: str, description: str) -> rx.Component:
    return rx.hstack(
        rx.switch(
            checked=State.portal[name].to(bool),
            on_change=lambda checked: State.set_portal_field(name, checked),
            disabled=~State.is_owner,
            id=f"switch-{name}",
            aria_label=label,
        ),
        rx.vstack(
            rx.text(label, weight="medium", size="2"),
            rx.text(description, size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        align="start",
        spacing="3",
    )


def _portal_text(name: str, label: str, **props) -> rx.Component:
    return labeled(
        label,
        rx.input(
            value=State.portal[name].to(str),
            on_change=lambda value: State.set_portal_field(name, value),
            id=f"portal-{name}",
            read_only=~State.is_owner,
            width="100%",
            **props,
        ),
        html_for=f"portal-{name}",
        error=_error(name),
    )


def _portal_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_("Customer Portal"), size="4", as_="h2"),
                rx.cond(State.has_unsaved_changes, rx.badge(_("Unsaved changes"), color_scheme="amber", id="unsaved")),
                align="center",
            ),
            _switch("enabled", _("Customer portal is on"), _("Customers can sign in and invites can be sent.")),
            _portal_text("slug", _("Web address (portal name)"), placeholder="bluewater"),
            rx.cond(
                State.portal_address != "",
                rx.hstack(
                    rx.code(State.portal_address, id="portal-address"),
                    rx.icon_button(
                        rx.icon("copy", size=14),
                        on_click=rx.set_clipboard(State.portal_address),
                        variant="ghost",
                        aria_label=_("Copy the portal address"),
                    ),
                    align="center",
                ),
            ),
            rx.text(
                _("Lowercase letters, digits and hyphens. If you change it later, the old address keeps working."),
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.heading(_("Included in Portal"), size="3", as_="h3"),
            *[_switch(name, _(label), _(description)) for name, label, description in SECTIONS],
            rx.heading(_("Invite email"), size="3", as_="h3"),
            rx.grid(
                _portal_text("invite_sender_name", _("Sender name (default: company name)")),
                _portal_text("invite_reply_to", _("Reply-to address"), type="email"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            wording_language(
                State.portal["invite_language"].to(str), State.choose_invite_language, id="invite-language"
            ),
            _portal_text("invite_subject", _("Subject")),
            labeled(
                _("Message"),
                rx.text_area(
                    value=State.portal["invite_body"].to(str),
                    on_change=lambda value: State.set_portal_field("invite_body", value),
                    id="portal-invite_body",
                    read_only=~State.is_owner,
                    rows="10",
                    width="100%",
                ),
                html_for="portal-invite_body",
                error=_error("invite_body"),
            ),
            rx.text(
                _("Placeholders: {names}").format(
                    names="{customer_name} {company_name} {portal_url} {create_login_link}"
                ),
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.cond(State.template_warning != "", rx.text(State.template_warning, color=rx.color("red", 11), size="2")),
            rx.card(
                rx.text(_("Preview with sample data"), size="1", color=rx.color("gray", 11)),
                rx.text(State.preview_subject, weight="bold", id="preview-subject"),
                rx.text(State.preview_body, white_space="pre-wrap", size="2", id="preview-body"),
                width="100%",
                variant="surface",
            ),
            rx.el.details(
                rx.el.summary(_("As an email app shows it"), style={"cursor": "pointer", "font_size": "0.875rem"}),
                email_preview(State.preview_html, title=_("Invite email preview"), id="invite-preview-html"),
                width="100%",
            ),
            rx.hstack(
                rx.button(_("Save"), on_click=State.save_portal, disabled=~State.is_owner, id="save-portal"),
                rx.button(_("Send Preview"), on_click=State.send_preview, variant="soft", id="send-preview"),
                rx.button(
                    _("Restore default"),
                    on_click=State.restore_default_invite,
                    variant="ghost",
                    disabled=~State.is_owner,
                    id="restore-default",
                ),
                wrap="wrap",
            ),
            rx.cond(State.notice != "", rx.callout(State.notice, icon="mail", id="settings-notice")),
            rx.cond(
                ~State.is_owner,
                rx.text(_("Only the account owner can change these settings."), size="2", color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _company_text(name: str, label: str, **props) -> rx.Component:
    return labeled(
        label,
        rx.input(
            value=State.company[name],
            on_change=lambda value: State.set_company_field(name, value),
            id=f"company-{name}",
            read_only=~State.is_owner,
            width="100%",
            **props,
        ),
        html_for=f"company-{name}",
        error=_error(f"company.{name}"),
    )


def _company_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Company"), size="4", as_="h2"),
            rx.text(
                _("Shown on Contact Us, in emails and as the portal's branding."), size="2", color=rx.color("gray", 11)
            ),
            rx.grid(
                _company_text("name", _("Company name")),
                _company_text("phone", _("Phone"), type="tel"),
                _company_text("email", _("Email"), type="email"),
                _company_text("website", _("Website"), placeholder="https://"),
                _company_text("address", _("Address")),
                _company_text("hours", _("Hours")),
                _company_text("accent_color", _("Accent colour"), placeholder="#0e7490"),
                _company_text("time_zone", _("Time zone"), placeholder="America/Phoenix"),
                labeled(
                    _("Country (how dates and money are written; Letter or A4 paper)"),
                    rx.el.select(
                        *(rx.el.option(name, value=code) for code, name in country_names()),
                        value=State.company["country"],
                        on_change=lambda value: State.set_company_field("country", value),
                        disabled=~State.is_owner,
                        id="company-country",
                        style={"width": "100%", "height": "2rem", "border_radius": "4px"},
                    ),
                    html_for="company-country",
                    error=_error("company.country"),
                ),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.button(
                _("Save company details"), on_click=State.save_company, disabled=~State.is_owner, id="save-company"
            ),
            rx.heading(_("Logo"), size="3", as_="h3"),
            rx.cond(State.has_logo, rx.image(src=routes.API_LOGO, alt=_("Company logo"), max_height="64px")),
            file_drop(
                _("Company logo"),
                rx.text(_("Drop a logo (PNG, JPEG or WebP) or click to choose"), size="2"),
                id=LOGO_UPLOAD_ID,
                accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]},
                max_files=1,
                border=f"1px dashed {rx.color('gray', 8)}",
                padding="0.75rem",
                width="100%",
            ),
            rx.button(
                _("Upload logo"),
                on_click=State.upload_logo(rx.upload_files(upload_id=LOGO_UPLOAD_ID)),
                variant="soft",
                disabled=~State.is_owner,
            ),
            rx.text(_error("company.logo"), color=rx.color("red", 11), size="2"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _notifications_link() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.heading(_("Notifications"), size="4", as_="h2"),
                rx.text(
                    _("New invoices and quotes, visit reports, payment reminders, AutoPay and expiring card notices."),
                    size="2",
                ),
                spacing="1",
            ),
            rx.spacer(),
            rx.link(rx.button(_("Set up notifications"), variant="soft"), href=routes.STAFF_NOTIFICATIONS),
            align="center",
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        id="settings-notifications",
    )


def _team_link() -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.heading(_("Team"), size="4", as_="h2"),
                rx.text(_("Invite office staff, choose who is an owner, deactivate someone who left."), size="2"),
                spacing="1",
            ),
            rx.spacer(),
            rx.link(rx.button(_("Manage the team"), variant="soft", id="manage-team"), href=routes.STAFF_TEAM),
            align="center",
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        id="settings-team",
    )


def staff_settings_page() -> rx.Component:
    return staff_shell(
        _("Settings"),
        rx.vstack(
            _portal_section(),
            _notifications_link(),
            rx.cond(State.is_owner, _team_link()),
            payments_section(),
            _company_section(),
            spacing="4",
            width="100%",
            max_width="960px",
        ),
    )
