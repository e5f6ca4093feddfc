"""Spanish as well as English: each login keeps the language it reads, the office sets one per customer for the
invite, every email goes out in its recipient's language (links into the portal in that language too), a PDF is
in the language of whoever downloads it, and dates and money are written the way that language writes them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from customer_portal.api.app import build_api
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE
from customer_portal.domain.formatting import formats_for
from customer_portal.domain.notifications import NotificationKind
from customer_portal.i18n import speaking
from customer_portal.models import (
    CompanyProfile,
    Customer,
    CustomerEmail,
    OutboxAttachment,
    OutboxEmail,
    Payment,
    PortalLogin,
    SessionKind,
)
from customer_portal.services.accounts import customer_auth, customer_profile, passwords, sessions
from customer_portal.services.billing import invoice_actions
from customer_portal.services.billing.invoice_actions import ManualPayment
from customer_portal.services.customers import customers
from customer_portal.services.errors import ValidationFailed
from customer_portal.services.payments import payment_emails
from customer_portal.services.portal import invites
from tests.factories import make_customer, make_open_invoice, make_portal_customer, make_staff

PASSWORD = "blue-lagoon-77"


@pytest.fixture
def office(session):
    session.add(CompanyProfile(name="Bluewater Pools", email="office@bluewater.example", country="US"))
    session.commit()
    return make_staff(session)


def _login(session, email_id: int) -> PortalLogin:
    session.expire_all()
    return session.exec(select(PortalLogin).where(PortalLogin.customer_email_id == email_id)).one()


def _set_language(session, email_id: int, language: str) -> None:
    login = _login(session, email_id)
    login.language = language
    session.add(login)
    session.commit()


def _emails(session, template: str) -> list[OutboxEmail]:
    session.expire_all()
    return list(session.exec(select(OutboxEmail).where(OutboxEmail.template == template).order_by(OutboxEmail.id)))


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_login_keeps_the_language_it_first_read_and_then_what_it_chooses(session, office):
    _, identity, token = make_portal_customer(session, name="Lucía Romero")
    login = _login(session, identity.email_id)
    login.password_hash = passwords.hash_password(PASSWORD, cost=4)
    session.add(login)
    session.commit()

    first = customer_auth.sign_in(session, email=identity.email, password=PASSWORD, client_ip="1", language="es")
    session.commit()
    assert first.token and first.language == "es" and _login(session, identity.email_id).language == "es"

    # Signing in later from an English page (another browser) keeps the login's language, and says so.
    again = customer_auth.sign_in(session, email=identity.email, password=PASSWORD, client_ip="1", language="en")
    session.commit()
    assert again.language == "es" and _login(session, identity.email_id).language == "es"

    # Choosing English on the portal is kept for the login; an unknown code is English too.
    assert customer_profile.choose_language(session, token=token, language="en") == "en"
    session.commit()
    assert _login(session, identity.email_id).language == "en"
    assert customer_profile.choose_language(session, token=token, language="xx") == "en"


def test_choosing_a_language_is_kept_only_for_the_signed_in_customers_own_login(session, office):
    _, identity, _ = make_portal_customer(session, name="Lucía Romero")
    # Nobody signed in: the browser keeps its choice in a cookie, nothing is stored.
    assert customer_profile.choose_language(session, token="", language="es") == "es"
    # The office viewing the portal as the customer changes nothing of theirs.
    viewing = sessions.start_session(
        session, kind=SessionKind.STAFF, staff_user_id=office.id, viewing_customer_email_id=identity.email_id
    )
    session.commit()
    customer_profile.choose_language(session, token=viewing, language="es")
    session.commit()
    assert _login(session, identity.email_id).language == ""


def test_the_reset_email_is_in_the_logins_language_with_links_to_the_spanish_pages(session, office):
    _, identity, _ = make_portal_customer(session, name="Lucía Romero")
    _set_language(session, identity.email_id, "es")
    customer_auth.request_password_reset(session, email=identity.email)
    session.commit()
    (email,) = _emails(session, "password_reset")
    assert email.subject == "Restablezca la contraseña de su portal de Bluewater Pools"
    assert "Hola, Lucía Romero:" in email.text_body and "/bluewater/es/reset-password?token=" in email.text_body
    assert '<html lang="es">' in email.html_body and "Elija una nueva contraseña" in email.html_body


def test_an_invoice_email_goes_to_each_address_in_its_own_language_with_the_pdf_in_it(session, office):
    customer = make_customer(session, name="Familia Romero", emails=2)
    first, second = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer.id).order_by(CustomerEmail.id)
    ).all()
    session.add(PortalLogin(customer_email_id=first.id, password_hash="-", language="es"))
    session.add(PortalLogin(customer_email_id=second.id, password_hash="-", language="en"))
    session.commit()
    from customer_portal.models import PortalSettings

    session.add(PortalSettings(enabled=True, slug="bluewater"))
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.id, amount="1234.50", due=date(2026, 12, 1))

    spanish, english = _emails(session, NotificationKind.INVOICE_ISSUED.value)
    assert (spanish.to_address, english.to_address) == (first.address, second.address)
    assert spanish.subject.startswith("Factura ") and "de Bluewater Pools: $1,234.50" in spanish.subject
    assert "Hola, Familia Romero:" in spanish.text_body and "Gracias por su preferencia." in spanish.text_body
    assert "/bluewater/es/invoices/" in spanish.text_body and "Cancelar suscripción" in spanish.text_body
    assert english.subject.startswith("Invoice ") and "Hi Familia Romero" in english.text_body
    assert "/bluewater/invoices/" in english.text_body and "/es/" not in english.text_body
    pdfs = {row.outbox_email_id: _pdf_text(row.content) for row in session.exec(select(OutboxAttachment)).all()}
    assert "Saldo pendiente" in pdfs[spanish.id] and "Balance due" not in pdfs[spanish.id]
    assert "Balance due" in pdfs[english.id]


def test_the_invite_is_in_the_language_the_office_chose_for_the_customer(session, office):
    from customer_portal.models import PortalSettings

    session.add(PortalSettings(enabled=True, slug="bluewater"))
    customer = make_customer(session, name="Lucía Romero")
    session.commit()
    detail = customers.get_customer(session, customer_id=customer.id)
    assert detail.form.language == "en"
    detail.form.language = "es"
    customers.save_customer(session, staff=office, customer_id=customer.id, form=detail.form)
    session.commit()
    assert session.get(Customer, customer.id).language == "es"

    invites.send_invites(session, staff=office, customer_ids=[customer.id])
    session.commit()
    (email,) = _emails(session, "portal_invite")
    assert email.subject == "Su portal de clientes de Bluewater Pools está listo"
    assert "Cree su cuenta de acceso aquí" in email.text_body
    assert "/bluewater/es/create-login?token=" in email.text_body


def test_a_receipt_is_in_the_payers_language_with_dates_and_money_as_spanish_writes_them(session, office):
    _, identity, _ = make_portal_customer(session, name="Lucía Romero")
    _set_language(session, identity.email_id, "es")
    invoice_id = make_open_invoice(session, staff=office, customer_id=identity.customer_id, amount="85.00")
    invoice_actions.record_manual_payment(
        session, staff=office, invoice_id=invoice_id, payment=ManualPayment("check", "85.00", "", "1042")
    )
    session.commit()
    payment = session.exec(select(Payment).where(Payment.invoice_id == invoice_id)).one()
    assert payment_emails.queue_receipt(session, payment=payment) == 1
    session.commit()
    email = _emails(session, payment_emails.RECEIPT_TEMPLATE)[-1]
    assert email.subject.startswith("Recibo: $85.00 por ")
    assert "Gracias por su pago" in email.text_body and "Pagado con: Cheque" in email.text_body


def test_a_pdf_is_in_the_language_of_whoever_downloads_it(session, office):
    _, identity, token = make_portal_customer(session, name="Lucía Romero")
    invoice_id = make_open_invoice(session, staff=office, customer_id=identity.customer_id, amount="85.00")
    with TestClient(build_api(), cookies={CUSTOMER_SESSION_COOKIE: token}) as client:
        english = _pdf_text(client.get(f"/api/portal/invoices/{invoice_id}.pdf").content)
        _set_language(session, identity.email_id, "es")
        spanish = _pdf_text(client.get(f"/api/portal/invoices/{invoice_id}.pdf").content)
    assert "Balance due" in english and "Page 1 of 1" in english and "Saldo pendiente" not in english
    assert "Saldo pendiente" in spanish and "Facturar a" in spanish and "Página 1 de 1" in spanish
    assert "Balance due" not in spanish and "Descripción" in spanish


def test_dates_times_and_money_are_written_as_each_language_writes_them():
    english, spanish = formats_for("US", "en"), formats_for("US", "es")
    assert (english.locale, spanish.locale) == ("en_US", "es_US")
    assert english.day(date(2026, 12, 1)) == "Dec 1, 2026" and spanish.day(date(2026, 12, 1)) == "1 dic 2026"
    assert spanish.full_day(date(2026, 12, 8)) == "martes, 8 de diciembre de 2026"
    assert english.money(123450) == spanish.money(123450) == "$1,234.50"
    assert formats_for("GB", "es").locale == "es"  # no Spanish-in-Britain data: Spanish as CLDR writes it
    with speaking("es"):
        from customer_portal.domain.schedule import ServiceSchedule

        assert ServiceSchedule(1, 2, date(2026, 1, 1)).describe() == "Un martes sí y otro no"


def test_the_office_writes_each_notification_in_spanish_too_and_each_reader_gets_their_own(session, office):
    from customer_portal.models import PortalSettings
    from customer_portal.services.messaging import notification_templates

    session.add(PortalSettings(enabled=True, slug="bluewater"))
    session.commit()
    kind = NotificationKind.INVOICE_ISSUED
    spanish = notification_templates.get_template(session, kind, "es")
    assert spanish.language == "es" and spanish.subject == "Factura {invoice_number} de {company_name}: {amount}"
    spanish.subject, spanish.body = "Nueva factura {invoice_number}", "Estimado {customer_name}: adjuntamos su factura."
    notification_templates.save_template(session, staff=office, form=spanish)
    english = notification_templates.get_template(session, kind, "en")
    english.enabled, english.subject = True, "Your bill {invoice_number}"
    notification_templates.save_template(session, staff=office, form=english)
    session.commit()
    # Each language keeps its own words; the switch and timing are the same for both.
    assert notification_templates.get_template(session, kind, "es").subject == "Nueva factura {invoice_number}"
    assert notification_templates.get_template(session, kind, "en").subject == "Your bill {invoice_number}"

    bad = notification_templates.get_template(session, kind, "es")
    bad.subject = "Factura {numero}"
    with pytest.raises(ValidationFailed) as refused:
        notification_templates.save_template(session, staff=office, form=bad)
    assert "{numero}" in refused.value.field_errors["subject"]

    preview = notification_templates.preview(session, form=notification_templates.get_template(session, kind, "es"))
    assert preview.subject.startswith("Nueva factura") and '<html lang="es">' in preview.html

    customer = make_customer(session, name="Familia Romero", emails=2)
    first = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer.id).order_by(CustomerEmail.id)
    ).first()
    session.add(PortalLogin(customer_email_id=first.id, password_hash="-", language="es"))
    session.commit()
    make_open_invoice(session, staff=office, customer_id=customer.id)
    to_spanish, to_english = _emails(session, kind.value)
    assert to_spanish.subject.startswith("Nueva factura") and "Estimado Familia Romero" in to_spanish.text_body
    assert to_english.subject.startswith("Your bill")


def test_the_office_writes_the_invite_in_spanish_previews_it_and_spanish_readers_get_it(session, office):
    from customer_portal.services.portal import portal_settings

    customer = make_customer(session, name="Lucía Romero")
    customer.language = "es"
    session.add(customer)
    session.commit()
    form = portal_settings.get_portal_settings(session, invite_language="es")
    assert form.invite_subject == "Su portal de clientes de {company_name} está listo"
    form.enabled, form.slug = True, "bluewater"
    form.invite_subject = "¡Bienvenida al portal de {company_name}!"
    form.invite_body = "Hola {customer_name}: cree su acceso aquí {create_login_link}"
    portal_settings.save_portal_settings(session, staff=office, form=form)
    session.commit()
    english = portal_settings.get_portal_settings(session)
    assert english.invite_subject == "Your {company_name} customer portal is ready"  # untouched
    assert english.enabled and english.slug == "bluewater"

    spanish = portal_settings.get_portal_settings(session, invite_language="es")
    preview = invites.preview(session, form=spanish)
    assert preview.subject == "¡Bienvenida al portal de Bluewater Pools!"
    assert "Cree su cuenta de acceso" in preview.html and "/bluewater/es/create-login" in preview.text
    assert invites.send_preview(session, staff=office, form=spanish) == office.email

    invites.send_invites(session, staff=office, customer_ids=[customer.id])
    session.commit()
    (email,) = _emails(session, "portal_invite")
    assert email.subject == "¡Bienvenida al portal de Bluewater Pools!"
    assert "Hola Lucía Romero: cree su acceso aquí http" in email.text_body


def test_a_refused_card_is_explained_in_the_payers_language_stripes_words_included(session, office, stripe):
    from customer_portal.db import session_scope
    from customer_portal.services.payments import pay_now
    from tests.factories import save_card

    _, identity, _ = make_portal_customer(session, name="Lucía Romero")
    card_id = save_card(session, stripe, identity)
    first = make_open_invoice(session, staff=office, customer_id=identity.customer_id, amount="80.00")
    second = make_open_invoice(session, staff=office, customer_id=identity.customer_id, amount="45.00")
    stripe.decline_amounts.add(8000)
    session.commit()
    with speaking("es"):  # as the Spanish Pay Now page's handler speaks
        outcomes = pay_now.pay_invoices(
            session_scope, customer=identity, invoice_ids=[first, second], card_id=card_id, portal_slug="bluewater"
        )
    assert [(outcome.result, outcome.message) for outcome in outcomes] == [
        ("declined", "Su tarjeta fue rechazada."),
        ("paid", "Pagada."),
    ]
    # The attempt keeps Stripe's own words; each reader sees them in their language.
    (english,) = pay_now.pay_invoices(
        session_scope, customer=identity, invoice_ids=[first], card_id=card_id, portal_slug="bluewater"
    )
    assert english.message == "Your card was declined."
