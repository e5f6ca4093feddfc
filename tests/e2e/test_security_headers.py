"""Every page route and every API route of the running production app answers with the security headers, and
each page's CSP allows exactly the inline scripts it carries (the browser fixtures also fail any test during
which Chromium reported a CSP violation)."""

import re
import urllib.error
import urllib.request

import pytest
from starlette.routing import Route

from customer_portal.api.app import build_api
from customer_portal.api.security_headers import page_policy
from tests.page_routes import PARAMETER, page_routes

SAMPLE_PARAMETERS = {"portal": "bluewater", "token": "not-a-real-token"}
REFLEX_ROUTES = [("GET", "/ping"), ("GET", "/_health"), ("POST", "/_upload")]


def _page_paths() -> list[str]:
    return [PARAMETER.sub(lambda match: SAMPLE_PARAMETERS.get(match.group(1), "1"), route) for route in page_routes()]


def _api_requests() -> list[tuple[str, str]]:
    requests = list(REFLEX_ROUTES)
    for route in build_api().routes:
        assert isinstance(route, Route)
        path = re.sub(r"\{(\w+)(:\w+)?\}", "1", route.path)
        requests += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return requests


def _fetch(base: str, method: str, path: str, *, accept_encoding: str = ""):
    request = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None)
    if accept_encoding:
        request.add_header("Accept-Encoding", accept_encoding)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:  # a 4xx answer carries the headers too
        return refused.code, refused.headers, refused.read()


def _assert_common(headers, where: str) -> None:
    assert headers["X-Frame-Options"] == "DENY", where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["Referrer-Policy"] == "same-origin", where
    assert "camera=()" in headers["Permissions-Policy"], where
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], where
    assert "Strict-Transport-Security" not in headers, where  # PUBLIC_URL is http:// in this run


@pytest.mark.parametrize("accept_encoding", ["", "gzip", "br, gzip"], ids=["plain", "gzip", "brotli-or-gzip"])
def test_every_page_route_sends_the_headers_and_a_csp_for_its_own_scripts(live_app: str, accept_encoding: str):
    import gzip

    paths = _page_paths()
    assert len(paths) >= 38 and "/bluewater/reset-password" in paths
    for path in paths:
        status, headers, body = _fetch(live_app, "GET", path, accept_encoding=accept_encoding)
        assert status == 200 and headers["Content-Type"].startswith("text/html"), path
        # A page is never Brotli: the policy is computed from the page as the server reads it.
        assert headers.get("Content-Encoding") == ("gzip" if accept_encoding else None), path
        _assert_common(headers, path)
        html = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
        policy = headers["Content-Security-Policy"]
        assert policy == page_policy(html), path
        script_sources = next(part for part in policy.split("; ") if part.startswith("script-src"))
        assert "'unsafe-inline'" not in script_sources  # (eval stays: Reflex runs server-sent toasts through it)
        assert script_sources.count("'sha256-") >= 3, path  # the page's own inline scripts, and only those


def test_every_api_route_sends_the_headers_and_a_policy_that_allows_nothing(live_app: str):
    requests = _api_requests()
    assert ("POST", "/stripe/webhook") in requests and ("GET", "/api/session/begin") in requests
    for method, path in requests:
        status, headers, _ = _fetch(live_app, method, path)
        assert status < 500, (method, path, status)
        _assert_common(headers, f"{method} {path}")
        if not headers.get("Content-Type", "").startswith("text/html"):
            assert headers["Content-Security-Policy"].startswith("default-src 'none'"), (method, path)


def test_the_running_app_is_ready_with_its_jobs_going(live_app: str):
    """The production server, migrated as `make run` does, answers /api/ready: every check ok (no Redis here)."""
    import json

    with urllib.request.urlopen(f"{live_app}/api/ready", timeout=30) as answer:
        assert answer.status == 200
        assert json.loads(answer.read()) == {
            "status": "ready",
            "checks": {"database": "ok", "migrations": "ok", "redis": "not configured", "jobs": "ok"},
        }


def test_built_scripts_go_out_as_brotli_and_are_cached_for_a_year(live_app: str):
    _, _, page = _fetch(live_app, "GET", "/staff/sign-in")
    scripts = re.findall(rb'(?:src|href)="(/assets/[^"]+-[A-Za-z0-9_-]{8}\.js)"', page)
    assert scripts, "no built script named in the page"
    path = scripts[0].decode()
    for accept_encoding, encoding in (("br, gzip", "br"), ("gzip", "gzip")):
        status, headers, _ = _fetch(live_app, "GET", path, accept_encoding=accept_encoding)
        assert (status, headers.get("Content-Encoding")) == (200, encoding), accept_encoding
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _ = _fetch(live_app, "GET", "/staff/sign-in", accept_encoding="br, gzip")
    assert "immutable" not in headers.get("Cache-Control", "")  # a page changes with each release
