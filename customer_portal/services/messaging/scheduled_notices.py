"""Notifications that come due with the calendar, sent by the job loop: payment reminders around an invoice's
due date, the AutoPay notice before a charge, and a saved card about to expire.

Each is asked for on every round and queued once: the outbox's dedupe key names the invoice or card and the
occasion, so a second worker, a retried round or tomorrow's round finds it queued. A day the app was down is
made up for CATCH_UP_DAYS later, never more (a week-old "due today" would be wrong).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.cards import card_label
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.notifications import NotificationKind, due_when
from customer_portal.i18n import _
from customer_portal.models import Customer, CustomerStatus, Invoice, InvoiceStatus, SavedPaymentMethod, id_of
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.messaging.email_layout import Button, Detail
from customer_portal.services.messaging.notification_templates import schedule_of
from customer_portal.services.messaging.notifications import Notice, queue
from customer_portal.services.messaging.preferences import sent_kinds
from customer_portal.services.payments import autopay
from customer_portal.services.payments.autopay import PlannedCharge
from customer_portal.services.payments.card_payments import Transaction
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url

CATCH_UP_DAYS = 2


@dataclass
class NoticesReport:
    queued: int = 0
    errors: list[str] = field(default_factory=list)


def _page(session: Session, route: str) -> str:
    return portal_page_url(route, get_portal_settings(session).slug)


def reminder_occasions(session: Session, *, today: date) -> list[tuple[Invoice, int]]:
    """(invoice, scheduled day) for each owed invoice with a reminder day in the last CATCH_UP_DAYS: the latest
    one only, and none for an invoice AutoPay is going to charge."""
    days = schedule_of(session, NotificationKind.PAYMENT_REMINDER)
    if not days:
        return []
    candidates = session.exec(
        select(Invoice)
        .where(
            Invoice.status == InvoiceStatus.OPEN,
            col(Invoice.total_cents) > Invoice.amount_paid_cents,
            col(Invoice.due_date) >= today - timedelta(days=max(days) + CATCH_UP_DAYS),
            col(Invoice.due_date) <= today - timedelta(days=min(days)),
        )
        .order_by(col(Invoice.id))
    ).all()
    charged = {
        id_of(planned.invoice)
        for planned in autopay.planned_charges(session, invoice_ids=[id_of(invoice) for invoice in candidates])
    }
    occasions = []
    for invoice in candidates:
        if invoice.due_date is None or id_of(invoice) in charged:
            continue
        came = [day for day in days if 0 <= (today - invoice.due_date).days - day <= CATCH_UP_DAYS]
        if came:
            occasions.append((invoice, max(came)))
    return occasions


def payment_reminder(session: Session, *, invoice: Invoice, day: int, today: date) -> int:
    return queue(
        session,
        NotificationKind.PAYMENT_REMINDER,
        invoice.customer_id,
        f"invoice:{invoice.id}:day:{day}",
        partial(_payment_reminder_notice, session, invoice, day, today),
    )


def _payment_reminder_notice(session: Session, invoice: Invoice, day: int, today: date) -> Notice:
    formats = company_formats(session)
    owed = formats.money(invoice.total_cents - invoice.amount_paid_cents, invoice.currency)
    due = formats.day(invoice.due_date)
    late = (today - invoice.due_date).days if invoice.due_date else 0
    return Notice(
        {"invoice_number": invoice.number or "", "amount_due": owed, "due_date": due, "due_when": due_when(late)},
        details=(
            Detail(_("Invoice"), invoice.number or ""),
            Detail(_("Amount due"), owed),
            Detail(_("Due"), due, late > 0),
        ),
        button=Button(_("Pay now"), _page(session, routes.PORTAL_PAY) + f"?invoice={invoice.id}"),
    )


def autopay_notice(session: Session, *, planned: PlannedCharge) -> int:
    return queue(
        session,
        NotificationKind.AUTOPAY_NOTICE,
        planned.invoice.customer_id,
        f"invoice:{planned.invoice.id}",
        partial(_autopay_charge_notice, session, planned),
    )


def _autopay_charge_notice(session: Session, planned: PlannedCharge) -> Notice:
    invoice, card = planned.invoice, planned.card
    formats = company_formats(session)
    amount = formats.money(invoice.total_cents - invoice.amount_paid_cents, invoice.currency)
    label, charge_day = card_label(card.brand, card.last4, card.kind), formats.day(planned.charge_day)
    return Notice(
        {"invoice_number": invoice.number or "", "amount": amount, "card": label, "charge_date": charge_day},
        details=(
            Detail(_("Invoice"), invoice.number or ""),
            Detail(_("Amount"), amount),
            Detail(_("Card"), label),
            Detail(_("Charge date"), charge_day),
        ),
        button=Button(_("Manage AutoPay"), _page(session, routes.PORTAL_PAYMENT_METHODS)),
    )


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def expiring_cards(session: Session, *, today: date) -> list[SavedPaymentMethod]:
    """Saved cards of active customers that expire at the end of this month or next."""
    months = [(today.year, today.month), ((after := _month_after(today)).year, after.month)]
    cards = session.exec(
        select(SavedPaymentMethod)
        .join(Customer, col(Customer.id) == SavedPaymentMethod.customer_id)
        .where(Customer.status == CustomerStatus.ACTIVE, col(SavedPaymentMethod.exp_year).in_({y for y, _ in months}))
        .order_by(col(SavedPaymentMethod.id))
    ).all()
    return [card for card in cards if (card.exp_year, card.exp_month) in months]


def card_expiring(session: Session, *, card: SavedPaymentMethod) -> int:
    return queue(
        session,
        NotificationKind.CARD_EXPIRING,
        card.customer_id,
        f"card:{card.id}:{card.exp_year}-{card.exp_month}",
        partial(_card_expiring_notice, session, card),
    )


def _card_expiring_notice(session: Session, card: SavedPaymentMethod) -> Notice:
    label = card_label(card.brand, card.last4)
    expires = company_formats(session).month(date(card.exp_year or 1, card.exp_month or 1, 1))
    autopay_note = (Detail(_("Used for"), _("AutoPay")),) if card.autopay_since else ()
    return Notice(
        {"card": label, "expires": expires},
        details=(
            Detail(_("Card"), label),
            Detail(_("Expires"), _("end of {month}").format(month=expires)),
            *autopay_note,
        ),
        button=Button(_("Add a new card"), _page(session, routes.PORTAL_PAYMENT_METHODS)),
    )


def upcoming_charges(session: Session, *, today: date, invoice_ids: list[int] | None = None) -> list[PlannedCharge]:
    """AutoPay charges close enough to announce: from tomorrow to the office's number of days ahead."""
    ahead = max(schedule_of(session, NotificationKind.AUTOPAY_NOTICE), default=0)
    return autopay.planned_charges(
        session, since=today + timedelta(days=1), until=today + timedelta(days=ahead), invoice_ids=invoice_ids
    )


def _remind(session: Session, *, invoice_id: int, day: int, today: date) -> int:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.status != InvoiceStatus.OPEN or invoice.total_cents <= invoice.amount_paid_cents:
        return 0  # paid or voided since the round began
    return payment_reminder(session, invoice=invoice, day=day, today=today)


def _announce(session: Session, *, invoice_id: int, today: date) -> int:
    planned = upcoming_charges(session, today=today, invoice_ids=[invoice_id])
    return autopay_notice(session, planned=planned[0]) if planned else 0


def _warn(session: Session, *, card_id: int) -> int:
    card = session.get(SavedPaymentMethod, card_id)
    return card_expiring(session, card=card) if card else 0


@dataclass(frozen=True)
class Occasion:
    name: str
    send: Callable[[Session], int]  # reads its row again in its own transaction


def occasions(session: Session, *, today: date) -> list[Occasion]:
    """Everything that may have come due today, for the kinds the office sends."""
    kinds = set(sent_kinds(session))
    found: list[Occasion] = []
    if NotificationKind.PAYMENT_REMINDER in kinds:
        found += [
            Occasion(
                f"reminder for {invoice.number}", partial(_remind, invoice_id=id_of(invoice), day=day, today=today)
            )
            for invoice, day in reminder_occasions(session, today=today)
        ]
    if NotificationKind.AUTOPAY_NOTICE in kinds:
        found += [
            Occasion(
                f"AutoPay notice for {planned.invoice.number}",
                partial(_announce, invoice_id=id_of(planned.invoice), today=today),
            )
            for planned in upcoming_charges(session, today=today)
        ]
    if NotificationKind.CARD_EXPIRING in kinds:
        found += [
            Occasion(f"expiring card {card.id}", partial(_warn, card_id=id_of(card)))
            for card in expiring_cards(session, today=today)
        ]
    return found


def send_due_notices(transaction: Transaction, *, today: date | None = None) -> NoticesReport:
    """One round of the job: every notification that has come due, each queued in its own transaction."""
    report = NoticesReport()
    with transaction() as session:
        day = today or local_day(utcnow(), company_time_zone(session))
        due = occasions(session, today=day)
    for occasion in due:
        try:
            with transaction() as session:
                report.queued += occasion.send(session)
        except Exception as error:  # one bad row must not keep the others from their customers
            report.errors.append(f"{occasion.name}: {error}")
    return report
