from datetime import timedelta

import pytest
from sqlmodel import select

from customer_portal.domain.clock import utcnow
from customer_portal.models import AuthToken, Customer, CustomerEmail, CustomerStatus, PortalLogin, TokenPurpose
from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers, matching_customer_ids
from tests.factories import make_customer


@pytest.fixture
def directory(session):
    names = ["Alma Reyes", "bruno Okafor", "Carla Nguyen", "Dev Patel", "Eve Brennan"]
    made = [make_customer(session, name=name) for name in names]
    made[1].phone = "(602) 555-0143"
    made[4].status = CustomerStatus.ARCHIVED
    session.add_all(made)
    emails = {c.id: session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == c.id)).one() for c in made}
    session.add(PortalLogin(customer_email_id=emails[made[0].id].id, password_hash="x"))
    session.add(
        AuthToken(
            token_hash="h" * 64,
            purpose=TokenPurpose.INVITE,
            customer_email_id=emails[made[2].id].id,
            expires_at=utcnow() + timedelta(hours=72),
        )
    )
    session.commit()
    return made


def _names(session, **query):
    return [row.name for row in list_customers(session, query=CustomerQuery(**query)).rows]


def test_active_customers_sorted_by_name_case_insensitively(session, directory):
    assert _names(session) == ["Alma Reyes", "bruno Okafor", "Carla Nguyen", "Dev Patel"]
    assert _names(session, descending=True) == ["Dev Patel", "Carla Nguyen", "bruno Okafor", "Alma Reyes"]
    assert _names(session, status="archived") == ["Eve Brennan"]
    assert len(_names(session, status="all")) == 5


def test_search_by_name_email_phone_and_address(session, directory):
    assert _names(session, search="okafor") == ["bruno Okafor"]
    assert _names(session, search="5550143") == ["bruno Okafor"]
    assert _names(session, search="555-0143") == ["bruno Okafor"]
    email = session.exec(select(CustomerEmail.address).where(CustomerEmail.customer_id == directory[3].id)).one()
    assert _names(session, search=email.upper()) == ["Dev Patel"]
    # An email whose number appears in someone's phone finds only the email's owner.
    directory[3].phone = "(480) 555-7777"
    email_row = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == directory[3].id)).one()
    email_row.address = "pool0143@example.com"
    session.add_all([directory[3], email_row])
    session.commit()
    assert _names(session, search="pool0143@example.com") == ["Dev Patel"]
    assert len(_names(session, search="palm way")) == 4
    assert _names(session, search="nobody-matches-this") == []
    assert _names(session, search="100%") == _names(session, search="100")  # wildcards are literal text


def test_portal_status_filter(session, directory):
    assert _names(session, portal="active") == ["Alma Reyes"]
    assert _names(session, portal="invited") == ["Carla Nguyen"]
    assert _names(session, portal="not_invited") == ["bruno Okafor", "Dev Patel"]
    rows = list_customers(session, query=CustomerQuery()).rows
    assert [row.portal_status_label for row in rows] == ["Active", "Not invited", "Invited", "Not invited"]


def test_pagination_is_done_in_the_database(session, directory):
    first = list_customers(session, query=CustomerQuery(page_size=3, page=1))
    second = list_customers(session, query=CustomerQuery(page_size=3, page=2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (4, 2, 3, 1)
    assert {row.id for row in first.rows}.isdisjoint({row.id for row in second.rows})
    beyond = list_customers(session, query=CustomerQuery(page_size=3, page=99))
    assert beyond.page == 2 and beyond.rows == second.rows


@pytest.mark.parametrize("sort", ["email", "phone", "address", "status", "created", "no-such-column"])
def test_every_sort_column_works_both_ways(session, directory, sort):
    up = list_customers(session, query=CustomerQuery(sort=sort)).rows
    down = list_customers(session, query=CustomerQuery(sort=sort, descending=True)).rows
    assert len(up) == len(down) == 4


def test_sorting_by_email_orders_by_the_primary_address(session, directory):
    rows = list_customers(session, query=CustomerQuery(sort="email")).rows
    assert [row.email for row in rows] == sorted(row.email for row in rows)


def test_select_all_matching_returns_every_id_of_the_filter(session, directory):
    ids = matching_customer_ids(session, query=CustomerQuery(status="all"))
    assert ids == sorted(customer.id for customer in session.exec(select(Customer)))
