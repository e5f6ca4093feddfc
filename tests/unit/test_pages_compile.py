"""Every registered page evaluates and renders: a broken component fails here, not in the browser."""

import re

import pytest

from customer_portal.customer_portal import app
from tests.page_routes import page_routes

ROUTES = sorted(app._unevaluated_pages)


def test_the_app_has_its_pages():
    assert {"index", "staff", "staff/customers", "staff/customers/[customer_id]"} <= set(ROUTES)


# `gap="3"` on rx.flex or rx.grid is not Radix's spacing scale but the CSS `gap: 3`, which browsers ignore: the
# controls touch. Reflex's name for the scale is `spacing`.
CSS_GAP_WITHOUT_UNIT = re.compile(r'\["gap"\] : "\d+"')


@pytest.mark.parametrize("route", ROUTES)
def test_page_compiles(route):
    app._compile_page(route)
    assert app._pages[route].render()
    assert not CSS_GAP_WITHOUT_UNIT.search(str(app._pages[route])), "use spacing=, not gap=, on rx.flex and rx.grid"


def test_every_page_has_its_route_in_the_routes_module():
    """The browser tests walk the routes module's pages (tests/page_routes.py): each registered page must be there."""
    registered = {"/" if route == "index" else "/" + route for route in app._unevaluated_pages}
    assert set(page_routes()) == registered
