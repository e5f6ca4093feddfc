"""Page shells: the centred card of sign-in pages and the staff shell with its navigation. Every page has a
"Skip to content" link first and its content in one `<main>`, so keyboard and screen-reader users reach it
directly."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.i18n import N_, _
from customer_portal.state.base import AuthState
from customer_portal.state.staff import StaffState

STAFF_NAVIGATION = (
    (N_("Home"), routes.STAFF_HOME, "house"),
    (N_("Customers"), routes.STAFF_CUSTOMERS, "users"),
    (N_("Invoices"), routes.STAFF_INVOICES, "receipt"),
    (N_("Quotes"), routes.STAFF_QUOTES, "file-text"),
    (N_("Service visits"), routes.STAFF_VISITS, "droplets"),
    (N_("Schedule"), routes.STAFF_SCHEDULE, "calendar-days"),
    (N_("Requests"), routes.STAFF_REQUESTS, "inbox"),
    (N_("Settings"), routes.STAFF_SETTINGS, "settings"),
    (N_("Outbox"), routes.STAFF_OUTBOX, "mail"),
    (N_("Audit log"), routes.STAFF_AUDIT_LOG, "scroll-text"),
    (N_("My account"), routes.STAFF_ACCOUNT, "user-round"),
)


def plain_link(*children: rx.Component | str, href: str | rx.Var, **props) -> rx.Component:
    """An `<a>` the browser follows itself. `rx.el.a` is React Router's Link, which navigates inside the app: a
    server route (the session cookie's) would not be loaded, and "#main" would be taken as "/#main"."""
    return rx.el.elements.a(*children, href=href, **props)


def whole_page_load() -> rx.Component:
    """Signing in or out ends with the browser loading a server route as a whole page, the only way to set or
    clear an HttpOnly cookie: a refresh element does it without any script (the page's CSP allows none
    inline), and the link is there should a browser ignore it."""
    target = AuthState.page_load_target
    return rx.cond(
        target != "",
        rx.fragment(
            rx.el.meta(http_equiv="refresh", content="0;url=" + target),
            rx.text(_("One moment…"), " ", plain_link(_("Continue"), href=target), size="2", id="page-load-pending"),
        ),
    )


MAIN_ID = "main"


def skip_link() -> rx.Component:
    """Out of sight until a keyboard user tabs to it: the first stop on every page, straight past the header."""
    return plain_link(
        _("Skip to content"),
        href="#" + MAIN_ID,
        id="skip-link",
        position="absolute",
        left="-10000px",
        top="0.5rem",
        z_index="10",
        padding="0.5rem 0.75rem",
        border_radius="6px",
        background_color=rx.color("accent", 9),
        color="var(--accent-contrast)",  # white on the office's indigo; the portal sets its own
        _focus={"left": "0.5rem"},
    )


def main_content(*children: rx.Component, **props) -> rx.Component:
    """The page's one `<main>`, which the skip link moves focus to."""
    return rx.el.main(*children, id=MAIN_ID, tab_index=-1, outline="none", **props)


def centered_card(*children: rx.Component) -> rx.Component:
    return rx.fragment(
        skip_link(),
        main_content(
            rx.center(
                rx.card(
                    rx.vstack(whole_page_load(), *children, spacing="4", width="100%"),
                    width="100%",
                    max_width="420px",
                    size="3",
                ),
                min_height="100vh",
                padding="1rem",
                background_color=rx.color("gray", 2),
            ),
        ),
    )


def _is_current(href: str) -> rx.Var:
    route = StaffState.router.route_id
    # Home is the prefix of every office route; the other sections own their sub-pages (a customer, a new invoice).
    return route == href if href == routes.STAFF_HOME else route.startswith(href)


def _nav_link(label: str, href: str, icon: str) -> rx.Component:
    current = _is_current(href)
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(_(label)), align="center", spacing="2"),
        href=href,
        aria_current=rx.cond(current, "page", "false"),
        padding="0.625rem 0.75rem",
        border_radius="6px",
        white_space="nowrap",
        color=rx.color("gray", 12),
        background_color=rx.cond(current, rx.color("accent", 4), "transparent"),
        underline="none",
        _hover={"background_color": rx.color("accent", 3)},
        id=f"nav-{href.rsplit('/', 1)[-1] or 'home'}",
    )


def _navigation() -> rx.Component:
    """A sidebar on a desk; on a phone one row under the header that scrolls sideways, so the page starts near
    the top of the screen instead of below eight stacked links."""
    return rx.el.nav(
        rx.flex(
            *[_nav_link(label, href, icon) for label, href, icon in STAFF_NAVIGATION],
            direction=rx.breakpoints(initial="row", md="column"),
            spacing="1",
        ),
        aria_label=_("Office"),
        overflow_x="auto",
        padding=rx.breakpoints(initial="0.5rem", md="1rem"),
        border_bottom=rx.breakpoints(initial=f"1px solid {rx.color('gray', 5)}", md="none"),
        min_width=rx.breakpoints(initial="0", md="220px"),
        flex_shrink="0",
    )


def _top_bar() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.text(_("Pool Portal · Office"), size="4", weight="bold", white_space="nowrap"),
            rx.spacer(),
            rx.text(
                StaffState.staff_name,
                size="2",
                color=rx.color("gray", 11),
                id="staff-name",
                display=rx.breakpoints(initial="none", sm="block"),
            ),
            rx.button(_("Sign out"), on_click=StaffState.sign_out, variant="soft", size="2", id="sign-out"),
            align="center",
            width="100%",
            padding="0.75rem 1rem",
            border_bottom=f"1px solid {rx.color('gray', 5)}",
        ),
    )


def staff_shell(title: str, *children: rx.Component) -> rx.Component:
    """Every staff page: content appears only once the session check has named a staff member."""
    return rx.box(
        skip_link(),
        _top_bar(),
        rx.flex(
            _navigation(),
            main_content(
                whole_page_load(),
                rx.heading(title, size="6", margin_bottom="1rem", as_="h1"),
                rx.cond(
                    StaffState.is_signed_in,
                    rx.fragment(*children),
                    rx.text(_("Checking your session…"), color=rx.color("gray", 11)),
                ),
                padding="1rem",
                flex="1",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
        ),
        min_height="100vh",
    )
