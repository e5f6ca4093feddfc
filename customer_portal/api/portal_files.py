"""Portal downloads: an invoice, a statement and a receipt as PDF, for the signed-in customer only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from customer_portal.cookies import CUSTOMER_SESSION_COOKIE
from customer_portal.db import session_scope
from customer_portal.i18n import speaking
from customer_portal.services.accounts import customer_auth
from customer_portal.services.accounts.customer_auth import CustomerIdentity
from customer_portal.services.billing import statements
from customer_portal.services.errors import ServiceError
from customer_portal.services.portal import portal_invoices, portal_payments

PdfBuilder = Callable[[Session, CustomerIdentity], tuple[str, bytes]]  # (file name, content)


def _render(token: str, build: PdfBuilder) -> tuple[str, bytes] | None:
    with session_scope() as session:
        customer = customer_auth.current_customer(session, token=token)
        if customer is None:
            return None
        try:
            with speaking(customer.language):  # in the language of whoever downloads it
                return build(session, customer)
        except ServiceError:  # not theirs, not there, or a hidden section: all the same answer
            return None


async def _pdf_response(request: Request, build: PdfBuilder) -> Response:
    result = await asyncio.to_thread(_render, request.cookies.get(CUSTOMER_SESSION_COOKIE, ""), build)
    if result is None:
        return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})
    name, content = result
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"},
    )


async def invoice_pdf(request: Request) -> Response:
    invoice_id = request.path_params["invoice_id"]
    return await _pdf_response(
        request,
        lambda session, customer: portal_invoices.invoice_pdf(session, customer=customer, invoice_id=invoice_id),
    )


async def statement_pdf(request: Request) -> Response:
    start, end = request.query_params.get("start", "")[:10], request.query_params.get("end", "")[:10]
    return await _pdf_response(
        request, lambda session, customer: statements.statement_pdf(session, customer=customer, start=start, end=end)
    )


async def receipt_pdf(request: Request) -> Response:
    payment_id = request.path_params["payment_id"]
    return await _pdf_response(
        request,
        lambda session, customer: portal_payments.receipt_pdf(session, customer=customer, payment_id=payment_id),
    )
