"""What the browser is sent when handling one of its events raised: during a database or Redis outage, the
"can't reach our records" page (api/unavailable.py), which comes back to this page by itself; otherwise Reflex's
own answer (a toast, and the traceback in the log)."""

import json

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex_base.event import EventSpec

from customer_portal import routes
from customer_portal.outages import outage_of

# A whole-page load (not the client-side router, which knows only Reflex's pages); `back` is the page it was on.
_GO_TO_UNAVAILABLE = (
    f"window.location.assign({json.dumps(routes.API_UNAVAILABLE)} + '?back=' + "
    "encodeURIComponent(window.location.pathname + window.location.search))"
)


def answer_backend_exception(exception: Exception) -> EventSpec:
    outage = outage_of(exception)
    if outage is None:
        return default_backend_exception_handler(exception)
    outage.failed(exception)
    return rx.call_script(_GO_TO_UNAVAILABLE)
