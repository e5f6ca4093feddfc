"""GET /api/photos/{id} and /api/photos/{id}/thumbnail: visit photos, only for those allowed to see them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.services.visits.photo_access import photo_file_for_viewer


def _find(photo_id: int, thumbnail: bool, staff_token: str, customer_token: str) -> Path | None:
    with session_scope() as session:
        return photo_file_for_viewer(
            session, photo_id=photo_id, thumbnail=thumbnail, staff_token=staff_token, customer_token=customer_token
        )


async def serve_photo(request: Request) -> Response:
    path = await asyncio.to_thread(
        _find,
        request.path_params["photo_id"],
        request.url.path.endswith("/thumbnail"),
        request.cookies.get(STAFF_SESSION_COOKIE, ""),
        request.cookies.get(CUSTOMER_SESSION_COOKIE, ""),
    )
    if path is None:
        # The same answer for "no such photo" and "not yours": nothing to learn by guessing ids.
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
