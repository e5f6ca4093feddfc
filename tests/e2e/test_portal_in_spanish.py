"""A customer who reads Spanish, on a phone: the office sets Spanish for them and invites them; the invite is in
Spanish and opens the Spanish Create Login; then home, invoices, a visit and approving a quote, all in Spanish,
each page clean for axe; the switcher turns the portal English for the login and back."""

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.models import CustomerEmail as EmailRow
from customer_portal.models import PortalLogin, ServiceLocation, StaffUser
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.billing import invoice_actions, quotes
from customer_portal.services.billing.invoice_actions import InvoiceDraft
from customer_portal.services.billing.line_items import LineInput
from customer_portal.services.billing.quotes import QuoteDraft
from customer_portal.services.company.company import company_time_zone
from customer_portal.services.customers import customers
from customer_portal.services.customers.customers import CustomerForm, EmailInput, LocationInput
from customer_portal.services.visits import visits
from customer_portal.services.visits.visits import VisitForm
from tests.e2e.conftest import (
    DEMO_OWNER_EMAIL,
    overflows_sideways,
    screenshot,
    serious_accessibility_problems,
    wait_for_email,
)
from tests.fakes.resend_server import FakeResend

PASSWORD = "coral-reef-sunset-8"
NAME = "Lucía Romero"


def _new_customer_with_a_bill_a_visit_and_a_quote(session: Session, *, address: str) -> int:
    """Arranged as the office would have done it over the months: one pool, an invoice, a visit, a quote."""
    owner = session.exec(select(StaffUser).where(StaffUser.email == DEMO_OWNER_EMAIL)).one()
    staff = StaffIdentity(owner.id or 0, owner.email, owner.name, owner.role)
    form = CustomerForm(
        name=NAME,
        emails=[EmailInput(address, is_primary=True, send_invoices=True)],
        locations=[LocationInput("Piscina principal", "4410 E Camelback Rd, Phoenix, AZ")],
    )
    customer_id = customers.save_customer(session, staff=staff, customer_id=None, form=form)
    pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer_id)).one()
    draft = InvoiceDraft(customer_id=customer_id, lines=[LineInput("Servicio semanal", "4", "45.00")])
    invoice_actions.issue_invoice(
        session, staff=staff, invoice_id=invoice_actions.save_draft(session, staff=staff, invoice_id=None, draft=draft)
    )
    yesterday = local_day(utcnow(), company_time_zone(session)) - timedelta(days=1)
    visit = VisitForm(
        pool.id or 0,
        yesterday.isoformat(),
        "09:30",
        technician_name="Luis Ortega",
        notes_for_customer="Filtro limpio; el agua está cristalina.",
        checklist=["Skimmed surface", "Tested and balanced water"],
        readings={"free_chlorine_ppm": "3", "ph": "7.5", "total_alkalinity_ppm": "150", "cyanuric_acid_ppm": "40"},
    )
    visits.record_visit(session, staff=staff, form=visit, photos=[])
    quote = QuoteDraft(
        customer_id=customer_id, title="Clorador salino nuevo", lines=[LineInput("Clorador", "1", "890")]
    )
    quotes.send_quote(
        session, staff=staff, quote_id=quotes.save_quote_draft(session, staff=staff, quote_id=None, draft=quote)
    )
    return customer_id


def _login_language(session: Session, *, address: str) -> str:
    return session.exec(
        select(PortalLogin.language)
        .join(EmailRow, col(EmailRow.id) == PortalLogin.customer_email_id)
        .where(EmailRow.address == address)
    ).one()


def _clean(page: Page) -> None:
    """axe finds nothing serious, and nothing runs off the side of the screen."""
    assert serious_accessibility_problems(page) == []
    assert not overflows_sideways(page)


def test_a_spanish_reader_creates_a_login_and_pays_attention_to_bills_visits_and_quotes(
    staff_page: Page, phone: Page, fake_resend: FakeResend, app_database, live_app: str
):
    address = f"lucia.{uuid.uuid4().hex[:8]}@example.com"
    customer_id = app_database(_new_customer_with_a_bill_a_visit_and_a_quote, address=address)

    # The office: Spanish for this customer, then the invite from the customer list.
    office = staff_page
    office.goto(routes.staff_customer(customer_id))
    expect(office.locator("#customer-language")).to_have_value("en")
    office.locator("#customer-language").select_option("es")
    office.locator("#save-customer").click()
    expect(office.get_by_text("Changes saved.")).to_be_visible()
    office.goto(routes.STAFF_CUSTOMERS)
    office.locator("#customer-search").fill(address)
    expect(office.locator(".customer-row")).to_have_count(1)
    office.locator(".customer-row").get_by_role("checkbox").click()
    office.locator("#send-portal-invite").click()
    office.locator("#invite-continue").click()
    office.locator("#invite-send").click()
    expect(office.locator("#invite-progress")).to_contain_text("1 sent", timeout=30_000)

    invite = wait_for_email(fake_resend, address, "está listo")
    assert "Cree su cuenta de acceso aquí" in invite.text
    link = re.search(r"(https?://\S+/es/create-login\?token=\S+)", invite.text).group(1)

    # Create Login, on a phone, in Spanish.
    page = phone
    page.goto(link)
    expect(page.get_by_role("heading", name="Cree su cuenta de acceso")).to_be_visible()
    expect(page.locator("#username")).to_have_value(address)
    page.locator("#password").fill("corto")
    page.locator("#password_again").fill("corto")
    page.locator("#set-password").click()
    expect(page.locator("#password-error")).to_have_text("Use al menos 8 caracteres.")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password_again").fill(PASSWORD)
    page.locator("#set-password").click()

    # Home.
    expect(page.locator("#portal-greeting")).to_have_text(f"Hola, {NAME}")
    expect(page).to_have_url(re.compile(r"/es/?$"))
    expect(page.get_by_role("heading", name="Saldo pendiente")).to_be_visible()
    expect(page.locator("#home-pay-now, #home-balance")).not_to_have_count(0)
    expect(page.get_by_text("Una cotización espera su respuesta")).to_be_visible()
    expect(page.locator("#portal-language")).to_have_value("es")
    expect(page.locator("div[lang='es']:has(#portal-greeting)")).to_have_count(1)  # read aloud as Spanish
    _clean(page)
    screenshot(page, "spanish-home-375")
    assert app_database(_login_language, address=address) == "es"

    # Invoices.
    page.locator("#tab-invoices").click()
    expect(page.get_by_role("heading", name="Facturas", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/es/invoices/?$"))
    expect(page.get_by_text("Saldo pendiente")).to_be_visible()
    expect(page.get_by_text("$180.00").first).to_be_visible()
    _clean(page)
    screenshot(page, "spanish-invoices-375")

    # A visit: what was done and the water, in the pool trade's Spanish.
    page.goto(page.url.replace("/invoices", "/service-history"))
    expect(page.get_by_role("heading", name="Historial de servicio")).to_be_visible()
    page.locator(".visit-card").first.click()
    expect(page.get_by_role("heading", name="Trabajo realizado")).to_be_visible()
    expect(page.get_by_text("Se limpió la superficie con la red")).to_be_visible()
    expect(page.get_by_role("heading", name="Lecturas del agua")).to_be_visible()
    expect(page.get_by_text("Alcalinidad total")).to_be_visible()
    expect(page.get_by_text("Ácido cianúrico")).to_be_visible()
    expect(page.get_by_text("fuera de rango")).to_be_visible()  # alkalinity 150 is above 80–120
    _clean(page)
    screenshot(page, "spanish-visit-375")

    # The quote: approving needs the typed name; the answer is final.
    page.goto(re.sub(r"/service-history/.*$", "/quotes", page.url))
    expect(page.get_by_role("heading", name="Cotizaciones")).to_be_visible()
    page.locator(".quote-card").first.locator(".quote-action").click()
    expect(page.get_by_role("heading", name="Clorador salino nuevo")).to_be_visible()
    page.locator("#answer-approve").click()
    page.locator("#submit-answer").click()
    expect(page.locator("#answer-error")).to_have_text("Escriba su nombre completo para aprobar.")
    page.locator("#signature").fill(NAME)
    page.locator("#submit-answer").click()
    expect(page.get_by_text("Gracias: recibimos su respuesta.")).to_be_visible()
    expect(page.locator("#quote-answered")).to_contain_text(f"firmado por {NAME}")
    _clean(page)
    screenshot(page, "spanish-quote-375")

    # Your account has the same choice, showing the language being read.
    page.goto(re.sub(r"/quotes/.*$", "/account", page.url))
    expect(page.get_by_role("heading", name="Idioma")).to_be_visible()
    expect(page.locator("#account-language")).to_have_value("es")
    page.go_back()

    # The switcher: English for this login, on the same page; then Spanish again.
    page.locator("#portal-language").select_option("en")
    expect(page).to_have_url(re.compile(r"/quotes/\d+$"))
    expect(page.locator("#quote-answered")).to_contain_text(f"signed {NAME}")
    assert app_database(_login_language, address=address) == "en"
    page.locator("#portal-language").select_option("es")
    expect(page.locator("#quote-answered")).to_contain_text(f"firmado por {NAME}")
    assert app_database(_login_language, address=address) == "es"

    # The same home on a wide screen.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(re.sub(r"/quotes/.*$", "", page.url))
    expect(page.locator("#portal-greeting")).to_have_text(f"Hola, {NAME}")
    _clean(page)
    screenshot(page, "spanish-home-1280")


def test_a_first_visit_follows_the_browsers_language_and_the_choice_sticks(browser, live_app: str):
    """Accept-Language picks Spanish at the English address; choosing English there is kept by this browser."""
    context = browser.new_context(base_url=live_app, locale="es-US", viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.goto("/bluewater/sign-in")
        expect(page).to_have_url(re.compile(r"/es/sign-in/?$"))
        expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
        expect(page.locator("#forgot-password-link")).to_have_text("¿Olvidó su contraseña?")
        page.locator("#portal-language").select_option("en")
        expect(page).to_have_url(re.compile(r"/sign-in/?$"))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        page.goto("/bluewater/sign-in")  # the browser still prefers Spanish, but chose English here
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        assert "/es/" not in page.url
    finally:
        context.close()


def test_the_office_words_the_spanish_invite_and_notifications_previews_and_sends_them(
    staff_page: Page, fake_resend: FakeResend
):
    page = staff_page
    page.goto(routes.STAFF_SETTINGS)
    expect(page.locator("#invite-language")).to_have_value("en")
    expect(page.locator("#portal-invite_subject")).to_have_value(re.compile("customer portal is ready"))
    page.locator("#invite-language").select_option("es")
    expect(page.locator("#portal-invite_subject")).to_have_value("Su portal de clientes de {company_name} está listo")
    page.locator("#portal-invite_subject").fill("¡{company_name} ya tiene su portal!")
    expect(page.locator("#preview-subject")).to_contain_text("ya tiene su portal!")
    page.get_by_text("As an email app shows it").click()
    preview = page.frame_locator("#invite-preview-html")
    expect(preview.get_by_role("link", name="Cree su cuenta de acceso")).to_be_visible()
    # Switching language with unsaved words would lose them: it is refused until they are saved.
    page.locator("#invite-language").select_option("en")
    expect(page.get_by_text("Save or undo your changes before switching language.")).to_be_visible()
    page.locator("#save-portal").click()
    expect(page.locator("#unsaved")).to_have_count(0)
    page.locator("#send-preview").click()
    sent = wait_for_email(fake_resend, DEMO_OWNER_EMAIL, "ya tiene su portal!")
    assert sent.subject.startswith("[Preview] ¡") and "create-login" in sent.text and "/es/" in sent.text
    assert serious_accessibility_problems(page) == []
    screenshot(page, "office-invite-in-spanish-1280")
    # English words are untouched; then the Spanish ones go back to those that ship.
    page.locator("#invite-language").select_option("en")
    expect(page.locator("#portal-invite_subject")).to_have_value(re.compile("customer portal is ready"))
    page.locator("#invite-language").select_option("es")
    expect(page.locator("#portal-invite_subject")).to_have_value("¡{company_name} ya tiene su portal!")
    page.locator("#restore-default").click()
    page.locator("#save-portal").click()
    expect(page.locator("#unsaved")).to_have_count(0)
    expect(page.locator("#portal-invite_subject")).to_have_value("Su portal de clientes de {company_name} está listo")

    # A notification in Spanish: the words that ship, their preview in Spanish, Send Preview.
    page.goto(routes.STAFF_NOTIFICATIONS)
    page.locator("#notification-language").select_option("es")
    expect(page.locator("#notification-subject")).to_have_value("Factura {invoice_number} de {company_name}: {amount}")
    notice = page.frame_locator("#notification-preview")
    expect(notice.get_by_text("Cancelar la suscripción a estos correos")).to_be_visible()
    page.locator("#notification-send-preview").click()
    expect(page.locator("#notification-notice")).to_have_text(f"Preview sent to {DEMO_OWNER_EMAIL}.")
    assert wait_for_email(fake_resend, DEMO_OWNER_EMAIL, "[Preview] Factura").subject.endswith("$185.00")
