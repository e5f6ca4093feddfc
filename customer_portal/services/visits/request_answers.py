"""The office's answers to a service request: a reply, a visit day, a quote made from it, closing it. Each is
kept on the request (the portal shows it) and emailed to the address that asked."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.transitions import REQUEST, IllegalTransition
from customer_portal.i18n import N_, _, speaking
from customer_portal.models import (
    Quote,
    ServiceLocation,
    ServiceRequest,
    ServiceRequestReply,
    id_of,
    referenced,
)
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats
from customer_portal.services.customers.customer_language import language_of_address
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging.company_email import send_from_company
from customer_portal.services.messaging.email_layout import Button, Detail, EmailContent
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url
from customer_portal.services.text_limits import TextLimit, limits_of
from customer_portal.services.visits.holds import today_for
from customer_portal.services.visits.service_requests import KIND_LABELS, pool_name

REPLY_LIMIT: TextLimit = limits_of(ServiceRequestReply, "body")["body"]


def _locked(session: Session, request_id: int) -> ServiceRequest:
    request = session.exec(select(ServiceRequest).where(ServiceRequest.id == request_id).with_for_update()).first()
    if request is None:
        raise ServiceError(_("That request does not exist."))
    return request


def _move(request: ServiceRequest, action: str) -> None:
    try:
        request.status = REQUEST.apply(request.status, action)
    except IllegalTransition as error:
        raise ServiceError(str(error)) from error
    request.updated_at = utcnow()


def _audit(session: Session, staff: StaffIdentity, action: str, request: ServiceRequest, **details: object) -> None:
    audit.by_staff(
        session, staff, action, entity_type="customer", entity_id=request.customer_id, request=request.id, **details
    )


def _message(text: str) -> str:
    message = text.strip()
    if REPLY_LIMIT.exceeded_by(message):
        raise ValidationFailed({"reply": REPLY_LIMIT.message})
    return message


def _keep_reply(session: Session, staff: StaffIdentity, request: ServiceRequest, message: str) -> None:
    session.add(ServiceRequestReply(request_id=id_of(request), body=message, staff_user_id=staff.id))


def reply(session: Session, *, staff: StaffIdentity, request_id: int, text: str) -> None:
    """Write to the customer about their request: kept on the request (the portal shows it) and emailed."""
    message = _message(text)
    if not message:
        raise ValidationFailed({"reply": _("Write a reply first.")})
    request = _locked(session, request_id)
    request.updated_at = utcnow()
    session.add(request)
    _keep_reply(session, staff, request, message)
    _audit(session, staff, "request.replied", request)
    _tell_customer(session, request, heading=N_("We replied to your service request"), message=message)


def schedule(session: Session, *, staff: StaffIdentity, request_id: int, day: str, text: str = "") -> None:
    """Book a visit for the request on a day (today or later); the customer is told the day."""
    message = _message(text)
    try:
        chosen = date.fromisoformat(day.strip())
    except ValueError:
        raise ValidationFailed({"scheduled_on": _("Choose the day of the visit.")}) from None
    if chosen < today_for(session):
        raise ValidationFailed({"scheduled_on": _("Choose today or a later day.")})
    request = _locked(session, request_id)
    _move(request, "schedule")
    request.scheduled_on = chosen
    session.add(request)
    if message:
        _keep_reply(session, staff, request, message)
    _audit(session, staff, "request.scheduled", request, day=chosen.isoformat())
    _tell_customer(session, request, heading=N_("We will come on {day}"), message=message, visit_day=chosen)


def close(session: Session, *, staff: StaffIdentity, request_id: int, text: str = "") -> None:
    message = _message(text)
    request = _locked(session, request_id)
    _move(request, "close")
    session.add(request)
    if message:
        _keep_reply(session, staff, request, message)
    _audit(session, staff, "request.closed", request)
    _tell_customer(session, request, heading=N_("Your service request is closed"), message=message)


def quote_target(session: Session, *, request_id: int) -> tuple[int, int, str]:
    """(customer, pool, a title) for a new quote made from an open request without one."""
    request = session.get(ServiceRequest, request_id)
    if request is None or request.quote_id or not REQUEST.allows(request.status, "quote"):
        raise ServiceError(_("A quote cannot be made from that request."))
    return request.customer_id, request.service_location_id, KIND_LABELS[request.kind]


def link_quote(session: Session, *, request_id: int, quote: Quote) -> None:
    """A draft quote was saved from this request: link them (the quote must be for the request's customer)."""
    request = _locked(session, request_id)
    if request.customer_id != quote.customer_id or request.quote_id not in (None, quote.id):
        raise ServiceError(_("That quote is for another customer or the request already has one."))
    if not REQUEST.allows(request.status, "quote"):
        raise ServiceError(_("That request is closed; make the quote from the Quotes page instead."))
    request.quote_id, request.updated_at = quote.id, utcnow()
    session.add(request)


def quote_sent(session: Session, *, quote: Quote) -> None:
    """The quote made from a request went to the customer: the request is now "quoted"."""
    for request in session.exec(select(ServiceRequest).where(ServiceRequest.quote_id == quote.id).with_for_update()):
        if REQUEST.allows(request.status, "quote"):
            _move(request, "quote")
            session.add(request)


def _tell_customer(
    session: Session, request: ServiceRequest, *, heading: str, message: str, visit_day: date | None = None
) -> None:
    """The office's answer, to the address that asked (an answer to the customer's own request: not optional), in
    their language. `heading` is marked text ({day}: the visit's day, when one is booked)."""
    if not request.requested_by:
        return
    with speaking(language_of_address(session, request.requested_by)):
        _write_answer(session, request, heading=heading, message=message, visit_day=visit_day)


def _write_answer(
    session: Session, request: ServiceRequest, *, heading: str, message: str, visit_day: date | None
) -> None:
    day_text = company_formats(session).full_day(visit_day) if visit_day else ""
    title = _(heading).format(day=day_text)
    details = (Detail(_("Visit"), day_text),) if visit_day else ()
    pool = referenced(session, ServiceLocation, request.service_location_id)
    link = portal_page_url(routes.PORTAL_REQUEST, get_portal_settings(session).slug, request_id=str(request.id))
    content = EmailContent(
        subject=f"{_(KIND_LABELS[request.kind])}: {title[0].lower()}{title[1:]}",
        heading=title,
        paragraphs=(message,) if message else (),
        details=(Detail(_("Request"), _(KIND_LABELS[request.kind])), Detail(_("Pool"), pool_name(pool)), *details),
        button=Button(_("See your request"), link) if link else None,
    )
    send_from_company(session, to=request.requested_by, template="request_answered", content=content)
