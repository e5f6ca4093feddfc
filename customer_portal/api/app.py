"""The Starlette app Reflex mounts its own routes under (api_transformer)."""

from __future__ import annotations

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from customer_portal.api.photos import serve_photo
from customer_portal.db import get_engine
from customer_portal.pages import routes


async def health(_request: Request) -> JSONResponse:
    """Liveness plus a database round trip, for load balancers and the test harness."""
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route(routes.API_HEALTH, health, methods=["GET"]),
            Route(routes.API_PHOTO, serve_photo, methods=["GET"]),
            Route(routes.API_PHOTO_THUMBNAIL, serve_photo, methods=["GET"]),
        ]
    )
