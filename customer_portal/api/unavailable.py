"""What customers and staff see while the database or Redis cannot be reached (outages.py): a plain page from
the server, which needs neither the websocket nor any stored state, so it works whichever of the two is down. It
tries the page the person was on again every 30 seconds, and has a button to try at once."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse

from customer_portal import routes
from customer_portal.outages import outage_of

RETRY_SECONDS = 30
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry};url={back}">
<title>Back in a minute</title>
</head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1c2024">
<main>
<h1 style="font-size: 1.5rem">We can't reach our records right now</h1>
<p>Please try again in a minute. Nothing you have already saved is lost; this page tries again by itself.</p>
<p><a id="try-again" href="{back}" style="display: inline-block; padding: 0.6rem 1rem; background: #3e63dd;
color: #fff; border-radius: 6px; text-decoration: none">Try again</a></p>
</main>
</body>
</html>
"""


def unavailable_page(back: str = routes.HOME, *, status_code: int = 503) -> HTMLResponse:
    target = html.escape(routes.local_path(back[:2000]), quote=True)
    return HTMLResponse(
        _PAGE.format(retry=RETRY_SECONDS, back=target),
        status_code=status_code,
        headers={"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"},
    )


async def unavailable(request: Request) -> HTMLResponse:
    """Where a page sends the browser when one of its events met an outage (state/backend_errors.py). The page
    itself is served fine: 200; the routes that failed answered 503 themselves."""
    return unavailable_page(request.query_params.get("back", ""), status_code=200)


async def answer_outage(request: Request, error: Exception) -> HTMLResponse:
    """Starlette's handler for an outage inside an HTTP route (a PDF, a photo, a webhook: Stripe delivers again
    after any non-2xx answer)."""
    if (outage := outage_of(error)) is not None:
        outage.failed(error)
    return unavailable_page(request.url.path)
