"""Portal: the home page. On a phone, at a glance: the balance due and Pay Now (or "All paid" and the AutoPay card),
the last visit to the pool, quotes waiting for an answer, the sections, and how to reach the company."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.portal_layout import contact_block, portal_href, portal_link, portal_shell
from customer_portal.components.words import plural_parts
from customer_portal.i18n import _, parts
from customer_portal.services.portal.portal_home import NextVisit
from customer_portal.services.portal.portal_view import Tab
from customer_portal.state.portal import PortalHomeState


def _tab(tab: Tab) -> rx.Component:
    return rx.link(rx.button(tab.label, variant="soft", size="3"), href=portal_href(tab.key), id="tab-" + tab.key)


def _with_icon(icon: str, *text: rx.Var | str, color: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, flex_shrink="0"),
        rx.text(*text, size="2"),
        spacing="1",
        align="start",
        color=rx.color(color, 11),
    )


def _balance() -> rx.Component:
    home = PortalHomeState.home
    return rx.card(
        rx.vstack(
            rx.heading(_("Balance due"), size="3", as_="h2"),
            rx.cond(
                home.owes,
                rx.vstack(
                    rx.text(home.balance, size="7", weight="bold", id="home-balance"),
                    rx.cond(
                        home.can_pay,
                        rx.link(
                            rx.button(rx.icon("credit-card", size=18), _("Pay now"), size="3", width="100%"),
                            href=portal_href("pay"),
                            id="home-pay-now",
                            width="100%",
                        ),
                    ),
                    rx.link(_("See your invoices"), href=portal_href("invoices"), size="2"),
                    spacing="2",
                    width="100%",
                ),
                rx.box(_with_icon("circle-check", _("All paid — thank you."), color="grass"), id="home-all-paid"),
            ),
            rx.cond(
                home.autopay_card != "",
                rx.text(
                    *parts(_("AutoPay is on with {card}."), card=home.autopay_card),
                    size="2",
                    color=rx.color("gray", 11),
                    id="home-autopay",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="home-balance-card",
    )


def _readings() -> rx.Component:
    visit = PortalHomeState.home.last_visit
    return rx.cond(
        visit.readings_shown > 0,
        rx.cond(
            visit.out_of_range.length() == 0,
            _with_icon(
                "circle-check",
                *plural_parts(
                    visit.readings_shown,
                    "The water reading is in range",
                    "All {count} water readings in range",
                ),
                color="grass",
            ),
            _with_icon(
                "triangle-alert",
                *parts(_("Out of range: {readings}"), readings=visit.out_of_range.join(", ")),
                color="amber",
            ),
        ),
    )


def _last_visit() -> rx.Component:
    visit = PortalHomeState.home.last_visit
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.heading(_("Last visit"), size="3", as_="h2"),
                rx.text(visit.completed, " · ", visit.pool, weight="medium", id="home-last-visit"),
                rx.text(*parts(_("Technician: {name}"), name=visit.technician), size="2", color=rx.color("gray", 11)),
                _readings(),
                rx.link(
                    _("See the visit"),
                    href=portal_link(routes.PORTAL_VISIT, visit_id=visit.id.to_string()),
                    size="2",
                    id="home-visit-link",
                ),
                spacing="1",
                flex="1",
            ),
            rx.cond(
                visit.photo_id > 0,
                rx.image(
                    src=routes.path_to(routes.API_PHOTO_THUMBNAIL, photo_id=visit.photo_id.to_string()),
                    alt=_("Photo from the last visit"),
                    width="96px",
                    height="96px",
                    object_fit="cover",
                    border_radius="6px",
                    id="home-visit-photo",
                ),
            ),
            spacing="3",
            align="start",
        ),
        width="100%",
    )


def _next_visit(visit: NextVisit) -> rx.Component:
    return rx.box(
        rx.text(visit.day, weight="medium", class_name="home-next-visit"),
        rx.text(visit.pool, " · ", visit.schedule, size="2", color=rx.color("gray", 11)),
    )


def _next_visits() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Next visit"), size="3", as_="h2"),
            rx.foreach(PortalHomeState.home.next_visits, _next_visit),
            rx.link(
                _("Upcoming visits · pause service"), href=portal_href("upcoming-visits"), size="2", id="home-upcoming"
            ),
            spacing="2",
        ),
        width="100%",
        id="home-next-visits",
    )


def _quotes_waiting() -> rx.Component:
    waiting = PortalHomeState.home.quotes_waiting
    return rx.callout(
        rx.link(
            *plural_parts(waiting, "A quote is waiting for your answer", "{count} quotes are waiting for your answer"),
            href=portal_href("quotes"),
            id="home-quotes-waiting",
        ),
        icon="file-text",
        width="100%",
    )


def portal_home_page() -> rx.Component:
    state = PortalHomeState
    home = state.home
    return portal_shell(
        rx.vstack(
            rx.heading(*parts(_("Hello, {name}"), name=state.customer_name), size="6", as_="h1", id="portal-greeting"),
            rx.text(
                *parts(_("Signed in as {email}"), email=state.customer_email), size="2", color=rx.color("gray", 11)
            ),
            rx.cond(home & home.shows_balance, _balance()),
            rx.cond(home & (home.quotes_waiting > 0), _quotes_waiting()),
            rx.cond(home & (home.next_visits.length() > 0), _next_visits()),
            rx.cond(home & home.last_visit, _last_visit()),
            rx.flex(rx.foreach(state.tabs, _tab), spacing="2", wrap="wrap", role="navigation", aria_label=_("Portal")),
            rx.hstack(
                rx.link(_("Email settings"), href=portal_href("notifications"), size="2", id="home-email-settings"),
                rx.link(_("Password and devices"), href=portal_href("account"), size="2", id="home-account"),
                spacing="4",
                wrap="wrap",
            ),
            rx.card(rx.heading(_("Contact us"), size="4", as_="h2"), contact_block(), width="100%"),
            spacing="4",
            width="100%",
        )
    )
