"""The customer portal's frame: the company's branding, and what to show when the address is not a live
portal. Mobile first: one column, large touch targets."""

from __future__ import annotations

from typing import Any

import reflex as rx

from customer_portal import i18n, routes
from customer_portal.components.layout import main_content, skip_link, whole_page_load
from customer_portal.i18n import _, parts
from customer_portal.state.portal import PortalState


def portal_link(route: str, **values: Any) -> rx.Var:
    """A portal route (routes.PORTAL_...) under this portal's current address, in the language this page is
    compiled in."""
    return routes.path_to(routes.in_language(route, i18n.current_language()), portal=PortalState.slug, **values)


def portal_href(page: str | rx.Var) -> rx.Var:
    """A link to a page of this portal, under its current address, in the language this page is compiled in."""
    return portal_link(routes.PORTAL_HOME) + "/" + page


def language_switcher(**props: Any) -> rx.Component:
    """Every language the portal speaks, each in its own words; choosing one opens this page in it (and keeps
    the choice for this browser and the signed-in login)."""
    here = i18n.current_language()
    return rx.el.select(
        *[rx.el.option(name, value=code, lang=code, selected=code == here) for code, name in i18n.LANGUAGES.items()],
        on_change=PortalState.choose_language,
        aria_label=_("Language"),
        **props,
    )


def _header() -> rx.Component:
    colors = PortalState.accent
    return rx.el.header(
        rx.hstack(
            rx.cond(
                PortalState.company.has_logo,
                # A logo drawn for a white page stays on white, whatever the accent colour.
                rx.box(
                    rx.image(src=routes.API_LOGO, alt="", height="32px", width="auto"),
                    background_color="white",
                    border_radius="6px",
                    padding="2px",
                ),
            ),
            rx.text(PortalState.company.name, size="4", weight="bold", id="portal-company-name"),
            rx.spacer(),
            language_switcher(
                id="portal-language",
                class_name="portal-language",
                style={"color": colors.text, "border_color": colors.text},
            ),
            rx.cond(
                (PortalState.portal_status == "open") & (PortalState.customer_email != ""),
                rx.button(
                    _("Sign out"),
                    on_click=PortalState.sign_out,
                    variant="outline",
                    size="2",
                    id="portal-sign-out",
                    color=colors.text,
                    box_shadow="inset 0 0 0 1px " + colors.text,
                ),
            ),
            align="center",
            width="100%",
            padding="0.75rem 1rem",
            background_color=colors.color,
            color=colors.text,
        ),
    )


def accent_colors() -> dict[str, rx.Var]:
    """The company's colour for Radix's solid buttons under the portal shell (background, hover, text)."""
    colors = PortalState.accent
    return {"--accent-9": colors.color, "--accent-10": colors.hover, "--accent-contrast": colors.text}


def contact_block() -> rx.Component:
    company = PortalState.company
    return rx.vstack(
        rx.cond(
            company.phone != "", rx.link(rx.icon("phone", size=16), " ", company.phone, href="tel:" + company.phone)
        ),
        rx.cond(
            company.email != "", rx.link(rx.icon("mail", size=16), " ", company.email, href="mailto:" + company.email)
        ),
        rx.cond(
            company.address != "",
            rx.link(
                rx.icon("map-pin", size=16),
                " ",
                company.address,
                href="https://www.google.com/maps/search/?api=1&query=" + company.address,
                is_external=True,
            ),
        ),
        rx.cond(company.hours != "", rx.text(rx.icon("clock", size=16), " ", company.hours, size="2")),
        rx.cond(company.website != "", rx.link(company.website, href=company.website, is_external=True)),
        spacing="2",
        id="contact-block",
    )


def _unavailable(title: str, text: str) -> rx.Component:
    return rx.vstack(rx.heading(title, size="5", as_="h1"), rx.text(text, color=rx.color("gray", 11)), spacing="3")


def _section_unavailable() -> rx.Component:
    """In place of a page the customer cannot use: what happened and the way back, nothing to press in vain."""
    return rx.vstack(
        rx.heading(PortalState.unavailable, size="5", as_="h1"),
        rx.text(
            *parts(
                _("It may be switched off, or not set up yet. If you need it, contact {company}."),
                company=PortalState.company.name,
            ),
            color=rx.color("gray", 12),
        ),
        rx.link(
            _("← Back to your portal home"),
            href=portal_link(routes.PORTAL_HOME),
            id="unavailable-home",
        ),
        spacing="3",
        id="section-unavailable",
    )


def portal_shell(*children: rx.Component) -> rx.Component:
    body = rx.match(
        PortalState.portal_status,
        ("loading", rx.text(_("Loading…"), color=rx.color("gray", 11))),
        (
            "missing",
            _unavailable(
                _("No portal here"), _("Check the address in your invitation email, or contact your pool company.")
            ),
        ),
        (
            "off",
            rx.vstack(
                _unavailable(
                    _("The customer portal is not available right now"),
                    _("Please try again later, or contact us directly:"),
                ),
                contact_block(),
                id="portal-off",
            ),
        ),
        rx.cond(PortalState.unavailable != "", _section_unavailable(), rx.fragment(*children)),
    )
    banner = rx.cond(
        PortalState.read_only,
        rx.callout(
            rx.text(
                *parts(
                    _("You are viewing the portal as {name} ({email}). Read-only: nothing can be changed here."),
                    name=PortalState.customer_name,
                    email=PortalState.customer_email,
                )
            ),
            icon="eye",
            color_scheme="amber",
            high_contrast=True,
            id="view-as-banner",
        ),
    )
    return rx.box(
        skip_link(),
        _header(),
        main_content(
            whole_page_load(),
            banner,
            rx.box(body, padding="1.25rem 1rem", max_width="720px", margin="0 auto", width="100%"),
        ),
        min_height="100vh",
        background_color=rx.color("gray", 1),
        style=accent_colors(),
        # The document says English; each page says its own language, so a screen reader reads Spanish as Spanish.
        lang=i18n.current_language(),
    )


def portal_pager(state: type) -> rx.Component:
    """Previous / page N of M / Next for any portal list built on the paging mixin."""
    return rx.hstack(
        rx.button(_("Previous"), on_click=state.go_to_page(state.page - 1), disabled=state.page <= 1, variant="soft"),
        rx.text(*parts(_("Page {page} of {pages}"), page=state.page, pages=state.pages), size="2"),
        rx.button(
            _("Next"), on_click=state.go_to_page(state.page + 1), disabled=state.page >= state.pages, variant="soft"
        ),
        align="center",
    )


def period_form(state: type, *, period: Any = None, prefix: str = "") -> rx.Component:
    """From / To dates and Show, submitted to the state's change_period; the error shows below. The dates shown
    are `period`'s start and end (a var with those fields), the state's own by default."""
    period = state if period is None else period
    start_id, end_id, show_id = (
        (f"{prefix}start", f"{prefix}end", f"{prefix}show") if prefix else ("start", "end", "statement-show")
    )
    return rx.fragment(
        rx.form(
            rx.flex(
                rx.vstack(
                    rx.el.label(_("From"), html_for=start_id),
                    rx.input(type="date", name="start", id=start_id, default_value=period.start, key=period.start),
                ),
                rx.vstack(
                    rx.el.label(_("To"), html_for=end_id),
                    rx.input(type="date", name="end", id=end_id, default_value=period.end, key=period.end),
                ),
                rx.button(_("Show"), type="submit", id=show_id),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=state.change_period,
            reset_on_submit=False,
        ),
        rx.cond(state.error != "", rx.callout(state.error, color_scheme="red", high_contrast=True, role="alert")),
    )
