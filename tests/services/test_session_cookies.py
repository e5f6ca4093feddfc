"""Session cookies are HttpOnly: a sign-in hands the browser a one-time code, and only the HTTP route that
redeems it ever sends the session token (in Set-Cookie). Signing out clears the cookie the same way."""

from datetime import timedelta

from starlette.testclient import TestClient

from customer_portal import routes
from customer_portal.api.app import build_api
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.domain.clock import utcnow
from customer_portal.services.accounts import sessions, staff_auth
from customer_portal.settings import settings
from customer_portal.state.portal import PortalSignInState
from customer_portal.state.staff_sign_in import StaffSignInState
from tests.factories import STAFF_PASSWORD, make_portal_customer, make_staff
from tests.state_harness import new_state, public_values, run_handler, whole_client_state


def _staff_token(session) -> str:
    staff = make_staff(session)
    token = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="198.51.100.7").token
    session.commit()
    return token


def _client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000", follow_redirects=False)


def _code(session, token: str, **kwargs) -> str:
    code = sessions.begin_handoff(session, token=token, **kwargs)
    session.commit()
    return code


def test_the_code_becomes_an_http_only_cookie_once(session, db):
    token = _staff_token(session)
    code = _code(session, token)
    with _client() as client:
        response = client.get(routes.session_begin(code, routes.STAFF_HOME))
        assert response.status_code == 303 and response.headers["location"] == routes.STAFF_HOME
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{STAFF_SESSION_COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        assert f"Max-Age={settings.session_absolute_minutes * 60}" in cookie
        assert "Secure" not in cookie  # PUBLIC_URL is http:// here
        issued = response.cookies[STAFF_SESSION_COOKIE]
        again = client.get(routes.session_begin(code, routes.STAFF_HOME))
    assert again.status_code == 303 and "set-cookie" not in again.headers
    # A fresh token: neither the code nor the token the sign-in produced is ever a cookie.
    assert issued not in (code, token)
    assert staff_auth.current_staff(session, token=issued) is not None
    assert staff_auth.current_staff(session, token=token) is None


def test_an_expired_code_or_a_revoked_session_sets_nothing(session, db):
    token = _staff_token(session)
    late = _code(session, token, now=utcnow() - sessions.HANDOFF_LIFETIME - timedelta(seconds=1))
    with _client() as client:
        assert "set-cookie" not in client.get(routes.session_begin(late, "/staff")).headers
        revoked = _code(session, token)
        sessions.revoke_session(session, token=token)
        session.commit()
        assert "set-cookie" not in client.get(routes.session_begin(revoked, "/staff")).headers
        assert "set-cookie" not in client.get(routes.session_begin("made-up", "/staff")).headers


def test_secure_cookies_under_https(session, db, monkeypatch):
    monkeypatch.setattr(settings, "public_url", "https://portal.example.com")
    code = _code(session, _staff_token(session))
    with _client() as client:
        assert "Secure" in client.get(routes.session_begin(code, "/staff")).headers["set-cookie"]


def test_a_customer_session_goes_in_the_portal_cookie(session, db):
    _, _, token = make_portal_customer(session)
    code = _code(session, token)
    with _client() as client:
        response = client.get(routes.session_begin(code, "/bluewater"))
    assert response.headers["set-cookie"].startswith(f"{CUSTOMER_SESSION_COOKIE}=")


def test_redirects_never_leave_the_site(session, db):
    with _client() as client:
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""):
            response = client.get(routes.session_end("staff", target))
            assert response.headers["location"] == "/", target


def test_sign_out_clears_only_the_named_cookie_and_only_from_our_pages():
    with _client() as client:
        cleared = client.get(routes.session_end("portal", "/bluewater/sign-in"))
        assert cleared.headers["location"] == "/bluewater/sign-in"
        assert cleared.headers["set-cookie"].startswith(f'{CUSTOMER_SESSION_COOKIE}=""')
        assert "Max-Age=0" in cleared.headers["set-cookie"] and "HttpOnly" in cleared.headers["set-cookie"]
        # Another site linking here cannot sign anyone out; an unknown kind clears nothing.
        linked = client.get(routes.session_end("portal", "/"), headers={"Sec-Fetch-Site": "cross-site"})
        assert "set-cookie" not in linked.headers
        assert "set-cookie" not in client.get(routes.session_end("session", "/")).headers


async def test_signing_in_puts_no_token_in_the_browsers_state(session, db):
    staff = make_staff(session)
    session.commit()
    state = new_state(StaffSignInState)
    await run_handler(state, "sign_in", {"email": staff.email, "password": STAFF_PASSWORD})
    target = state.page_load_target
    assert target.startswith(routes.API_SESSION_BEGIN + "?code=")
    # The only secret the browser gets is the one-time code; the session token is nowhere in its state.
    with _client() as client:
        issued = client.get(target).cookies[STAFF_SESSION_COOKIE]
    assert staff_auth.current_staff(session, token=issued).email == staff.email
    assert issued not in whole_client_state(state)
    assert not any("session" in name and "token" in name for name in public_values(state))


async def test_the_pending_page_load_belongs_to_the_connection_that_asked(session, db):
    """After the whole-page load the browser reconnects: the new connection must not load the route again."""
    _, _, token = make_portal_customer(session)
    session.commit()
    state = new_state(PortalSignInState)
    state.slug = "bluewater"
    await state._hand_session_to_browser(token, then="/bluewater")
    assert state.page_load_target.startswith(routes.API_SESSION_BEGIN)
    root = state.parent_state
    while root.parent_state is not None:
        root = root.parent_state
    from reflex.istate.data import SessionData

    root.rx_router_session = SessionData(session_id="a-new-connection")
    assert state.page_load_target == ""
