"""The Starlette app Reflex mounts its own routes under (api_transformer)."""

from __future__ import annotations

import redis
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from customer_portal import metrics, routes
from customer_portal.api import email_links, portal_files, readiness, session_cookies, stripe_webhook, unavailable
from customer_portal.api.photos import serve_photo, serve_request_photo
from customer_portal.models.types import LARGEST_INTEGER
from customer_portal.services.company import company_profile


async def health(_request: Request) -> JSONResponse:
    """Liveness: the worker answers. Whether it can serve customers is /api/ready."""
    return JSONResponse({"status": "ok"})


async def logo(_request: Request) -> Response:
    """The company logo is public: it brands the sign-in pages and emails."""
    path = company_profile.logo_file()
    if path is None:
        return PlainTextResponse("Not found", status_code=404)
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "public, max-age=300"})


def digits_at_most(limit: int) -> str:
    """A regular expression for the decimal numbers from 0 to `limit` (leading zeros allowed below its length)."""
    text = str(limit)
    shorter = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    same_length = []
    for position, digit in enumerate(map(int, text)):
        lowest = 1 if position == 0 and len(text) > 1 else 0  # a longer number does not start with 0
        if digit > lowest:
            rest = len(text) - position - 1
            same_length.append(f"{text[:position]}[{lowest}-{digit - 1}][0-9]{{{rest}}}")
    return "|".join([*shorter, *same_length, text])


class RowIdConvertor(Convertor[int]):
    """A path segment that is a database id: a number an integer column can hold. A larger one (a 23-digit "id",
    or 2147483648) matches no route and is a plain 404, instead of an error from the database."""

    regex = f"(?:{digits_at_most(LARGEST_INTEGER)})"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("row_id", RowIdConvertor())


# A database or Redis outage inside a route answers with the "can't reach our records" page, 503.
OUTAGE_ERRORS = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)


def build_api() -> Starlette:
    return Starlette(
        exception_handlers=dict.fromkeys(OUTAGE_ERRORS, unavailable.answer_outage),
        routes=[
            Route(routes.API_HEALTH, health, methods=["GET"]),
            Route(routes.API_READY, readiness.ready, methods=["GET"]),
            Route(routes.API_METRICS, metrics.metrics, methods=["GET"]),
            Route(routes.API_UNAVAILABLE, unavailable.unavailable, methods=["GET"]),
            Route(routes.STRIPE_WEBHOOK, stripe_webhook.receive, methods=["POST"]),
            Route(routes.API_LOGO, logo, methods=["GET"]),
            Route(routes.API_INVOICE_PDF, portal_files.invoice_pdf, methods=["GET"]),
            Route(routes.API_STATEMENT_PDF, portal_files.statement_pdf, methods=["GET"]),
            Route(routes.API_RECEIPT_PDF, portal_files.receipt_pdf, methods=["GET"]),
            Route(routes.API_PHOTO, serve_photo, methods=["GET"]),
            Route(routes.API_PHOTO_THUMBNAIL, serve_photo, methods=["GET"]),
            Route(routes.API_REQUEST_PHOTO, serve_request_photo, methods=["GET"]),
            Route(routes.API_REQUEST_PHOTO_THUMBNAIL, serve_request_photo, methods=["GET"]),
            Route(routes.API_SESSION_BEGIN, session_cookies.begin, methods=["GET"]),
            Route(routes.API_SESSION_END, session_cookies.end, methods=["GET"]),
            Route(routes.API_UNSUBSCRIBE, email_links.one_click_unsubscribe, methods=["POST"]),
            Route(routes.API_UNSUBSCRIBE, email_links.unsubscribe_page, methods=["GET"]),
            Route(routes.API_EMAIL_PHOTO, email_links.email_photo, methods=["GET"]),
        ],
    )
