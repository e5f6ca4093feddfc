"""POST /stripe/webhook: the raw body goes to the service untouched, since the signature covers its bytes."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse

from customer_portal.db import session_scope
from customer_portal.services.payments import stripe_webhooks

MAX_EVENT_BYTES = 1024 * 1024


async def receive(request: Request) -> JSONResponse:
    payload = b""
    async for chunk in request.stream():
        payload += chunk
        if len(payload) > MAX_EVENT_BYTES:
            return JSONResponse({"error": "Too large."}, status_code=413)
    answer = await asyncio.to_thread(
        stripe_webhooks.receive,
        session_scope,
        payload=payload,
        signature=request.headers.get("stripe-signature", ""),
    )
    key = "received" if answer.status < 300 else "error"
    return JSONResponse({key: answer.message}, status_code=answer.status)
