"""The notifications an office action causes, queued in that action's transaction: an invoice issued (with
its PDF and a Pay button), a quote sent, a visit recorded (the visit report)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.adapters.email import Attachment
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.notifications import NotificationKind
from customer_portal.domain.water import READINGS
from customer_portal.i18n import _
from customer_portal.models import (
    Customer,
    Invoice,
    PortalSettings,
    Quote,
    ServiceLocation,
    ServiceVisit,
    VisitPhoto,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.billing import invoices
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.messaging.email_layout import Button, Detail, Photo, Section
from customer_portal.services.messaging.notifications import Notice, queue
from customer_portal.services.payments import payment_settings
from customer_portal.services.portal.portal_invoices import CustomerInvoice, invoice_document
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url
from customer_portal.services.visits.photo_access import email_thumbnail_url

MAX_PHOTOS_IN_REPORT = 6
# A visit recorded later than this after it happened is the office catching up on its records: it goes in the
# history without a report, rather than surprising the customer with news of last month.
REPORT_WITHIN = timedelta(days=2)


def _page(session: Session, route: str, **values: str) -> str:
    """A portal page's full address. One behind sign-in opens after the customer signs in."""
    return portal_page_url(route, get_portal_settings(session).slug, **values)


def _pool_name(pool: ServiceLocation | None) -> str:
    if pool is None:
        return ""
    return pool.label or pool.address


def invoice_issued(session: Session, *, invoice: Invoice) -> int:
    return queue(
        session,
        NotificationKind.INVOICE_ISSUED,
        invoice.customer_id,
        f"invoice:{invoice.id}",
        partial(_invoice_issued_notice, session, invoice),
    )


def _invoice_issued_notice(session: Session, invoice: Invoice) -> Notice:
    portal = get_portal_settings(session)
    can_pay = portal.include_payment_methods and payment_settings.activated(payment_settings.stripe_keys(session))
    formats = company_formats(session)
    amount = formats.money(invoice.total_cents, invoice.currency)
    due = formats.day(invoice.due_date)
    number = invoice.number or ""
    if can_pay:
        button = Button(_("Pay now"), _page(session, routes.PORTAL_PAY) + f"?invoice={invoice.id}")
    else:
        button = Button(_("View the invoice"), _page(session, routes.PORTAL_INVOICE, invoice_id=str(invoice.id)))
    pool = session.get(ServiceLocation, invoice.service_location_id) if invoice.service_location_id else None

    def pdf() -> tuple[Attachment, ...]:
        customer = referenced(session, Customer, invoice.customer_id)
        shown = CustomerInvoice(invoices.get_invoice(session, invoice_id=id_of(invoice)), can_pay)
        name, content = invoice_document(
            session, shown, bill_to=customer.name, service_address=pool.address if pool else ""
        )
        return (Attachment(name, "application/pdf", content),)

    return Notice(
        {"invoice_number": number, "amount": amount, "due_date": due},
        details=(Detail(_("Invoice"), number), Detail(_("Amount"), amount), Detail(_("Due"), due))
        + ((Detail(_("Pool"), _pool_name(pool)),) if pool else ()),
        button=button,
        attachments=pdf,
    )


def quote_sent(session: Session, *, quote: Quote) -> int:
    sent = quote.sent_at.isoformat() if quote.sent_at else ""  # a revised quote is sent again
    return queue(
        session,
        NotificationKind.QUOTE_SENT,
        quote.customer_id,
        f"quote:{quote.id}:{sent}",
        partial(_quote_sent_notice, session, quote),
    )


def _quote_sent_notice(session: Session, quote: Quote) -> Notice:
    formats = company_formats(session)
    total = formats.money(quote.total_cents, quote.currency)
    valid_until = formats.day(quote.expires_on)
    number = quote.number or ""
    return Notice(
        {"quote_number": number, "quote_title": quote.title, "total": total, "valid_until": valid_until},
        details=(
            Detail(_("Quote"), number),
            Detail(_("For"), quote.title),
            Detail(_("Total"), total),
            Detail(_("Valid until"), valid_until),
        ),
        button=Button(_("Read and answer the quote"), _page(session, routes.PORTAL_QUOTE, quote_id=str(quote.id))),
    )


def visit_report(session: Session, *, visit: ServiceVisit) -> int:
    """What the technician did, with readings, notes and photos as far as the portal shows each."""
    if utcnow() - visit.completed_at > REPORT_WITHIN:
        return 0
    return queue(
        session,
        NotificationKind.VISIT_REPORT,
        visit.customer_id,
        f"visit:{visit.id}",
        partial(_visit_report_notice, session, visit),
    )


def _visit_report_notice(session: Session, visit: ServiceVisit) -> Notice:
    portal = session.exec(select(PortalSettings)).first() or PortalSettings()
    zone = company_time_zone(session)
    moment = visit.completed_at.astimezone(ZoneInfo(zone))
    formats = company_formats(session)
    day = formats.day(moment.date())
    pool = session.get(ServiceLocation, visit.service_location_id)
    link = _page(session, routes.PORTAL_VISIT, visit_id=str(visit.id))
    sections: list[Section] = []
    if visit.checklist:
        sections.append(Section(_("Work done"), lines=tuple(f"✓ {item}" for item in visit.checklist)))
    if portal.include_water_readings and (readings := _readings(visit)):
        sections.append(Section(_("Water readings"), rows=readings))
    if visit.chemicals_added:
        added = (
            f"{item.get('name', '')}: {item.get('amount', '')} {item.get('unit', '')}".strip()
            for item in visit.chemicals_added
        )
        sections.append(Section(_("Chemicals added"), lines=tuple(added)))
    if portal.include_technician_notes and visit.notes_for_customer:
        sections.append(Section(_("Notes from your technician"), lines=(visit.notes_for_customer,)))
    photos: tuple[Photo, ...] = ()
    if portal.include_photos:
        today = local_day(utcnow(), zone)
        ids = session.exec(
            select(id_column(VisitPhoto)).where(VisitPhoto.visit_id == visit.id).order_by(id_column(VisitPhoto))
        ).all()
        photos = tuple(
            Photo(email_thumbnail_url(photo_id, today=today), link, _("Photo from the visit"))
            for photo_id in ids[:MAX_PHOTOS_IN_REPORT]
        )
    return Notice(
        {"visit_date": day, "pool": _pool_name(pool), "technician": visit.technician_name},
        details=(
            Detail(_("When"), formats.moment(moment)),
            Detail(_("Technician"), visit.technician_name),
            Detail(_("Pool"), _pool_name(pool)),
        ),
        button=Button(_("See the full visit"), link),
        sections=tuple(sections),
        photos=photos,
    )


def _readings(visit: ServiceVisit) -> tuple[Detail, ...]:
    rows = []
    for reading in READINGS:
        value = getattr(visit, reading.field)
        if value is not None:
            ok = reading.in_ideal_range(value)
            note = (_("ideal {range}") if ok else _("ideal {range}, out of range")).format(range=reading.ideal)
            rows.append(Detail(reading.label, reading.format(value), flagged=not ok, note=note))
    return tuple(rows)
