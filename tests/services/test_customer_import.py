import pytest
from sqlalchemy import func
from sqlmodel import select

from customer_portal.models import AuditLogEntry, Customer, CustomerEmail, ServiceLocation
from customer_portal.services.customers import customer_import
from customer_portal.services.errors import ServiceError
from tests.factories import make_staff

FILE = b"""Name,Email,Phone,Address
Lena Fischer,lena@example.com;lena.work@example.com,(602) 555-0101,12 Palm Way Phoenix AZ
No Email Household,,(602) 555-0102,14 Palm Way Phoenix AZ
Bad Address,not-an-email,(602) 555-0103,16 Palm Way
,nameless@example.com,,
Copycat,LENA@example.com,,
Marcus Reyes,marcus@example.com,,18 Palm Way Phoenix AZ
"""


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_preview_reports_each_row_and_changes_nothing(session):
    preview = customer_import.preview_import(session, content=FILE)
    outcomes = [(row.line, row.outcome, row.message) for row in preview.rows]
    assert outcomes == [
        (2, "new", ""),
        (3, "new", ""),
        (4, "error", "“not-an-email” is not a valid email address."),
        (5, "error", "The name is missing."),
        (6, "error", "lena@example.com appears earlier in this file."),
        (7, "new", ""),
    ]
    assert (preview.new, preview.skipped, preview.errors) == (3, 0, 3)
    assert preview.rows[0].emails == ["lena@example.com", "lena.work@example.com"]
    assert _count(session, Customer) == 0


def test_import_adds_the_good_rows_and_reimporting_adds_nothing(session):
    staff = make_staff(session)
    first = customer_import.run_import(session, staff=staff, content=FILE)
    session.commit()
    assert first.new == 3
    assert (_count(session, Customer), _count(session, CustomerEmail), _count(session, ServiceLocation)) == (3, 3, 3)
    lena = session.exec(select(Customer).where(Customer.name == "Lena Fischer")).one()
    emails = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == lena.id).order_by(CustomerEmail.id))
    assert [(e.address, e.is_primary) for e in emails] == [("lena@example.com", True), ("lena.work@example.com", False)]

    again = customer_import.run_import(session, staff=staff, content=FILE)
    session.commit()
    assert (again.new, again.skipped, again.errors) == (0, 3, 3)
    assert _count(session, Customer) == 3
    details = session.exec(
        select(AuditLogEntry.details).where(AuditLogEntry.action == "customer.imported").order_by(AuditLogEntry.id)
    ).all()
    assert details == [{"imported": 3, "skipped": 0, "errors": 3}, {"imported": 0, "skipped": 3, "errors": 3}]


def test_headers_are_matched_loosely_and_windows_files_decode(session):
    content = "Customer Name;ignored\n".replace(";", ",").encode() + "José Nuñez,x\n".encode("cp1252")
    preview = customer_import.preview_import(session, content=content)
    assert [(row.name, row.outcome) for row in preview.rows] == [("José Nuñez", "new")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"email,phone\na@example.com,1\n", "name"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_unusable_files_get_a_clear_message(session, content, message):
    with pytest.raises(ServiceError, match=message):
        customer_import.preview_import(session, content=content)
