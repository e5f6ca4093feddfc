"""The staff customer list: search, filters, sorting and pagination, all in SQL.

Only one page of rows ever leaves the database. It sorts, filters and searches the customer's list columns
(services/customers/customer_listing.py keeps them), so no query runs a subquery per customer: the list stays fast with
50,000 customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Exists, SQLColumnExpression, UnaryExpression, and_, exists, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from customer_portal.i18n import N_, _
from customer_portal.models import Customer, CustomerStatus, SavedPaymentMethod, id_column
from customer_portal.services.customers.customer_listing import PortalStatus

AUTOPAY_FILTER = "autopay"  # a portal filter value beside the PortalStatus ones

PAGE_SIZE = 25


PORTAL_STATUS_LABELS = {
    PortalStatus.NOT_INVITED: N_("Not invited"),
    PortalStatus.INVITED: N_("Invited"),
    PortalStatus.INVITE_FAILED: N_("Invite failed"),
    PortalStatus.ACTIVE: N_("Active"),
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


def _has_autopay() -> Exists:
    return exists(
        select(SavedPaymentMethod.id).where(
            SavedPaymentMethod.customer_id == Customer.id, col(SavedPaymentMethod.autopay_since).is_not(None)
        )
    )


def _matches(search: str) -> ColumnElement[bool] | None:
    words = search.strip().lower().split()
    if not words:
        return None
    conditions = []
    for word in words:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        # Only a word that looks like a phone number searches phone digits: "customer143@x.com" is an email.
        looks_like_phone = all(character.isdigit() or character in "()+-." for character in word)
        digits = "".join(character for character in word if character.isdigit()) if looks_like_phone else ""
        in_text = col(Customer.search_text).like(pattern)  # name, company, phone as typed, emails, pool addresses
        # Phones are stored as typed; "5550143" finds "(602) 555-0143".
        phone = col(Customer.list_phone_digits).like(f"%{digits}%")
        conditions.append(or_(in_text, phone) if len(digits) >= 3 else in_text)
    return and_(*conditions)


def _filters(query: CustomerQuery) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    if query.status in (CustomerStatus.ACTIVE, CustomerStatus.ARCHIVED):
        filters.append(col(Customer.status) == CustomerStatus(query.status))
    if query.portal in {status.value for status in PortalStatus}:
        filters.append(col(Customer.list_portal_status) == query.portal)
    elif query.portal == AUTOPAY_FILTER:
        filters.append(_has_autopay())
    if (match := _matches(query.search)) is not None:
        filters.append(match)
    return filters


def _sort_column(sort: str) -> SQLColumnExpression[Any]:
    columns: dict[str, SQLColumnExpression[Any]] = {
        "name": col(Customer.list_name),
        "email": col(Customer.list_email),
        "phone": col(Customer.phone),
        "address": col(Customer.list_address),
        "status": col(Customer.status),
        "created": col(Customer.created_at),
    }
    return columns.get(sort, columns["name"])


Ordering = tuple[UnaryExpression[Any], SQLColumnExpression[int]]


def _page_ids(filters: list[ColumnElement[bool]], ordering: Ordering, page: int, size: int) -> SelectOfScalar[int]:
    """The ids of one page. Nothing else is computed for the rows before the page: PostgreSQL would evaluate
    every column of each row it skips."""
    return select(id_column(Customer)).where(*filters).order_by(*ordering).offset((page - 1) * size).limit(size)


def _searched_page_ids(
    filters: list[ColumnElement[bool]], order: SQLColumnExpression[Any], descending: bool, page: int, size: int
) -> Select[int, int]:
    """The ids of one page of a search, and how many match. A search reads every customer once anyway: the
    matches are found in one scan, then sorted and counted (OFFSET 0 keeps the databases from walking the sort
    index instead and testing the search on each row they meet there, slow when matches are few)."""
    matches = select(id_column(Customer), order.label("sort_key")).where(*filters).offset(0).subquery()
    key = matches.c.sort_key.desc() if descending else matches.c.sort_key.asc()
    return select(matches.c.id, func.count().over()).order_by(key, matches.c.id).offset((page - 1) * size).limit(size)


# The row's columns, read as plain values: loading 25 Customer rows instead cost a fifth more per page (and
# they would need refreshing, as the list columns are recomputed in SQL behind the session's back).
_SHOWN = (Customer.name, Customer.company_name, Customer.list_email, Customer.phone, Customer.list_address)


def _rows(session: Session, ids: list[int], ordering: Ordering) -> list[CustomerRow]:
    statement = (
        sa.select(  # more columns than sqlmodel's select types
            id_column(Customer),
            *map(col, _SHOWN),
            col(Customer.status),
            col(Customer.list_portal_status),
            _has_autopay(),
        )
        .where(col(Customer.id).in_(ids))
        .order_by(*ordering)
    )
    return [
        CustomerRow(
            id=customer_id,
            name=name,
            company_name=company_name,
            email=email,
            phone=phone,
            address=address,
            status=CustomerStatus(status).value,
            portal_status=portal_status,
            portal_status_label=_(PORTAL_STATUS_LABELS[PortalStatus(portal_status)]),
            autopay=bool(autopay),
        )
        for customer_id, name, company_name, email, phone, address, status, portal_status, autopay in (
            session.execute(statement) if ids else []
        )
    ]


def _count(session: Session, filters: list[ColumnElement[bool]]) -> int:
    return session.exec(select(func.count()).select_from(Customer).where(*filters)).one()


def list_customers(session: Session, *, query: CustomerQuery) -> CustomerPage:
    filters = _filters(query)
    order = _sort_column(query.sort)
    ordering = (order.desc() if query.descending else order.asc(), id_column(Customer))
    size, page = query.page_size, max(1, query.page)
    if query.search.strip():
        found = session.exec(_searched_page_ids(filters, order, query.descending, page, size)).all()
        if not found and page > 1:  # past the end (the list shrank meanwhile): the last page instead
            page = max(1, -(-_count(session, filters) // size))
            found = session.exec(_searched_page_ids(filters, order, query.descending, page, size)).all()
        ids, total = [row[0] for row in found], found[0][1] if found else 0
    else:
        # Without a search, the count reads an index and the page walks the sort order's index and stops.
        total = _count(session, filters)
        page = min(page, max(1, -(-total // size)))
        ids = list(session.exec(_page_ids(filters, ordering, page, size)))
    return CustomerPage(rows=_rows(session, ids, ordering), total=total, page=page, pages=max(1, -(-total // size)))


def matching_customer_ids(session: Session, *, query: CustomerQuery) -> list[int]:
    """Every customer the current filter matches ("select all N matching")."""
    return list(session.exec(select(id_column(Customer)).where(*_filters(query)).order_by(id_column(Customer))))
