"""Quotes for the office: write and revise drafts, send them, see the customer's answer.

A quote past its expiry date becomes expired through the status machine the first time anyone looks
(and by the scheduled job), so the customer can never approve a lapsed price.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, SQLColumnExpression, cast, func, or_, text
from sqlmodel import Session, col, select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.invoices import format_quote_number, totals_cents
from customer_portal.domain.transitions import QUOTE, IllegalTransition
from customer_portal.i18n import _
from customer_portal.models import (
    Customer,
    CustomerEmail,
    CustomerStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
    id_of,
)
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.billing.line_items import LineInput, LineView, line_views, parse_lines, store_lines
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import event_notices
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.services.visits import request_answers, service_requests

PAGE_SIZE = 25
DEFAULT_VALID_DAYS = 30
_NUMBERING_LOCK = 7_301_002
STATUS_FILTERS = ("all", *[status.value for status in QuoteStatus])


@dataclass
class QuoteDraft:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(Quote, "title", "terms")

    customer_id: int
    title: str = ""
    expires_on: str = ""  # YYYY-MM-DD; default 30 days after sending
    terms: str = ""
    service_location_id: int | None = None
    lines: list[LineInput] = field(default_factory=list)
    service_request_id: int = 0  # the customer's service request this quote answers, if any


@dataclass(frozen=True)
class QuoteQuery:
    status: str = "all"
    search: str = ""
    customer_id: int | None = None
    sort: str = "created"
    descending: bool = True
    page: int = 1
    page_size: int = PAGE_SIZE
    sent_only: bool = False  # customers never see drafts


@dataclass(frozen=True)
class QuoteRow:
    id: int
    number: str
    title: str
    customer_id: int
    customer_name: str
    issue_date: str
    expires_on: str
    total: str
    status: str


@dataclass(frozen=True)
class QuotePage:
    rows: list[QuoteRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


@dataclass(frozen=True)
class QuoteDetail:
    id: int
    number: str
    title: str
    status: str
    customer_id: int
    customer_name: str
    service_location_id: int
    issue_date: str  # ISO, for the editor's date input
    expires_on: str
    sent_on: str  # as the company writes dates: "Dec 1, 2026"
    valid_until: str
    terms: str
    total: str
    lines: list[LineView]
    responded_at: str
    response_name: str
    response_ip: str
    response_email: str
    response_message: str
    can_edit: bool
    can_send: bool
    service_request_id: int = 0  # the request it was made from


def expire_lapsed(session: Session, *, today: date) -> int:
    """Move sent and info-requested quotes past their expiry date to expired. Returns how many."""
    lapsed = session.exec(
        select(Quote).where(
            col(Quote.status).in_([QuoteStatus.SENT, QuoteStatus.INFO_REQUESTED]), col(Quote.expires_on) < today
        )
    ).all()
    for quote in lapsed:
        quote.status = QUOTE.apply(quote.status, "expire")
        session.add(quote)
    return len(lapsed)


def _today(session: Session) -> date:
    return local_day(utcnow(), company_time_zone(session))


def list_quotes(session: Session, *, query: QuoteQuery) -> QuotePage:
    expire_lapsed(session, today=_today(session))
    filters: list[ColumnElement[bool]] = []
    if query.status in STATUS_FILTERS[1:]:
        filters.append(col(Quote.status) == QuoteStatus(query.status))
    if query.customer_id:
        filters.append(col(Quote.customer_id) == query.customer_id)
    if query.sent_only:
        filters.append(col(Quote.status) != QuoteStatus.DRAFT)
    if term := query.search.strip().lower():
        pattern = f"%{term.replace('%', '').replace('_', '')}%"
        filters.append(
            or_(
                func.lower(Quote.number).like(pattern),
                func.lower(Quote.title).like(pattern),
                func.lower(Customer.name).like(pattern),
            )
        )
    joined = select(func.count()).select_from(Quote).join(Customer, col(Customer.id) == Quote.customer_id)
    total = session.exec(joined.where(*filters)).one()
    pages = max(1, -(-total // query.page_size))
    page = min(max(1, query.page), pages)
    columns: dict[str, SQLColumnExpression[Any]] = {
        "number": col(Quote.number),
        "title": func.lower(Quote.title),
        "customer": func.lower(Customer.name),
        "issue_date": col(Quote.issue_date),
        "expires_on": col(Quote.expires_on),
        "total": col(Quote.total_cents),
        "status": col(Quote.status),
        "created": col(Quote.created_at),
    }
    order = columns.get(query.sort, columns["created"])
    statement = (
        select(Quote, Customer.name)
        .join(Customer, col(Customer.id) == Quote.customer_id)
        .where(*filters)
        .order_by(order.desc() if query.descending else order.asc(), col(Quote.id).desc())
        .offset((page - 1) * query.page_size)
        .limit(query.page_size)
    )
    formats = company_formats(session)
    rows = [
        QuoteRow(
            id=id_of(quote),
            number=quote.number or _("Draft"),
            title=quote.title,
            customer_id=quote.customer_id,
            customer_name=name,
            issue_date=formats.day(quote.issue_date),
            expires_on=formats.day(quote.expires_on),
            total=formats.money(quote.total_cents, quote.currency),
            status=quote.status.value,
        )
        for quote, name in session.exec(statement)
    ]
    return QuotePage(rows=rows, total=total, page=page, pages=pages)


def get_quote(session: Session, *, quote_id: int) -> QuoteDetail:
    expire_lapsed(session, today=_today(session))
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise ServiceError(_("That quote does not exist."))
    customer = session.get(Customer, quote.customer_id)
    email = session.get(CustomerEmail, quote.responded_by_email_id) if quote.responded_by_email_id else None
    zone = ZoneInfo(company_time_zone(session))
    formats = company_formats(session)
    return QuoteDetail(
        id=quote_id,
        number=quote.number or _("Draft"),
        title=quote.title,
        status=quote.status.value,
        customer_id=quote.customer_id,
        customer_name=customer.name if customer else "",
        service_location_id=quote.service_location_id or 0,
        issue_date=quote.issue_date.isoformat() if quote.issue_date else "",
        expires_on=quote.expires_on.isoformat() if quote.expires_on else "",
        sent_on=formats.day(quote.issue_date),
        valid_until=formats.day(quote.expires_on),
        terms=quote.terms,
        total=formats.money(quote.total_cents, quote.currency),
        lines=line_views(
            session, line_model=QuoteLine, owner_field="quote_id", owner_id=quote_id, currency=quote.currency
        ),
        responded_at=formats.moment(quote.responded_at.astimezone(zone)) if quote.responded_at else "",
        response_name=quote.response_name,
        response_ip=quote.response_ip,
        response_email=email.address if email else "",
        response_message=quote.response_message,
        can_edit=QUOTE.allows(quote.status, "edit"),
        can_send=QUOTE.allows(quote.status, "send"),
        service_request_id=service_requests.request_of_quote(session, quote_id=quote_id),
    )


def _move(quote: Quote, action: str) -> None:
    try:
        quote.status = QUOTE.apply(quote.status, action)
    except IllegalTransition as error:
        raise ServiceError(str(error)) from error


def _audit(session: Session, staff: StaffIdentity, action: str, quote: Quote, **details: object) -> None:
    audit.by_staff(
        session,
        staff,
        action,
        entity_type="quote",
        entity_id=quote.id,
        number=quote.number,
        total_cents=quote.total_cents,
        **details,
    )


def save_quote_draft(session: Session, *, staff: StaffIdentity, quote_id: int | None, draft: QuoteDraft) -> int:
    """Create a draft, or revise a draft or a quote the customer asked about (it becomes a draft again)."""
    customer = session.get(Customer, draft.customer_id)
    if customer is None:
        raise ServiceError(_("Choose a customer for this quote."))
    lines, errors = parse_lines(draft.lines)
    title = draft.title.strip()
    errors |= length_errors(draft, QuoteDraft.LIMITS)
    if not title:
        errors["title"] = _("Give the quote a short title, like “Pump replacement”.")
    expires = None
    if draft.expires_on.strip():
        try:
            expires = date.fromisoformat(draft.expires_on.strip())
            if expires < _today(session):
                errors["expires_on"] = _("The expiry date has already passed.")
        except ValueError:
            errors["expires_on"] = _("Enter a date like 2026-12-31.")
    if errors:
        raise ValidationFailed(errors)
    if quote_id is None:
        if customer.status == CustomerStatus.ARCHIVED:
            raise ServiceError(_("This customer is archived; restore them before quoting."))
        quote = Quote(customer_id=id_of(customer), title=title, status=QuoteStatus.DRAFT)
    else:
        existing = session.exec(select(Quote).where(Quote.id == quote_id).with_for_update()).first()
        if existing is None or existing.customer_id != customer.id:
            raise ServiceError(_("That quote does not exist."))
        quote = existing
        _move(quote, "edit")
    quote.title, quote.terms, quote.expires_on = title, draft.terms.strip(), expires
    quote.service_location_id = draft.service_location_id or None
    quote.subtotal_cents, quote.tax_cents, quote.total_cents = totals_cents([line.amount_cents for line in lines])
    session.add(quote)
    session.flush()
    store_lines(session, line_model=QuoteLine, owner_field="quote_id", owner_id=id_of(quote), lines=lines)
    if draft.service_request_id:
        request_answers.link_quote(session, request_id=draft.service_request_id, quote=quote)
    return id_of(quote)


def _next_number(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _NUMBERING_LOCK})
    highest = session.exec(
        select(func.max(cast(func.substr(Quote.number, 3), Integer))).where(col(Quote.number).like("Q-%"))
    ).one()
    return format_quote_number((highest or 0) + 1)


def send_quote(session: Session, *, staff: StaffIdentity, quote_id: int) -> str:
    """Draft (or a revised quote) to sent: numbered once, dated today, valid 30 days unless set."""
    quote = session.exec(select(Quote).where(Quote.id == quote_id).with_for_update()).first()
    if quote is None:
        raise ServiceError(_("That quote does not exist."))
    if quote.total_cents <= 0:
        raise ServiceError(_("Add at least one line with an amount before sending."))
    _move(quote, "send")
    today = _today(session)
    quote.issue_date, quote.sent_at = today, utcnow()
    if quote.expires_on is None or quote.expires_on < today:
        quote.expires_on = today + timedelta(days=DEFAULT_VALID_DAYS)
    quote.number = quote.number or _next_number(session)
    # A revised quote is a fresh question to the customer; the question it answers is kept in the log.
    earlier = {"answers_question": quote.response_message} if quote.response_message else {}
    quote.responded_at, quote.response_name, quote.response_ip = None, "", ""
    quote.response_message, quote.responded_by_email_id = "", None
    session.add(quote)
    _audit(session, staff, "quote.sent", quote, **earlier)
    session.flush()
    event_notices.quote_sent(session, quote=quote)
    request_answers.quote_sent(session, quote=quote)
    return quote.number
