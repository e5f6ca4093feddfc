"""Built scripts and styles (content-hashed names) are cached for a year; pages and anything else are not."""

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from customer_portal.api.asset_caching import cache_built_assets, is_hashed_asset


def test_only_built_files_with_a_content_hash_count_as_hashed():
    assert is_hashed_asset("/assets/entry.client-bRHo1cKG.js")
    assert is_hashed_asset("/assets/__reflex_global_styles-NccINl-w.css")
    assert not is_hashed_asset("/assets/entry.client.js")  # no hash: could change under the same name
    assert not is_hashed_asset("/bluewater/invoices")
    assert not is_hashed_asset("/api/photos/1-abcdefgh.js")


def test_a_hashed_asset_is_immutable_and_a_page_or_a_miss_is_not():
    async def found(_request):
        return Response(b"x", media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    async def missing(_request):
        return Response(b"", status_code=404)

    routes = [
        Route("/assets/entry.client-bRHo1cKG.js", found),
        Route("/assets/gone-aaaaaaaa.js", missing),
        Route("/bluewater", found),
    ]
    client = TestClient(cache_built_assets(Starlette(routes=routes)))
    assert client.get("/assets/entry.client-bRHo1cKG.js").headers["cache-control"] == (
        "public, max-age=31536000, immutable"
    )
    assert "cache-control" not in client.get("/assets/gone-aaaaaaaa.js").headers
    assert client.get("/bluewater").headers["cache-control"] == "no-cache"
