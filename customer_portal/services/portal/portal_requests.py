"""The portal's Service Requests: the customer reports a problem with one of their pools (with up to six photos
and the days that suit them), follows each request's status and reads the office's replies."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import ClassVar

from sqlmodel import Session, col

from customer_portal import routes
from customer_portal.i18n import N_, OFFICE_LANGUAGE, _, ngettext, speaking
from customer_portal.models import (
    AuditActor,
    QuoteStatus,
    RequestKind,
    RequestStatus,
    ServiceLocation,
    ServiceRequest,
    ServiceRequestPhoto,
    id_column,
    id_of,
)
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox
from customer_portal.services.portal.owned import owned_by, owned_rows
from customer_portal.services.portal.portal_quotes import office_address
from customer_portal.services.portal.portal_view import require_tab
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.services.visits import service_requests
from customer_portal.services.visits.photo_upload import UploadedPhoto, stored_while_saving
from customer_portal.services.visits.service_requests import (
    KIND_LABELS,
    MAX_REQUEST_PHOTOS,
    RequestDetail,
    RequestRow,
    days_text,
    pool_name,
)
from customer_portal.settings import settings

_TAB = "requests"
MAX_LISTED = 100  # a customer's requests, newest first; years of them are still far fewer
KIND_CHOICES = [(kind.value, label) for kind, label in KIND_LABELS.items()]
_QUOTE_FOR_CUSTOMER: dict[str, str] = {
    QuoteStatus.SENT: N_("Waiting for your answer"),
    QuoteStatus.APPROVED: N_("You approved it"),
    QuoteStatus.REJECTED: N_("You declined it"),
    QuoteStatus.INFO_REQUESTED: N_("You asked a question"),
    QuoteStatus.EXPIRED: N_("Expired"),
}


@dataclass
class RequestForm:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(ServiceRequest, "description")

    service_location_id: int
    kind: str
    description: str
    preferred_days: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RequestChoices:
    """What the form offers: the customer's pools (id, name) and the kinds of problem."""

    pools: list[tuple[str, str]] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)


def choices(session: Session, *, customer: CustomerIdentity) -> RequestChoices:
    require_tab(customer, key=_TAB)
    pools = session.exec(owned_rows(customer, ServiceLocation).order_by(id_column(ServiceLocation)))
    return RequestChoices([(str(id_of(pool)), pool_name(pool)) for pool in pools], KIND_CHOICES)


def my_requests(session: Session, *, customer: CustomerIdentity) -> list[RequestRow]:
    require_tab(customer, key=_TAB)
    requests = session.exec(
        owned_rows(customer, ServiceRequest)
        .order_by(col(ServiceRequest.created_at).desc(), id_column(ServiceRequest).desc())
        .limit(MAX_LISTED)
    ).all()
    pools = {id_of(pool): pool for pool in session.exec(owned_rows(customer, ServiceLocation))}
    named = [(request, customer.customer_name, pools[request.service_location_id]) for request in requests]
    return service_requests.rows_of(session, named)


def my_request(session: Session, *, customer: CustomerIdentity, request_id: int) -> RequestDetail:
    require_tab(customer, key=_TAB)
    if owned_by(session, customer, ServiceRequest, request_id) is None:
        raise ServiceError(_("That request is not available."))
    detail = service_requests.request_detail(session, request_id=request_id)
    # The customer sees a quote once it is sent to them (their Quotes page has it), never the office's draft.
    answer = _QUOTE_FOR_CUSTOMER.get(detail.quote_status, "")
    if not answer:
        return replace(detail, quote_id=0, quote_number="", quote_status="", quote_answer="")
    return replace(detail, quote_answer=answer)


def _validated(
    session: Session, customer: CustomerIdentity, form: RequestForm, photos: list[UploadedPhoto]
) -> ServiceLocation:
    errors = length_errors(form, RequestForm.LIMITS)
    pool = owned_by(session, customer, ServiceLocation, form.service_location_id)
    if pool is None:
        errors["service_location_id"] = _("Choose one of your pools.")
    if form.kind not in {kind.value for kind in RequestKind}:
        errors["kind"] = _("Choose what the problem is.")
    if not form.description.strip():
        errors["description"] = _("Tell us what you see, so the technician comes prepared.")
    if len(photos) > MAX_REQUEST_PHOTOS:
        errors["photos"] = _("Attach at most {count} photos.").format(count=MAX_REQUEST_PHOTOS)
    if errors or pool is None:
        raise ValidationFailed(errors)
    return pool


def submit(session: Session, *, customer: CustomerIdentity, form: RequestForm, photos: list[UploadedPhoto]) -> int:
    """Record a request with its photos (checked, re-encoded and stored like visit photos) and email the office.
    Nothing is kept when anything is refused."""
    require_tab(customer, key=_TAB)
    require_writable(customer)
    pool = _validated(session, customer, form, photos)
    with stored_while_saving(photos) as stored:
        request = ServiceRequest(
            customer_id=customer.customer_id,
            service_location_id=id_of(pool),
            kind=RequestKind(form.kind),
            description=form.description.strip(),
            preferred_days=sorted({day for day in form.preferred_days if 0 <= day < 7}),
            status=RequestStatus.NEW,
            requested_by=customer.email,
        )
        session.add(request)
        session.flush()
        session.add_all(ServiceRequestPhoto(request_id=id_of(request), **asdict(saved)) for saved in stored)
        audit.record(
            session,
            action="request.submitted",
            actor=AuditActor.CUSTOMER,
            actor_label=customer.email,
            entity_type="customer",
            entity_id=customer.customer_id,
            details={"request": request.id, "photos": len(stored)},
        )
        _tell_office(session, customer, request, pool, photo_count=len(stored))
        session.flush()
    return id_of(request)


def _tell_office(
    session: Session, customer: CustomerIdentity, request: ServiceRequest, pool: ServiceLocation, *, photo_count: int
) -> None:
    to = office_address(session)
    if not to:
        return
    with speaking(OFFICE_LANGUAGE):
        _write_to_office(session, to, customer, request, pool, photo_count=photo_count)


def _write_to_office(
    session: Session,
    to: str,
    customer: CustomerIdentity,
    request: ServiceRequest,
    pool: ServiceLocation,
    *,
    photo_count: int,
) -> None:
    link = settings.public_url + str(routes.path_to(routes.STAFF_REQUEST_DETAIL, request_id=str(request.id)))
    photos = ngettext("{count} photo", "{count} photos", photo_count) if photo_count else _("no photos")
    outbox.enqueue(
        session,
        to=to,
        template="request_submitted",
        subject=_("Service request: {kind} at {pool} ({name})").format(
            kind=_(KIND_LABELS[request.kind]), pool=pool_name(pool), name=customer.customer_name
        ),
        text="\n".join(
            (
                _("{name} ({email}) reports: {kind}").format(
                    name=customer.customer_name, email=customer.email, kind=_(KIND_LABELS[request.kind])
                ),
                _("Pool: {pool}, {address}").format(pool=pool_name(pool), address=pool.address),
                _("Preferred days: {days}").format(days=days_text(request.preferred_days)),
                "",
                request.description,
                "",
                _("With {photos}. Reply, schedule or quote it here:").format(photos=photos),
                link,
            )
        ),
        reply_to=customer.email,
        customer_email_id=customer.email_id,
    )
