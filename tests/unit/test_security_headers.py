"""The headers middleware on its own: page CSPs by script hash (plain and gzipped pages), nothing allowed for
other responses, HSTS only under https. The e2e suite checks the same on every route of the running app."""

import base64
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from customer_portal.api.security_headers import add_security_headers
from customer_portal.settings import settings

PAGE = b"<html><head><script>window.a=1</script><script src='/x.js'></script></head><body>Hi</body></html>"


def _sha(script: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"


def _client() -> TestClient:
    async def page(_request):
        return HTMLResponse(PAGE)

    async def zipped(_request):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"Content-Encoding": "gzip"})

    async def data(_request):
        return JSONResponse({"ok": True})

    async def not_modified(_request):
        return Response(status_code=304, headers={"ETag": '"abc"'})

    routes = [Route("/page", page), Route("/zipped", zipped), Route("/data", data), Route("/cached", not_modified)]
    return TestClient(add_security_headers(Starlette(routes=routes)))


def test_a_page_may_run_only_its_own_inline_scripts():
    for path in ("/page", "/zipped"):
        response = _client().get(path, headers={"Accept-Encoding": "identity"})
        policy = response.headers["content-security-policy"]
        assert f"script-src 'self' 'unsafe-eval' {_sha(b'window.a=1')};" in policy, path
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy and response.headers["x-frame-options"] == "DENY"
    assert _client().get("/zipped").content == PAGE  # the body itself is untouched (httpx unzips it)


def test_other_responses_allow_nothing():
    response = _client().get("/data")
    assert response.json() == {"ok": True}
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_a_not_modified_answer_leaves_the_cached_pages_policy_alone():
    """Browsers merge a 304's headers into the cached page; a policy here would replace the page's own."""
    response = _client().get("/cached")
    assert response.status_code == 304 and "content-security-policy" not in response.headers


def test_hsts_only_when_the_public_address_is_https(monkeypatch):
    assert "strict-transport-security" not in _client().get("/data").headers
    monkeypatch.setattr(settings, "public_url", "https://portal.example.com")
    assert _client().get("/page").headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_a_page_is_asked_for_as_gzip_at_most_so_its_scripts_can_be_hashed():
    """Assets are pre-compressed with Brotli too, which the standard library cannot unpack to hash a page."""
    seen: list[str] = []

    async def page(request):
        seen.append(request.headers.get("accept-encoding", ""))
        return HTMLResponse(PAGE)

    async def asset(request):
        seen.append(request.headers.get("accept-encoding", ""))
        return Response(b"x", media_type="text/javascript")

    client = TestClient(add_security_headers(Starlette(routes=[Route("/page", page), Route("/assets/a.js", asset)])))
    client.get("/page", headers={"Accept-Encoding": "br, gzip"})
    client.get("/page", headers={"Accept-Encoding": "br"})
    client.get("/assets/a.js", headers={"Accept-Encoding": "br, gzip"})
    assert seen == ["gzip", "identity", "br, gzip"]
