"""Every registered page evaluates and renders: a broken component fails here, not in the browser."""

import pytest

from customer_portal.customer_portal import app

ROUTES = sorted(app._unevaluated_pages)


def test_the_app_has_its_pages():
    assert {"index", "staff", "staff/customers", "staff/customers/[customer_id]"} <= set(ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_page_compiles(route):
    app._compile_page(route)
    assert app._pages[route].render()
