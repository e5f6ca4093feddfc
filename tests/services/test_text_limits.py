"""Each typed text's limit is its column's: one number per field, the service names it, the form keeps one over."""

import pytest
from sqlmodel import Session, select

from customer_portal.models import ServiceLocation
from customer_portal.services.billing import invoice_actions, quotes
from customer_portal.services.billing.invoice_actions import InvoiceDraft, ManualPayment
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.company import company_profile
from customer_portal.services.company.company_profile import CompanyDetails
from customer_portal.services.errors import ValidationFailed
from customer_portal.services.portal import portal_settings
from customer_portal.services.portal.portal_settings import PortalSettingsForm
from customer_portal.services.text_limits import TextLimit
from customer_portal.services.visits import visits
from customer_portal.services.visits.visits import VisitForm
from tests.factories import make_customer, make_open_invoice, make_staff


def _invoice(session: Session, staff, customer, text: str, line: str) -> None:
    draft = InvoiceDraft(customer_id=customer.id, memo=text, lines=[LineInput(line, "1", "10.00")])
    invoice_actions.save_draft(session, staff=staff, invoice_id=None, draft=draft)


def _payment(session: Session, staff, customer, reference: str) -> None:
    invoice_id = make_open_invoice(session, staff=staff, customer_id=customer.id)
    payment = ManualPayment("check", "10.00", "", reference=reference)
    invoice_actions.record_manual_payment(session, staff=staff, invoice_id=invoice_id, payment=payment)


def _quote(session: Session, staff, customer, title: str, terms: str) -> None:
    draft = QuoteDraft(customer_id=customer.id, title=title, terms=terms, lines=[LineInput("Pump", "1", "900.00")])
    quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=draft)


def _visit(session: Session, staff, customer, technician: str, notes: str) -> None:
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer.id)).one()
    form = VisitForm(pool.id, "2026-11-02", "09:30", technician_name=technician, notes_for_customer=notes)
    visits.record_visit(session, staff=staff, form=form, photos=[])


def _company(session: Session, staff, _customer, hours: str) -> None:
    form = CompanyDetails(name="Bluewater Pools", hours=hours, time_zone="America/Phoenix", accent_color="#0e7490")
    company_profile.save_company(session, staff=staff, form=form)


def _portal(session: Session, staff, _customer, sender: str) -> None:
    portal_settings.save_portal_settings(session, staff=staff, form=PortalSettingsForm(invite_sender_name=sender))


def _over(limit: int) -> str:
    return "x" * (limit + 1)


CASES = [
    ("invoice memo", _invoice, (_over(2_000), "Service"), "memo", 2_000),
    ("invoice line", _invoice, ("", _over(500)), "lines.0.description", 500),
    ("payment reference", _payment, (_over(500),), "reference", 500),  # the service said 100, the column 500
    ("quote title", _quote, (_over(200), ""), "title", 200),
    ("quote terms", _quote, ("Pump", _over(5_000)), "terms", 5_000),
    ("technician", _visit, (_over(200), ""), "technician_name", 200),  # was cut to 200 without a word
    ("visit notes", _visit, ("Sam", _over(5_000)), "notes_for_customer", 5_000),
    ("company hours", _company, (_over(500),), "hours", 500),
    ("invite sender", _portal, (_over(200),), "invite_sender_name", 200),
]


@pytest.mark.parametrize(("what", "save", "texts", "field", "limit"), CASES, ids=[case[0] for case in CASES])
def test_one_character_over_the_column_is_refused_by_name(session, what, save, texts, field, limit):
    staff, customer = make_staff(session), make_customer(session)
    with pytest.raises(ValidationFailed) as error:
        save(session, staff, customer, *texts)
    assert error.value.field_errors[field] == f"Use at most {limit:,} characters."


def test_a_form_keeps_one_character_over_so_the_service_can_say_so():
    limit = TextLimit(5)
    assert limit.keep("abcdefgh") == "abcdef" and limit.exceeded_by("abcdef")
    assert not limit.exceeded_by("  abcde  ")  # checked as it is stored: stripped
