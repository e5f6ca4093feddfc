"""Page shells: the centred card of sign-in pages and the staff shell with its navigation."""

from __future__ import annotations

import reflex as rx

from customer_portal.pages import routes
from customer_portal.state.base import AuthState
from customer_portal.state.staff import StaffState

STAFF_NAVIGATION = (
    ("Home", routes.STAFF_HOME, "house"),
    ("Customers", routes.STAFF_CUSTOMERS, "users"),
    ("Invoices", routes.STAFF_INVOICES, "receipt"),
    ("Quotes", routes.STAFF_QUOTES, "file-text"),
    ("Service visits", routes.STAFF_VISITS, "droplets"),
    ("Settings", routes.STAFF_SETTINGS, "settings"),
    ("Outbox", routes.STAFF_OUTBOX, "mail"),
    ("Audit log", routes.STAFF_AUDIT_LOG, "scroll-text"),
)


def whole_page_load() -> rx.Component:
    """Signing in or out ends with the browser loading a server route as a whole page, the only way to set or
    clear an HttpOnly cookie: a refresh element does it without any script (the page's CSP allows none
    inline), and the link is there should a browser ignore it."""
    target = AuthState.page_load_target
    return rx.cond(
        target != "",
        rx.fragment(
            rx.el.meta(http_equiv="refresh", content="0;url=" + target),
            rx.text("One moment… ", rx.el.a("Continue", href=target), size="2", id="page-load-pending"),
        ),
    )


def centered_card(*children: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(whole_page_load(), *children, spacing="4", width="100%"),
            width="100%",
            max_width="420px",
            size="3",
        ),
        min_height="100vh",
        padding="1rem",
        background_color=rx.color("gray", 2),
    )


def _nav_link(label: str, href: str, icon: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(label), align="center", spacing="2"),
        href=href,
        padding="0.5rem 0.75rem",
        border_radius="6px",
        color=rx.color("gray", 12),
        underline="none",
        _hover={"background_color": rx.color("accent", 3)},
        id=f"nav-{href.rsplit('/', 1)[-1] or 'home'}",
    )


def _navigation() -> rx.Component:
    return rx.flex(
        *[_nav_link(label, href, icon) for label, href, icon in STAFF_NAVIGATION],
        direction=rx.breakpoints(initial="row", md="column"),
        wrap="wrap",
        gap="1",
        aria_label="Staff navigation",
        role="navigation",
    )


def _top_bar() -> rx.Component:
    return rx.hstack(
        rx.text("Pool Portal · Office", size="4", weight="bold"),
        rx.spacer(),
        rx.text(StaffState.staff_name, size="2", color=rx.color("gray", 11), id="staff-name"),
        rx.button("Sign out", on_click=StaffState.sign_out, variant="soft", size="2", id="sign-out"),
        align="center",
        width="100%",
        padding="0.75rem 1rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
    )


def staff_shell(title: str, *children: rx.Component) -> rx.Component:
    """Every staff page: content appears only once the session check has named a staff member."""
    return rx.box(
        whole_page_load(),
        _top_bar(),
        rx.flex(
            rx.box(_navigation(), padding="1rem", min_width=rx.breakpoints(initial="auto", md="220px")),
            rx.box(
                rx.heading(title, size="6", margin_bottom="1rem", as_="h1"),
                rx.cond(
                    StaffState.is_signed_in,
                    rx.fragment(*children),
                    rx.text("Checking your session…", color=rx.color("gray", 11)),
                ),
                padding="1rem",
                flex="1",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
        ),
        min_height="100vh",
    )
