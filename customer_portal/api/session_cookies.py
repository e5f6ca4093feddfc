"""The only place session cookies are written: HttpOnly, so no script on any page can read them.

Sign-in and sign-out happen over the websocket, which cannot set an HttpOnly cookie. The state hands the
browser a one-time code and has it load `GET /api/session/begin` as a whole page; this route redeems the code,
answers with `Set-Cookie` and sends the browser on. Signing out revokes the session first, then loads
`GET /api/session/end`, which only clears the cookie. The next page load opens a new websocket whose handshake
carries the cookie, which is where the states read it (`AuthState`).
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse

from customer_portal import routes
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.models import SessionKind, UserSession
from customer_portal.services.accounts import sessions
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


def _claim(code: str, user_agent: str) -> tuple[str, str] | None:
    with session_scope() as session:
        claimed = sessions.claim_handoff(session, code=code, user_agent=user_agent)
        return None if claimed is None else (cookie_for(claimed[1]), claimed[0])


async def begin(request: Request) -> RedirectResponse:
    response = _onward(request)
    code, user_agent = request.query_params.get("code", "")[:_CODE_LIMIT], request.headers.get("user-agent", "")
    claimed = await asyncio.to_thread(_claim, code, user_agent)
    if claimed is not None:  # an unknown or used code just goes on: the page then asks to sign in
        name, token = claimed
        response.set_cookie(
            name,
            token,
            max_age=settings.session_absolute_minutes * 60,
            path="/",
            secure=settings.uses_https,
            httponly=True,
            samesite="lax",
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
