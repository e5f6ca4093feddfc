"""Service requests, the office's side and what both sides share: the labels, the inbox, one request in full, and
who may see a request's photos. The office's answers are in request_answers.py; the customer's pages are served
by services/portal/portal_requests.py.

A request's status moves only through its machine: new -> scheduled / quoted -> closed. "Quoted" comes when the
quote made from it is sent, not while the office is still writing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from customer_portal.domain.clock import local_day
from customer_portal.domain.schedule import WEEKDAYS
from customer_portal.domain.transitions import REQUEST
from customer_portal.i18n import N_, _
from customer_portal.models import (
    Customer,
    Quote,
    QuoteStatus,
    RequestKind,
    RequestStatus,
    ServiceLocation,
    ServiceRequest,
    ServiceRequestPhoto,
    ServiceRequestReply,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.accounts import staff_auth
from customer_portal.services.accounts.customer_auth import current_customer
from customer_portal.services.company.company import company_formats, company_time_zone, local_moment
from customer_portal.services.errors import ServiceError
from customer_portal.services.portal.portal_view import shows
from customer_portal.services.visits.photo_storage import photo_directory

MAX_REQUEST_PHOTOS = 6
PAGE_SIZE = 25
KIND_LABELS = {
    RequestKind.WATER: N_("Green or cloudy water"),
    RequestKind.EQUIPMENT: N_("Equipment not working"),
    RequestKind.LEAK: N_("Leak"),
    RequestKind.REPAIR: N_("Repair"),
    RequestKind.OTHER: N_("Something else"),
}
STATUS_LABELS = {
    RequestStatus.NEW: N_("New"),
    RequestStatus.SCHEDULED: N_("Scheduled"),
    RequestStatus.QUOTED: N_("Quoted"),
    RequestStatus.CLOSED: N_("Closed"),
}
OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.SCHEDULED, RequestStatus.QUOTED)
STATUS_FILTERS = ("open", "all", *(status.value for status in RequestStatus))
KIND_FILTERS = ("all", *(kind.value for kind in RequestKind))
_QUOTE_ANSWERS = {
    QuoteStatus.DRAFT: N_("Being written"),
    QuoteStatus.SENT: N_("Waiting for the customer"),
    QuoteStatus.APPROVED: N_("Approved"),
    QuoteStatus.REJECTED: N_("Rejected"),
    QuoteStatus.INFO_REQUESTED: N_("Customer asked a question"),
    QuoteStatus.EXPIRED: N_("Expired"),
}


def days_text(days: list[int]) -> str:
    """ "Monday, Thursday", or "Any day" when none were chosen."""
    return ", ".join(_(WEEKDAYS[day]) for day in sorted(set(days)) if 0 <= day < 7) or _("Any day")


def pool_name(pool: ServiceLocation) -> str:
    return pool.label or pool.address


@dataclass(frozen=True)
class ReplyView:
    body: str
    written: str  # "Dec 7, 2026, 9:40 AM"


@dataclass(frozen=True)
class RequestDetail:
    id: int
    customer_id: int
    customer_name: str
    pool: str
    service_location_id: int
    kind: str  # as written
    description: str
    preferred_days: str
    status: str  # the value, for badges and tests
    status_label: str
    created: str
    requested_by: str
    scheduled_on: str = ""  # as written
    photo_ids: list[int] = field(default_factory=list)
    replies: list[ReplyView] = field(default_factory=list)
    quote_id: int = 0
    quote_number: str = ""
    quote_status: str = ""  # the linked quote's, as its value
    quote_answer: str = ""  # the same, as the office reads it
    can_schedule: bool = False
    can_quote: bool = False
    can_close: bool = False


@dataclass(frozen=True)
class RequestRow:
    id: int
    customer_id: int
    customer_name: str
    pool: str
    kind: str
    summary: str
    status: str
    status_label: str
    created: str
    photo_count: int


@dataclass(frozen=True)
class RequestPage:
    rows: list[RequestRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


@dataclass(frozen=True)
class RequestQuery:
    status: str = "open"
    kind: str = "all"
    customer_id: int | None = None
    page: int = 1


def _status_conditions(status: str, kind: str) -> list[object]:
    conditions: list[object] = []
    if status == "open":
        conditions.append(col(ServiceRequest.status).in_(OPEN_STATUSES))
    elif status in STATUS_FILTERS[2:]:
        conditions.append(ServiceRequest.status == RequestStatus(status))
    if kind in KIND_FILTERS[1:]:
        conditions.append(ServiceRequest.kind == RequestKind(kind))
    return conditions


def _photo_counts(session: Session, request_ids: list[int]) -> dict[int, int]:
    counted = session.exec(
        select(col(ServiceRequestPhoto.request_id), func.count())
        .where(col(ServiceRequestPhoto.request_id).in_(request_ids))
        .group_by(col(ServiceRequestPhoto.request_id))
    ).all()
    return {request_id: count for request_id, count in counted}


def rows_of(session: Session, found: list[tuple[ServiceRequest, str, ServiceLocation]]) -> list[RequestRow]:
    formats, zone = company_formats(session), company_time_zone(session)
    counts = _photo_counts(session, [id_of(request) for request, _, _ in found])
    return [
        RequestRow(
            id_of(request),
            request.customer_id,
            name,
            pool_name(pool),
            _(KIND_LABELS[request.kind]),
            request.description[:140],
            request.status.value,
            _(STATUS_LABELS[request.status]),
            formats.day(local_day(request.created_at, zone)),
            counts.get(id_of(request), 0),
        )
        for request, name, pool in found
    ]


def list_requests(session: Session, *, query: RequestQuery) -> RequestPage:
    """The office's inbox: newest first, by status ("open" = not closed) and kind."""
    conditions = _status_conditions(query.status, query.kind)
    if query.customer_id:
        conditions.append(ServiceRequest.customer_id == query.customer_id)
    total = session.exec(select(func.count()).select_from(ServiceRequest).where(*conditions)).one()  # type: ignore[arg-type]
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    found = session.exec(
        select(ServiceRequest, Customer.name, ServiceLocation)
        .join(Customer, col(Customer.id) == ServiceRequest.customer_id)
        .join(ServiceLocation, col(ServiceLocation.id) == ServiceRequest.service_location_id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(col(ServiceRequest.created_at).desc(), id_column(ServiceRequest).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return RequestPage(rows_of(session, list(found)), total, page, pages)


def request_detail(session: Session, *, request_id: int) -> RequestDetail:
    request = session.get(ServiceRequest, request_id)
    if request is None:
        raise ServiceError(_("That request does not exist."))
    formats = company_formats(session)
    customer = referenced(session, Customer, request.customer_id)
    pool = referenced(session, ServiceLocation, request.service_location_id)
    photo_ids = session.exec(
        select(id_column(ServiceRequestPhoto))
        .where(ServiceRequestPhoto.request_id == request_id)
        .order_by(id_column(ServiceRequestPhoto))
    ).all()
    replies = session.exec(
        select(ServiceRequestReply)
        .where(ServiceRequestReply.request_id == request_id)
        .order_by(col(ServiceRequestReply.created_at), id_column(ServiceRequestReply))
    ).all()
    quote = session.get(Quote, request.quote_id) if request.quote_id else None
    return RequestDetail(
        id=id_of(request),
        customer_id=request.customer_id,
        customer_name=customer.name,
        pool=pool_name(pool),
        service_location_id=id_of(pool),
        kind=_(KIND_LABELS[request.kind]),
        description=request.description,
        preferred_days=days_text(request.preferred_days),
        status=request.status.value,
        status_label=_(STATUS_LABELS[request.status]),
        created=local_moment(session, request.created_at),
        requested_by=request.requested_by,
        scheduled_on=formats.full_day(request.scheduled_on) if request.scheduled_on else "",
        photo_ids=[photo_id for photo_id in photo_ids if photo_id is not None],
        replies=[ReplyView(reply.body, local_moment(session, reply.created_at)) for reply in replies],
        quote_id=id_of(quote) if quote else 0,
        quote_number=(quote.number or _("Draft")) if quote else "",
        quote_status=quote.status.value if quote else "",
        quote_answer=_(_QUOTE_ANSWERS[quote.status]) if quote else "",
        can_schedule=REQUEST.allows(request.status, "schedule"),
        can_quote=quote is None and REQUEST.allows(request.status, "quote"),
        can_close=REQUEST.allows(request.status, "close"),
    )


def request_of_quote(session: Session, *, quote_id: int) -> int:
    """The request a quote was made from, or 0."""
    return session.exec(select(id_column(ServiceRequest)).where(ServiceRequest.quote_id == quote_id)).first() or 0


def photo_file(
    session: Session, *, photo_id: int, thumbnail: bool, staff_token: str, customer_token: str
) -> Path | None:
    """A request photo for signed-in staff, or for the customer whose request it is while the portal shows
    requests; None for everyone else (the same for "not yours" and "not there")."""
    photo = session.get(ServiceRequestPhoto, photo_id)
    if photo is None:
        return None
    request = referenced(session, ServiceRequest, photo.request_id)
    allowed = bool(staff_token) and staff_auth.current_staff(session, token=staff_token) is not None
    if not allowed and customer_token:
        customer = current_customer(session, token=customer_token)
        allowed = customer is not None and customer.customer_id == request.customer_id and shows(customer, "requests")
    path = photo_directory() / (photo.thumbnail_name if thumbnail else photo.stored_name)
    return path if allowed and path.is_file() else None
