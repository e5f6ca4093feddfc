"""Pay Now: the customer picks any or all outstanding invoices and a saved card or bank account (or one entered
just now: pay_with_new_method.py); each invoice gets its own PaymentIntent and, when it succeeds, its own payment
(the seed's rule). One can be declined while the others succeed, a card that wants 3-D Secure sends the customer
to their bank and back, and a bank debit stays "processing" for the days it takes.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from sqlmodel import Session, col

from customer_portal import routes
from customer_portal.adapters.payments import PaymentProviderError, StripeGateway
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.invoices import is_overdue
from customer_portal.i18n import _
from customer_portal.models import (
    OPEN_ATTEMPT_STATUSES,
    AttemptSource,
    Invoice,
    InvoiceStatus,
    PaymentAttempt,
    SavedPaymentMethod,
    id_column,
    id_of,
)
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.billing.invoices import balance_of
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.payments import card_payments, payment_methods, payment_settings
from customer_portal.services.payments.card_payments import ChargeOutcome, Claim, Transaction
from customer_portal.services.payments.payment_methods import SavedCard
from customer_portal.services.payments.payment_settings import require_gateway
from customer_portal.services.portal.owned import owned_by, owned_rows, owned_select
from customer_portal.services.portal.portal_settings import portal_page_url
from customer_portal.services.portal.portal_view import require_tab, shows

# Stripe calls for different invoices overlap, a few at a time: Stripe's test mode allows 25 requests a
# second, and a customer paying a year of monthly invoices should not wait a dozen round trips.
CONCURRENT_CHARGES = 20
MAX_INVOICES = 100


@dataclass(frozen=True)
class PayableInvoice:
    id: int
    number: str
    due: str
    balance: str
    balance_cents: int
    overdue: bool
    in_progress: bool  # an earlier payment is still being confirmed: not selectable


@dataclass(frozen=True)
class PayNowView:
    invoices: list[PayableInvoice] = field(default_factory=list)
    cards: list[SavedCard] = field(default_factory=list)
    locale: str = "en_US"  # how the page writes the total of the invoices the customer ticks
    partial_minimum_cents: int | None = None  # set while the office lets one invoice be paid in part


def require_card_payments(customer: CustomerIdentity) -> None:
    """Pay Now lives in Invoices and pays with saved cards: both must be shown to this customer (Payment
    Methods is shown only while Stripe is activated)."""
    require_tab(customer, key="invoices")
    require_tab(customer, key="payment-methods")


def can_pay_online(customer: CustomerIdentity) -> bool:
    """Whether to offer Pay Now: the same rule as require_card_payments, as a yes or no (from the sections the
    event's session check found; no query)."""
    return shows(customer, "invoices") and shows(customer, "payment-methods") and not customer.read_only


def pay_now_view(session: Session, *, customer: CustomerIdentity) -> PayNowView:
    require_card_payments(customer)
    today = local_day(utcnow(), company_time_zone(session))
    busy = set(
        session.exec(
            owned_select(customer, PaymentAttempt, col(PaymentAttempt.invoice_id)).where(
                col(PaymentAttempt.status).in_(OPEN_ATTEMPT_STATUSES)
            )
        )
    )
    rows = session.exec(
        owned_rows(customer, Invoice)
        .where(Invoice.status == InvoiceStatus.OPEN, col(Invoice.total_cents) > Invoice.amount_paid_cents)
        .order_by(col(Invoice.due_date), id_column(Invoice))
        .limit(MAX_INVOICES)
    )
    formats = company_formats(session)
    invoices = [
        PayableInvoice(
            id=id_of(invoice),
            number=invoice.number or "",
            due=formats.day(invoice.due_date),
            balance=formats.money(balance_of(invoice), invoice.currency),
            balance_cents=balance_of(invoice),
            overdue=bool(invoice.due_date and is_overdue(invoice.status, invoice.due_date, today)),
            in_progress=invoice.id in busy,
        )
        for invoice in rows
    ]
    partial = payment_settings.partial_payments(session)
    return PayNowView(
        invoices,
        payment_methods.list_cards(session, customer=customer),
        formats.locale,
        partial.minimum_cents if partial.allowed else None,
    )


def check_part(session: Session, customer: CustomerIdentity, invoice_ids: list[int], amount_cents: int) -> None:
    """A part is paid only when the office allows it, of one invoice, and not below the office's minimum (unless
    that is more than is owed: then only the whole balance)."""
    partial = payment_settings.partial_payments(session)
    if not partial.allowed:
        raise ServiceError(_("Invoices are paid in full here; contact us to arrange otherwise."))
    if len(invoice_ids) != 1:
        raise ServiceError(_("Choose one invoice to pay part of it."))
    invoice = owned_by(session, customer, Invoice, invoice_ids[0])
    balance = balance_of(invoice) if invoice else 0
    smallest = min(partial.minimum_cents, balance)
    if not smallest <= amount_cents <= balance or amount_cents <= 0:
        money = company_formats(session).money
        if smallest == balance:
            least = money(partial.minimum_cents)
            message = _("Pay the whole {balance}: it is less than the smallest part taken ({least}).").format(
                balance=money(balance), least=least
            )
        else:
            message = _("Pay from {low} to {high} of this invoice.").format(
                low=money(max(smallest, 1)), high=money(balance)
            )
        raise ValidationFailed({"amount": message})


def _claim_all(
    session: Session,
    *,
    customer: CustomerIdentity,
    invoice_ids: list[int],
    card_id: int,
    portal_slug: str,
    amount_cents: int | None = None,
    method_used_once: bool = False,
) -> tuple[StripeGateway, list[Claim], list[ChargeOutcome]]:
    require_card_payments(customer)
    require_writable(customer)
    if amount_cents is not None:
        check_part(session, customer, invoice_ids, amount_cents)
    card = owned_by(session, customer, SavedPaymentMethod, card_id)
    if card is None or card.kept == method_used_once:
        raise ServiceError(_("Choose one of your saved cards."))
    stripe_gateway = require_gateway(session)
    return_url = portal_page_url(routes.PORTAL_PAY_RETURN, portal_slug)
    claims, refused = [], []
    for invoice_id in sorted(invoice_ids):  # one lock order for everyone: no deadlocks between two tabs
        claimed = card_payments.claim(
            session,
            invoice_id=invoice_id,
            customer_id=customer.customer_id,
            card=card,
            source=AttemptSource.PAY_NOW,
            started_by=customer.email,
            return_url=return_url,
            amount_cents=amount_cents,
        )
        if isinstance(claimed, Claim):
            claims.append(claimed)
        else:
            invoice = owned_by(session, customer, Invoice, invoice_id)
            number = (invoice.number or "") if invoice else ""  # never another customer's invoice number
            refused.append(ChargeOutcome(invoice_id, number, "", "refused", claimed))
    return stripe_gateway, claims, refused


def pay_invoices(
    transaction: Transaction,
    *,
    customer: CustomerIdentity,
    invoice_ids: list[int],
    card_id: int,
    portal_slug: str,
    amount_cents: int | None = None,
    method_used_once: bool = False,  # the method just entered on Checkout without "save for next time"
) -> list[ChargeOutcome]:
    """Claim every chosen invoice in one transaction (committed before Stripe hears of any), then charge
    them together and record the answers as they arrive. Returns one outcome per invoice. With `amount_cents`,
    that part of the one chosen invoice (where the office allows parts)."""
    chosen = list(dict.fromkeys(int(invoice_id) for invoice_id in invoice_ids))
    if not chosen:
        raise ServiceError(_("Choose at least one invoice to pay."))
    if len(chosen) > MAX_INVOICES:
        raise ServiceError(_("Pay at most {count} invoices at once.").format(count=MAX_INVOICES))
    with transaction() as session:
        stripe_gateway, claims, refused = _claim_all(
            session,
            customer=customer,
            invoice_ids=chosen,
            card_id=card_id,
            portal_slug=portal_slug,
            amount_cents=amount_cents,
            method_used_once=method_used_once,
        )
    charged: list[ChargeOutcome] = []
    with ThreadPoolExecutor(max_workers=CONCURRENT_CHARGES) as pool:
        waiting = {pool.submit(card_payments.send_charge, stripe_gateway, claimed) for claimed in claims}
        while waiting:
            # Recorded here, the answers that have arrived in one transaction at a time: the calls overlap,
            # the writes do not (twenty threads queuing for SQLite's write lock cost more than they overlapped).
            arrived, waiting = wait(waiting, return_when=FIRST_COMPLETED)
            answers = [future.result() for future in arrived]
            charged += card_payments.record_answers(transaction, answers, notify_failure=False)
    by_invoice = {outcome.invoice_id: outcome for outcome in [*charged, *refused]}
    return [by_invoice[invoice_id] for invoice_id in chosen]


def finish_authentication(transaction: Transaction, *, customer: CustomerIdentity, intent_id: str) -> ChargeOutcome:
    """Back from the bank's 3-D Secure page: ask Stripe how it ended and record it."""
    with transaction() as session:
        require_card_payments(customer)
        attempt = session.exec(
            owned_rows(customer, PaymentAttempt).where(PaymentAttempt.processor_intent_id == intent_id[:255])
        ).first()
        if attempt is None:
            raise ServiceError(_("That payment is not available."))
        stripe_gateway = require_gateway(session)
    try:
        intent = stripe_gateway.intent(intent_id)
    except PaymentProviderError as error:
        raise ServiceError(_("Stripe is not answering; your payment will show here once it is confirmed.")) from error
    with transaction() as session:
        attempt = card_payments.apply_intent(session, intent=intent, notify_failure=False)
        if attempt is None:  # Stripe's answer is for a payment this portal did not start
            raise ServiceError(_("That payment is not available."))
        return card_payments.outcome_of(session, attempt)
