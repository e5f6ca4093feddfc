from customer_portal.services.billing import invoice_actions
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.company import audit
from customer_portal.services.customers import customers
from tests.factories import make_customer, make_draft_invoice, make_staff


def test_money_changes_are_listed_newest_first_with_who_and_what(session):
    staff = make_staff(session, email="dana@pools.example")
    customer = make_customer(session)
    invoice_id = make_draft_invoice(session, staff=staff, customer=customer)
    invoice_actions.issue_invoice(session, staff=staff, invoice_id=invoice_id)
    invoice_actions.record_manual_payment(
        session, staff=staff, invoice_id=invoice_id, payment=ManualPayment("cash", "30.00", "")
    )
    customers.set_archived(session, staff=staff, customer_id=customer.id, archived=True)
    session.commit()

    money = audit.list_entries(session, group="money")
    assert [row.action for row in money.rows] == ["payment.recorded", "invoice.issued"]
    payment = money.rows[0]
    assert payment.who == "dana@pools.example" and payment.subject == "invoice INV-00001"
    assert "amount $30.00" in payment.details and "balance $150.00" in payment.details
    assert [row.action for row in audit.list_entries(session, group="customers").rows] == ["customer.archived"]
    everything = audit.list_entries(session, group="all")
    assert everything.total == 4  # staff account created, invoice issued, payment recorded, customer archived
    assert audit.list_entries(session, group="no-such-group").total == everything.total


def test_the_audit_log_pages(session):
    staff = make_staff(session)
    customer = make_customer(session)
    for _ in range(5):
        customers.set_archived(session, staff=staff, customer_id=customer.id, archived=True)
        customers.set_archived(session, staff=staff, customer_id=customer.id, archived=False)
    session.commit()
    first, second = (audit.list_entries(session, group="customers", page=n, page_size=4) for n in (1, 2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (10, 3, 4, 4)
    assert {row.id for row in first.rows}.isdisjoint(row.id for row in second.rows)
