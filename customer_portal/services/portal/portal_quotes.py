"""A customer's quotes: the list, one quote, and their answer (approve, reject, ask for more information).

An answer changes the quote through the status machine, so it cannot be given twice or to an expired
quote; it records who answered, when and from where, and reaches the office by email.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sqlmodel import Session, select

from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.transitions import QUOTE, IllegalTransition
from customer_portal.i18n import N_, OFFICE_LANGUAGE, _, speaking
from customer_portal.models import (
    AuditActor,
    CompanyProfile,
    Quote,
    QuoteStatus,
    StaffRole,
    StaffUser,
    id_column,
    id_of,
)
from customer_portal.models.types import max_length_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.billing import quotes
from customer_portal.services.billing.line_items import LineView
from customer_portal.services.billing.quotes import QuoteDetail, QuotePage, QuoteQuery
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_time_zone, local_moment
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox
from customer_portal.services.portal.owned import owned_rows
from customer_portal.services.portal.portal_view import require_tab
from customer_portal.services.text_limits import TextLimit

# What the office is told of each answer, subject and first line.
ANSWERS = {
    "approve": (N_("Quote {number} approved by {name}"), N_("{name} ({email}) approved quote {number}: {title}.")),
    "reject": (N_("Quote {number} rejected by {name}"), N_("{name} ({email}) rejected quote {number}: {title}.")),
    "request_info": (
        N_("Quote {number} asked about by {name}"),
        N_("{name} ({email}) asked about quote {number}: {title}."),
    ),
}


def list_quotes(session: Session, *, customer: CustomerIdentity, status: str = "all", page: int = 1) -> QuotePage:
    require_tab(customer, key="quotes")
    query = QuoteQuery(status=status, customer_id=customer.customer_id, sent_only=True, page=page, page_size=20)
    return quotes.list_quotes(session, query=query)


@dataclass(frozen=True)
class CustomerQuote:
    """A quote as its customer sees it: the office's view also says from which IP and email it was answered."""

    id: int
    number: str = ""
    title: str = ""
    status: str = ""
    sent_on: str = ""
    valid_until: str = ""
    terms: str = ""
    total: str = ""
    lines: list[LineView] = field(default_factory=list)
    responded_at: str = ""
    response_name: str = ""
    response_message: str = ""


def _customer_view(detail: QuoteDetail) -> CustomerQuote:
    return CustomerQuote(**{shown.name: getattr(detail, shown.name) for shown in fields(CustomerQuote)})


def _owned(session: Session, customer: CustomerIdentity, quote_id: int, *, lock: bool = False) -> Quote:
    require_tab(customer, key="quotes")
    statement = owned_rows(customer, Quote).where(Quote.id == quote_id)
    quote = session.exec(statement.with_for_update() if lock else statement).first()
    if quote is None or quote.status == QuoteStatus.DRAFT:
        raise ServiceError(_("That quote is not available."))
    return quote


def get_quote(session: Session, *, customer: CustomerIdentity, quote_id: int) -> CustomerQuote:
    _owned(session, customer, quote_id)
    return _customer_view(quotes.get_quote(session, quote_id=quote_id))


def office_address(session: Session) -> str:
    company = session.exec(select(CompanyProfile.email)).first()
    if company:
        return company
    return (
        session.exec(
            select(StaffUser.email).where(StaffUser.role == StaffRole.OWNER).order_by(id_column(StaffUser))
        ).first()
        or ""
    )


# What the customer types, and the columns it is kept in.
ANSWER_LIMITS = {
    "signature": TextLimit(max_length_of(Quote, "response_name")),
    "message": TextLimit(max_length_of(Quote, "response_message")),
}


def respond(
    session: Session,
    *,
    customer: CustomerIdentity,
    quote_id: int,
    action: str,
    client_ip: str,
    signature: str = "",
    message: str = "",
) -> CustomerQuote:
    require_writable(customer)
    if action not in ANSWERS:
        raise ServiceError(_("Choose approve, reject or ask a question."))
    quotes.expire_lapsed(session, today=local_day(utcnow(), company_time_zone(session)))
    quote = _owned(session, customer, quote_id, lock=True)
    signature, message = signature.strip(), message.strip()
    if action == "approve" and len(signature) < 2:
        raise ValidationFailed({"signature": _("Type your full name to approve.")})
    if action == "request_info" and not message:
        raise ValidationFailed({"message": _("Write your question.")})
    too_long = {
        field: ANSWER_LIMITS[field].message
        for field, text in (("signature", signature), ("message", message))
        if ANSWER_LIMITS[field].exceeded_by(text)
    }
    if too_long:
        raise ValidationFailed(too_long)
    try:
        quote.status = QUOTE.apply(quote.status, action)
    except IllegalTransition:
        if quote.status == QuoteStatus.EXPIRED:
            raise ServiceError(_("This quote has expired; contact us if something has changed.")) from None
        raise ServiceError(_("This quote has already been answered; contact us if something has changed.")) from None
    quote.responded_at, quote.response_ip = utcnow(), client_ip[:64]
    quote.response_name, quote.response_message = (signature if action == "approve" else ""), message
    quote.responded_by_email_id = customer.email_id
    session.add(quote)
    audit.record(
        session,
        action=f"quote.{quote.status.value}",
        actor=AuditActor.CUSTOMER,
        actor_label=customer.email,
        entity_type="quote",
        entity_id=quote.id,
        details={"number": quote.number, "ip": client_ip},
    )
    if to := office_address(session):
        _tell_office(session, to, customer, quote, action, signature, message, client_ip)
    session.flush()
    return _customer_view(quotes.get_quote(session, quote_id=id_of(quote)))


def _tell_office(
    session: Session,
    to: str,
    customer: CustomerIdentity,
    quote: Quote,
    action: str,
    signature: str,
    message: str,
    client_ip: str,
) -> None:
    with speaking(OFFICE_LANGUAGE):
        subject, first_line = (_(words) for words in ANSWERS[action])
        names = {"name": customer.customer_name, "email": customer.email, "number": quote.number, "title": quote.title}
        at = local_moment(session, quote.responded_at or utcnow())
        lines = [
            first_line.format(**names),
            _("Signed: {name}").format(name=signature) if signature else "",
            _("Message: {message}").format(message=message) if message else "",
            _("From IP {ip} at {moment}.").format(ip=client_ip, moment=at),
        ]
        outbox.enqueue(
            session,
            to=to,
            template="quote_response",
            subject=subject.format(**names),
            text="\n".join(line for line in lines if line),
            reply_to=customer.email,
        )
