"""Pay Now with a card or bank account not saved yet (or Apple Pay and Google Pay, which Checkout offers where the
customer's device has them).

Stripe Checkout collects the method in setup mode, with a bank account's mandate; then each chosen invoice is paid
through the same claim -> charge -> record path as a saved card: one PaymentIntent and one payment per invoice,
exactly once. Checkout in payment mode was the alternative, but it makes one PaymentIntent for the whole session:
either one payment would cover several invoices (no receipt, refund or failure of its own per invoice, and no
per-invoice claim to make it exactly once) or the customer would go through Stripe's page once per invoice.

What the customer chose goes into a CheckoutPayment row, not the return address, and is used once. Unless they
ticked "save for next time", the method is stored not-kept: never listed nor offered for AutoPay, and detached
from Stripe as soon as its payments are answered (payment_methods.drop_used_once, also run by the job loop for a
card waiting for 3-D Secure or a bank debit still clearing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col

from customer_portal import routes
from customer_portal.adapters.payments import PaymentProviderError
from customer_portal.domain.cards import card_label
from customer_portal.domain.clock import utcnow
from customer_portal.i18n import N_, _
from customer_portal.models import CheckoutPayment, Invoice, InvoiceStatus, PaymentAttempt, id_column, id_of
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.billing.invoices import balance_of
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments import card_payments, pay_now, payment_methods
from customer_portal.services.payments.card_payments import ChargeOutcome, Transaction
from customer_portal.services.payments.payment_settings import require_gateway
from customer_portal.services.portal.owned import owned_by, owned_rows
from customer_portal.services.portal.portal_settings import portal_page_url

NOT_AVAILABLE = N_("That payment is not available.")


@dataclass(frozen=True)
class NewMethodPayment:
    """What the page shows on the way back: each invoice's result, and what paid it."""

    outcomes: list[ChargeOutcome] = field(default_factory=list)
    method: str = ""  # "Visa •••• 4242", "Stripe Test Bank account •••• 6789"
    kept: bool = False
    problem: str = ""  # nothing was charged, and why


def _payable(session: Session, customer: CustomerIdentity, invoice_ids: list[int]) -> list[int]:
    """The chosen invoices, each the customer's, open and owed, or a message before they type any card details."""
    chosen = list(dict.fromkeys(int(invoice_id) for invoice_id in invoice_ids))
    if not chosen:
        raise ServiceError(_("Choose at least one invoice to pay."))
    if len(chosen) > pay_now.MAX_INVOICES:
        raise ServiceError(_("Pay at most {count} invoices at once.").format(count=pay_now.MAX_INVOICES))
    for invoice_id in chosen:
        invoice = owned_by(session, customer, Invoice, invoice_id)
        if invoice is None or invoice.status != InvoiceStatus.OPEN or balance_of(invoice) <= 0:
            raise ServiceError(_("One of these invoices is no longer owed; reload the page."))
        if card_payments.open_attempt(session, invoice_id) is not None:
            raise ServiceError(_("{number} is already being paid; reload the page.").format(number=invoice.number))
    return chosen


def start(
    session: Session,
    *,
    customer: CustomerIdentity,
    invoice_ids: list[int],
    keep_method: bool,
    portal_slug: str,
    amount_cents: int | None = None,
) -> str:
    """Remember the choice and return the Stripe Checkout page to send the customer to."""
    pay_now.require_card_payments(customer)
    require_writable(customer)
    chosen = _payable(session, customer, invoice_ids)
    if amount_cents is not None:
        pay_now.check_part(session, customer, chosen, amount_cents)
    stripe_gateway = require_gateway(session)
    try:
        started = stripe_gateway.start_card_setup(
            customer_id=payment_methods.stripe_customer(session, customer, stripe_gateway),
            success_url=portal_page_url(routes.PORTAL_PAY_NEW_METHOD, portal_slug)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=portal_page_url(routes.PORTAL_PAY, portal_slug),
        )
    except PaymentProviderError as error:
        raise ServiceError(_("Stripe is not answering; please try again in a minute.")) from error
    session.add(
        CheckoutPayment(
            customer_id=customer.customer_id,
            checkout_session_id=started.id,
            invoice_ids=chosen,
            amount_cents=amount_cents,
            keep_method=keep_method,
            started_by=customer.email,
        )
    )
    return started.url


def _choice(session: Session, customer: CustomerIdentity, checkout_session_id: str) -> CheckoutPayment:
    """This customer's choice behind the Checkout session, locked: two tabs coming back take turns."""
    choice = session.exec(
        owned_rows(customer, CheckoutPayment)
        .where(CheckoutPayment.checkout_session_id == checkout_session_id[:255])
        .with_for_update()
    ).first()
    if choice is None:
        raise ServiceError(_(NOT_AVAILABLE))
    return choice


def _results_so_far(session: Session, customer: CustomerIdentity, choice: CheckoutPayment) -> list[ChargeOutcome]:
    """A page reloaded after paying: each invoice's latest attempt since the choice, as it stands now."""
    outcomes = []
    for invoice_id in choice.invoice_ids:
        attempt = session.exec(
            owned_rows(customer, PaymentAttempt)
            .where(PaymentAttempt.invoice_id == invoice_id, col(PaymentAttempt.created_at) >= choice.created_at)
            .order_by(id_column(PaymentAttempt).desc())
        ).first()
        if attempt is not None:
            outcomes.append(card_payments.outcome_of(session, attempt))
    return outcomes


def finish(
    transaction: Transaction, *, customer: CustomerIdentity, checkout_session_id: str, portal_slug: str
) -> NewMethodPayment:
    """Back from Checkout: pay the chosen invoices with the method just entered, once however often the page is
    loaded; then drop the method unless the customer asked to keep it."""
    with transaction() as session:
        pay_now.require_card_payments(customer)
        require_writable(customer)
        choice = _choice(session, customer, checkout_session_id)
        if choice.used_at is not None:
            return NewMethodPayment(_results_so_far(session, customer, choice), kept=choice.keep_method)
        stripe_gateway = require_gateway(session)
        expected_customer = payment_methods.stripe_customer(session, customer, stripe_gateway)
    try:
        result = stripe_gateway.finished_setup(checkout_session_id[:255])
    except PaymentProviderError:
        raise ServiceError(_("Stripe is not answering; nothing was charged. Please try again in a minute.")) from None
    if result.customer_id != expected_customer:
        raise ServiceError(_(NOT_AVAILABLE))
    if result.verifying:
        return NewMethodPayment(
            problem=_(
                "Stripe is sending two small deposits to your bank account; nothing was charged. Once you confirm "
                "them (the link is in Stripe's email), the account is in Payment Methods and you can pay with it."
            )
        )
    if result.method is None:
        return NewMethodPayment(problem=_("No card or bank account was entered; nothing was charged."))
    with transaction() as session:
        choice = _choice(session, customer, checkout_session_id)
        if choice.used_at is not None:  # another tab got here first
            return NewMethodPayment(_results_so_far(session, customer, choice), kept=choice.keep_method)
        choice.used_at = utcnow()
        session.add(choice)
        stored = payment_methods.store_card(
            session,
            customer_id=customer.customer_id,
            card=result.method,
            actor_label=customer.email,
            kept=choice.keep_method,
        )
        method_id, invoice_ids, amount_cents = id_of(stored), list(choice.invoice_ids), choice.amount_cents
        keep = choice.keep_method
    outcomes = pay_now.pay_invoices(
        transaction,
        customer=customer,
        invoice_ids=invoice_ids,
        card_id=method_id,
        portal_slug=portal_slug,
        amount_cents=amount_cents,
        method_used_once=not keep,
    )
    if not keep:
        payment_methods.drop_used_once(transaction)
    label = card_label(result.method.brand, result.method.last4, result.method.kind)
    return NewMethodPayment(outcomes, label, keep)
