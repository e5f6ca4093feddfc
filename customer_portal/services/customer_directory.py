"""The staff customer list: search, filters, sorting and pagination, all in SQL.

Only one page of rows ever leaves the database, so the list stays fast with thousands of customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, exists, func, or_
from sqlmodel import Session, select

from customer_portal.models import (
    AuthToken,
    Customer,
    CustomerEmail,
    CustomerStatus,
    OutboxEmail,
    OutboxStatus,
    PortalLogin,
    SavedPaymentMethod,
    ServiceLocation,
    TokenPurpose,
)

INVITE_TEMPLATE = "portal_invite"
AUTOPAY_FILTER = "autopay"  # a portal filter value beside the PortalStatus ones

PAGE_SIZE = 25


class PortalStatus(StrEnum):
    NOT_INVITED = "not_invited"
    INVITED = "invited"
    INVITE_FAILED = "invite_failed"
    ACTIVE = "active"


PORTAL_STATUS_LABELS = {
    PortalStatus.NOT_INVITED: "Not invited",
    PortalStatus.INVITED: "Invited",
    PortalStatus.INVITE_FAILED: "Invite failed",
    PortalStatus.ACTIVE: "Active",
}


@dataclass(frozen=True)
class CustomerQuery:
    search: str = ""
    status: str = "active"  # "active", "archived" or "all"
    portal: str = "all"  # "all" or a PortalStatus value
    sort: str = "name"
    descending: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    company_name: str
    email: str
    phone: str
    address: str
    status: str
    portal_status: str
    portal_status_label: str
    autopay: bool = False


@dataclass(frozen=True)
class CustomerPage:
    rows: list[CustomerRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _email_of_customer() -> ColumnElement:
    return (
        select(CustomerEmail.address)
        .where(CustomerEmail.customer_id == Customer.id)
        .order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        .limit(1)
        .scalar_subquery()
    )


def _address_of_customer() -> ColumnElement:
    return (
        select(ServiceLocation.address)
        .where(ServiceLocation.customer_id == Customer.id)
        .order_by(ServiceLocation.id)
        .limit(1)
        .scalar_subquery()
    )


def _has_login() -> ColumnElement:
    return exists(
        select(PortalLogin.id)
        .join(CustomerEmail, CustomerEmail.id == PortalLogin.customer_email_id)
        .where(CustomerEmail.customer_id == Customer.id, PortalLogin.is_active)
    )


def _has_invite() -> ColumnElement:
    return exists(
        select(AuthToken.id)
        .join(CustomerEmail, CustomerEmail.id == AuthToken.customer_email_id)
        .where(CustomerEmail.customer_id == Customer.id, AuthToken.purpose == TokenPurpose.INVITE)
    )


def _invite_email(status: OutboxStatus) -> ColumnElement:
    return exists(
        select(OutboxEmail.id)
        .join(CustomerEmail, CustomerEmail.id == OutboxEmail.customer_email_id)
        .where(
            CustomerEmail.customer_id == Customer.id,
            OutboxEmail.template == INVITE_TEMPLATE,
            OutboxEmail.status == status,
        )
    )


def _has_autopay() -> ColumnElement:
    return exists(
        select(SavedPaymentMethod.id).where(
            SavedPaymentMethod.customer_id == Customer.id, SavedPaymentMethod.autopay_since.is_not(None)
        )
    )


def _portal_status() -> ColumnElement:
    return case(
        (_has_login(), PortalStatus.ACTIVE.value),
        (_invite_email(OutboxStatus.FAILED) & ~_invite_email(OutboxStatus.SENT), PortalStatus.INVITE_FAILED.value),
        (_has_invite(), PortalStatus.INVITED.value),
        else_=PortalStatus.NOT_INVITED.value,
    )


def _phone_digits() -> ColumnElement:
    digits: ColumnElement = Customer.phone
    for separator in ("(", ")", "-", " ", "."):
        digits = func.replace(digits, separator, "")
    return digits


def _matches(search: str) -> ColumnElement | None:
    words = search.strip().lower().split()
    if not words:
        return None
    conditions = []
    for word in words:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        # Only a word that looks like a phone number searches phone digits: "customer143@x.com" is an email.
        looks_like_phone = all(character.isdigit() or character in "()+-." for character in word)
        digits = "".join(character for character in word if character.isdigit()) if looks_like_phone else ""
        conditions.append(
            or_(
                func.lower(Customer.name).like(pattern),
                func.lower(Customer.company_name).like(pattern),
                # Phones are stored as typed; "5550143" finds "(602) 555-0143".
                _phone_digits().like(f"%{digits}%") if len(digits) >= 3 else Customer.phone.like(pattern),
                exists(
                    select(CustomerEmail.id).where(
                        CustomerEmail.customer_id == Customer.id, CustomerEmail.address.like(pattern)
                    )
                ),
                exists(
                    select(ServiceLocation.id).where(
                        ServiceLocation.customer_id == Customer.id, func.lower(ServiceLocation.address).like(pattern)
                    )
                ),
            )
        )
    return and_(*conditions)


def _filters(query: CustomerQuery) -> list[ColumnElement]:
    filters: list[ColumnElement] = []
    if query.status in (CustomerStatus.ACTIVE, CustomerStatus.ARCHIVED):
        filters.append(Customer.status == CustomerStatus(query.status))
    if query.portal == PortalStatus.ACTIVE:
        filters.append(_has_login())
    elif query.portal == PortalStatus.INVITED:
        filters.extend([~_has_login(), _has_invite()])
    elif query.portal == PortalStatus.INVITE_FAILED:
        filters.extend([~_has_login(), _invite_email(OutboxStatus.FAILED), ~_invite_email(OutboxStatus.SENT)])
    elif query.portal == PortalStatus.NOT_INVITED:
        filters.extend([~_has_login(), ~_has_invite()])
    elif query.portal == AUTOPAY_FILTER:
        filters.append(_has_autopay())
    if (match := _matches(query.search)) is not None:
        filters.append(match)
    return filters


def _sort_column(sort: str) -> ColumnElement:
    columns = {
        "name": func.lower(Customer.name),
        "email": _email_of_customer(),
        "phone": Customer.phone,
        "address": _address_of_customer(),
        "status": Customer.status,
        "created": Customer.created_at,
    }
    return columns.get(sort, columns["name"])


def _one_page(
    session: Session, filters: list[ColumnElement], ordering: tuple, page: int, size: int
) -> tuple[list, int]:
    """(the page's customer ids in order, how many match): one pass over the matches, and nothing but the id and
    the sort key computed for each of them."""
    found = session.exec(
        select(Customer.id, func.count().over())
        .where(*filters)
        .order_by(*ordering)
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    return [row[0] for row in found], found[0][1] if found else 0


def list_customers(session: Session, *, query: CustomerQuery) -> CustomerPage:
    filters = _filters(query)
    order = _sort_column(query.sort)
    ordering = (order.desc() if query.descending else order.asc(), Customer.id)
    page = max(1, query.page)
    ids, total = _one_page(session, filters, ordering, page, query.page_size)
    if not ids and page > 1:  # past the end (the list shrank meanwhile): the last page instead
        total = session.exec(select(func.count()).select_from(Customer).where(*filters)).one()
        page = max(1, -(-total // query.page_size))
        ids, total = _one_page(session, filters, ordering, page, query.page_size)
    # The columns that each take a subquery, for this page's rows only.
    statement = (
        select(
            Customer.id,
            Customer.name,
            Customer.company_name,
            _email_of_customer(),
            Customer.phone,
            _address_of_customer(),
            Customer.status,
            _portal_status(),
            _has_autopay(),
        )
        .where(Customer.id.in_(ids))
        .order_by(*ordering)
    )
    rows = [
        CustomerRow(
            id=row[0],
            name=row[1],
            company_name=row[2],
            email=row[3] or "",
            phone=row[4],
            address=row[5] or "",
            status=CustomerStatus(row[6]).value,
            portal_status=row[7],
            portal_status_label=PORTAL_STATUS_LABELS[PortalStatus(row[7])],
            autopay=bool(row[8]),
        )
        for row in (session.exec(statement) if ids else [])
    ]
    return CustomerPage(rows=rows, total=total, page=page, pages=max(1, -(-total // query.page_size)))


def matching_customer_ids(session: Session, *, query: CustomerQuery) -> list[int]:
    """Every customer the current filter matches ("select all N matching")."""
    return list(session.exec(select(Customer.id).where(*_filters(query)).order_by(Customer.id)))
