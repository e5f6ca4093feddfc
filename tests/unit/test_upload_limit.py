"""Oversized uploads are refused before anything buffers them."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from customer_portal.api.limits import limit_upload_size


async def _accept(request: Request) -> PlainTextResponse:
    body = await request.body()
    return PlainTextResponse(f"got {len(body)}")


def _client(limit: int) -> TestClient:
    app = Starlette(routes=[Route("/_upload", _accept, methods=["POST"]), Route("/other", _accept, methods=["POST"])])
    return TestClient(limit_upload_size(app, limit=limit))


def test_uploads_within_the_limit_pass():
    assert _client(100).post("/_upload", content=b"x" * 100).text == "got 100"


def test_a_declared_oversized_upload_is_refused():
    response = _client(100).post("/_upload", content=b"x" * 101)
    assert response.status_code == 413


def test_an_undeclared_stream_is_cut_off_at_the_limit():
    def chunks():
        for _ in range(10):
            yield b"x" * 50

    response = _client(100).post("/_upload", content=chunks())
    assert response.status_code == 413


def test_other_paths_are_not_limited():
    assert _client(100).post("/other", content=b"x" * 1000).text == "got 1000"
