"""The only place session cookies are written: HttpOnly, so no script on any page can read them.

Sign-in and sign-out happen over the websocket, which cannot set an HttpOnly cookie. The state hands the
browser a one-time code and has it load `GET /api/session/begin` as a whole page; this route redeems the code,
answers with `Set-Cookie` (and, after a staff member's code with "remember this browser" ticked, the 30-day
remembered-browser cookie) and sends the browser on. Signing out revokes the session first, then loads
`GET /api/session/end`, which only clears the cookie. The next page load opens a new websocket whose handshake
carries the cookie, which is where the states read it (`AuthState`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from customer_portal import routes
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_REMEMBERED_BROWSER_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.domain.clock import utcnow
from customer_portal.models import SessionKind, UserSession
from customer_portal.services.accounts import remembered_browsers, sessions
from customer_portal.settings import settings

# Which cookie a "sign out" clears; the browser names a kind, never a cookie.
COOKIE_FOR_KIND = {"staff": STAFF_SESSION_COOKIE, "portal": CUSTOMER_SESSION_COOKIE}
_CODE_LIMIT = 100


def cookie_for(row: UserSession) -> str:
    """A staff member's "view as customer" session opens the portal, so it lives in the portal's cookie."""
    if row.kind == SessionKind.STAFF and row.viewing_customer_email_id is None:
        return STAFF_SESSION_COOKIE
    return CUSTOMER_SESSION_COOKIE


def _onward(request: Request) -> RedirectResponse:
    target = routes.local_path(request.query_params.get("next", "")[:2000])
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class _Claimed:
    cookie: str
    token: str
    remembered_browser: str  # a new "remember this browser" token, or ""


def _claim(code: str, user_agent: str) -> _Claimed | None:
    with session_scope() as session:
        claimed = sessions.claim_handoff(session, code=code, user_agent=user_agent)
        if claimed is None:
            return None
        token, row = claimed
        remembered = ""
        if row.remember_browser and row.staff_user_id is not None:
            remembered = remembered_browsers.remember(
                session, staff_user_id=row.staff_user_id, user_agent=user_agent, now=utcnow()
            )
            row.remember_browser = False
            session.add(row)
        return _Claimed(cookie_for(row), token, remembered)


def _set_cookie(response: Response, name: str, value: str, max_age: timedelta) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(max_age.total_seconds()),
        path="/",
        secure=settings.uses_https,
        httponly=True,
        samesite="lax",
    )


async def begin(request: Request) -> RedirectResponse:
    response = _onward(request)
    code, user_agent = request.query_params.get("code", "")[:_CODE_LIMIT], request.headers.get("user-agent", "")
    claimed = await asyncio.to_thread(_claim, code, user_agent)
    if claimed is not None:  # an unknown or used code just goes on: the page then asks to sign in
        _set_cookie(response, claimed.cookie, claimed.token, timedelta(minutes=settings.session_absolute_minutes))
        if claimed.remembered_browser:
            _set_cookie(
                response,
                STAFF_REMEMBERED_BROWSER_COOKIE,
                claimed.remembered_browser,
                remembered_browsers.REMEMBER_FOR,
            )
    return response


async def end(request: Request) -> RedirectResponse:
    response = _onward(request)
    # Another site may link here, and a lax cookie travels with a top-level link: only our own pages (or an
    # address typed by hand) may sign a browser out.
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return response
    name = COOKIE_FOR_KIND.get(request.query_params.get("cookie", ""))
    if name is not None:
        response.delete_cookie(name, path="/", secure=settings.uses_https, httponly=True, samesite="lax")
    return response
