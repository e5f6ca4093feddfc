"""Refuse oversized uploads before Reflex buffers them.

Reflex's upload endpoint reads the whole request into memory before our (guarded) handler can say
no, so anyone could send it a huge body. This ASGI wrapper stops a request to /_upload as soon as
it declares or sends more than the limit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_portal.services.visits.photo_upload import MAX_PHOTOS_PER_VISIT, MAX_UPLOAD_BYTES

UPLOAD_PATH_PREFIX = "/_upload"
MAX_UPLOAD_REQUEST_BYTES = MAX_PHOTOS_PER_VISIT * MAX_UPLOAD_BYTES + 1024 * 1024  # photos plus form overhead


def limit_upload_size(app: ASGIApp, *, limit: int = MAX_UPLOAD_REQUEST_BYTES) -> ASGIApp:
    async def limited(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(UPLOAD_PATH_PREFIX):
            await app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send)
            return
        received, too_large = 0, False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                too_large = True
                return {"type": "http.disconnect"}  # the app stops reading as if the client had gone
            return message

        async def guarded_send(message: Message) -> None:
            if not too_large:  # once over the limit, only our 413 goes out
                await send(message)

        try:
            await app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _refuse(send)

    return limited


async def _refuse(send: Send) -> None:
    body = b"Upload too large."
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
