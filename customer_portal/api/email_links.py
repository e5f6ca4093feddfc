"""Links in emails that work without signing in: one-click unsubscribe (RFC 8058) and a visit report's photos."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from customer_portal import routes
from customer_portal.db import session_scope
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.services.company.company import company_time_zone
from customer_portal.services.errors import ServiceError
from customer_portal.services.messaging import preferences
from customer_portal.services.portal.portal_settings import get_portal_settings
from customer_portal.services.visits.photo_access import email_thumbnail_file

_NO_STORE = {"Cache-Control": "no-store"}


def _unsubscribe(token: str) -> bool:
    with session_scope() as session:
        try:
            preferences.unsubscribe(session, token=token)
        except ServiceError:
            return False
        return True


async def one_click_unsubscribe(request: Request) -> Response:
    """What a mail client sends for its Unsubscribe button: a POST of `List-Unsubscribe=One-Click`, no cookies,
    no page to read. The signed token alone says which address and which kind of email."""
    done = await asyncio.to_thread(_unsubscribe, request.path_params["token"])
    if not done:
        return PlainTextResponse("This unsubscribe link is not valid.", status_code=404, headers=_NO_STORE)
    return PlainTextResponse("Unsubscribed.", headers=_NO_STORE)


def _portal_slug() -> str:
    with session_scope() as session:
        return get_portal_settings(session).slug


async def unsubscribe_page(request: Request) -> Response:
    """A person who opens the link is shown a page with a button: a GET changes nothing, because mail scanners
    open every link in a message before anyone reads it."""
    slug = await asyncio.to_thread(_portal_slug)
    if not slug:
        return PlainTextResponse("This unsubscribe link is not valid.", status_code=404, headers=_NO_STORE)
    target = routes.portal_path(slug, "unsubscribe") + "?" + urlencode({"token": request.path_params["token"][:200]})
    return RedirectResponse(target, status_code=303, headers=_NO_STORE)


def _photo(token: str) -> Path | None:
    with session_scope() as session:
        return email_thumbnail_file(session, token=token, today=local_day(utcnow(), company_time_zone(session)))


async def email_photo(request: Request) -> Response:
    path = await asyncio.to_thread(_photo, request.path_params["token"])
    if path is None:
        return PlainTextResponse("Not found", status_code=404, headers=_NO_STORE)
    return FileResponse(
        path,
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
