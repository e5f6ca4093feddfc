"""path_to fills a route's parameters, with text on the server and with Reflex Vars in a page."""

import pytest
import reflex as rx

from customer_portal import routes


class _Shown(rx.State):
    slug: str = "bluewater"
    quote_id: int = 7


def test_text_fills_page_and_api_routes():
    assert routes.path_to(routes.PORTAL_QUOTE, portal="bluewater", quote_id="7") == "/bluewater/quotes/7"
    assert routes.path_to(routes.API_INVOICE_PDF, invoice_id="12") == "/api/portal/invoices/12.pdf"
    assert routes.path_to(routes.STAFF_CUSTOMERS) == "/staff/customers"
    assert routes.staff_customer(3) == "/staff/customers/3" and routes.photo_url(5, thumbnail=True).endswith(
        "/5/thumbnail"
    )


def test_a_missing_parameter_is_an_error_not_a_broken_link():
    with pytest.raises(KeyError):
        routes.path_to(routes.PORTAL_QUOTE, portal="bluewater")


def test_vars_build_the_path_in_the_browser():
    path = routes.path_to(routes.PORTAL_QUOTE, portal=_Shown.slug, quote_id=_Shown.quote_id.to_string())
    assert isinstance(path, rx.Var)
    rendered = str(path)
    assert '"/quotes/"' in rendered and "slug" in rendered and "quote_id" in rendered
