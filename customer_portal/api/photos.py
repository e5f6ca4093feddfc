"""GET /api/photos/{id}[/thumbnail] (visit photos) and /api/request-photos/{id}[/thumbnail] (photos a customer sent
with a service request): each only for those allowed to see it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.services.visits import service_requests
from customer_portal.services.visits.photo_access import photo_file_for_viewer


class PhotoFinder(Protocol):
    def __call__(
        self, session: Session, *, photo_id: int, thumbnail: bool, staff_token: str, customer_token: str
    ) -> Path | None: ...


def _serving(find: PhotoFinder) -> Callable[[Request], Awaitable[Response]]:
    def located(photo_id: int, thumbnail: bool, staff_token: str, customer_token: str) -> Path | None:
        with session_scope() as session:
            return find(
                session, photo_id=photo_id, thumbnail=thumbnail, staff_token=staff_token, customer_token=customer_token
            )

    async def serve(request: Request) -> Response:
        path = await asyncio.to_thread(
            located,
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

    return serve


serve_photo = _serving(photo_file_for_viewer)
serve_request_photo = _serving(service_requests.photo_file)
