"""A customer's saved payment methods, cards and US bank accounts: add one through Stripe Checkout (setup mode),
choose the default, remove one.

Card and bank details never touch this server: Checkout collects them on Stripe's page (and, for a bank account,
the debit mandate), and we keep the method's id, brand or bank, last four, a card's expiry and a bank account's
mandate. Every call is scoped to the signed-in customer's own Stripe customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.adapters.payments import (
    MethodOnFile,
    PaymentProviderError,
    ProviderRefusedRequest,
    StripeGateway,
)
from customer_portal.domain.cards import MethodKind, card_label
from customer_portal.i18n import _
from customer_portal.models import (
    OPEN_ATTEMPT_STATUSES,
    AuditActor,
    Customer,
    PaymentAttempt,
    SavedPaymentMethod,
    id_column,
    id_of,
    referenced,
)
from customer_portal.services.accounts.customer_auth import CustomerIdentity, require_writable
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError
from customer_portal.services.payments.card_payments import Transaction
from customer_portal.services.payments.payment_settings import gateway, require_gateway
from customer_portal.services.portal.owned import owned_by, owned_rows
from customer_portal.services.portal.portal_settings import portal_page_url
from customer_portal.services.portal.portal_view import require_tab


@dataclass(frozen=True)
class SavedCard:
    id: int
    label: str
    expires: str
    is_default: bool
    is_autopay: bool = False
    is_bank: bool = False  # a US bank account (ACH Direct Debit)


def list_cards(session: Session, *, customer: CustomerIdentity) -> list[SavedCard]:
    require_tab(customer, key="payment-methods")
    rows = session.exec(
        owned_rows(customer, SavedPaymentMethod)
        .where(col(SavedPaymentMethod.kept))
        .order_by(col(SavedPaymentMethod.is_default).desc(), id_column(SavedPaymentMethod))
    )
    return [
        SavedCard(
            id_of(row),
            card_label(row.brand, row.last4, row.kind),
            f"{row.exp_month:02d}/{row.exp_year}" if row.exp_month and row.exp_year else "",
            row.is_default,
            row.autopay_since is not None,
            row.kind == MethodKind.BANK_ACCOUNT,
        )
        for row in rows
    ]


def stripe_customer(session: Session, customer: CustomerIdentity, stripe_gateway: StripeGateway) -> str:
    """The customer's Stripe customer, created the first time it is needed."""
    row = referenced(session, Customer, customer.customer_id)
    if not row.processor_customer_id:
        row.processor_customer_id = stripe_gateway.create_customer(
            email=customer.email, name=row.name, reference=str(row.id)
        )
        session.add(row)
        session.flush()
    return row.processor_customer_id


def start_adding_card(session: Session, *, customer: CustomerIdentity, portal_slug: str) -> str:
    """The Stripe Checkout URL to send the customer to; creates their Stripe customer the first time."""
    require_tab(customer, key="payment-methods")
    require_writable(customer)
    stripe_gateway = require_gateway(session)
    try:
        return stripe_gateway.start_card_setup(
            customer_id=stripe_customer(session, customer, stripe_gateway),
            # Stripe fills in {CHECKOUT_SESSION_ID} when it sends the customer back.
            success_url=portal_page_url(routes.PORTAL_CARD_ADDED, portal_slug) + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=portal_page_url(routes.PORTAL_PAYMENT_METHODS, portal_slug),
        ).url
    except PaymentProviderError as error:
        raise ServiceError(_("Stripe is not answering; please try again in a minute.")) from error


def finish_adding_card(session: Session, *, customer: CustomerIdentity, checkout_session_id: str) -> str:
    """Back from Checkout: keep the card (once, however often the page is reloaded). Returns its label."""
    require_tab(customer, key="payment-methods")
    require_writable(customer)
    row = referenced(session, Customer, customer.customer_id)
    try:
        result = require_gateway(session).finished_setup(checkout_session_id[:255])
    except PaymentProviderError:
        raise ServiceError(_("That card setup is not available.")) from None
    if not row.processor_customer_id or result.customer_id != row.processor_customer_id:
        raise ServiceError(_("That card setup is not available."))  # somebody else's Checkout session
    if result.verifying:
        raise ServiceError(
            _(
                "Stripe is sending two small deposits to your bank account. Confirm them with the link in Stripe's "
                "email (in one or two business days) and the account appears here."
            )
        )
    if result.method is None:
        raise ServiceError(_("The card or bank account was not saved; you can try again."))
    store_card(session, customer_id=customer.customer_id, card=result.method, actor_label=customer.email)
    return card_label(result.method.brand, result.method.last4, result.method.kind)


def store_card(
    session: Session, *, customer_id: int, card: MethodOnFile, actor_label: str, kept: bool = True
) -> SavedPaymentMethod:
    """Keep a card or bank account Stripe saved for this customer, once: the return page and the webhooks
    (checkout.session.completed, or setup_intent.succeeded after micro-deposits) arrive here in any order. The
    first one kept becomes the default; one not kept (Pay Now without "save for next time") never does. Returns
    the stored row."""
    stored = select(SavedPaymentMethod).where(SavedPaymentMethod.processor_payment_method_id == card.id)
    if (existing := session.exec(stored).first()) is not None:
        return existing
    first = kept and (
        session.exec(
            select(SavedPaymentMethod.id).where(
                SavedPaymentMethod.customer_id == customer_id, col(SavedPaymentMethod.kept)
            )
        ).first()
        is None
    )
    row = SavedPaymentMethod(
        customer_id=customer_id,
        processor_customer_id=card.customer_id,
        processor_payment_method_id=card.id,
        brand=card.brand,
        last4=card.last4,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        kind=card.kind,
        mandate_id=card.mandate_id,
        kept=kept,
        is_default=first,
    )
    try:
        with session.begin_nested():  # the return page and the webhook may store it at the same moment
            session.add(row)
    except IntegrityError:
        return session.exec(stored).one()  # stored at the same moment by the other
    audit.record(
        session,
        action="portal.card_added",
        actor=AuditActor.CUSTOMER,
        actor_label=actor_label,
        entity_type="customer",
        entity_id=customer_id,
        details={"card": card_label(card.brand, card.last4, card.kind), "kept": kept},
    )
    return row


def _own_card(session: Session, customer: CustomerIdentity, card_id: int) -> SavedPaymentMethod:
    require_tab(customer, key="payment-methods")
    require_writable(customer)
    card = kept_method(session, customer, card_id)
    if card is None:
        raise ServiceError(_("That card is not available."))
    return card


def kept_method(session: Session, customer: CustomerIdentity, method_id: int) -> SavedPaymentMethod | None:
    """One of the customer's saved cards or bank accounts (not one used once on Pay Now)."""
    method = owned_by(session, customer, SavedPaymentMethod, method_id)
    return method if method is not None and method.kept else None


def make_default(session: Session, *, customer: CustomerIdentity, card_id: int) -> None:
    chosen = _own_card(session, customer, card_id)
    for card in session.exec(owned_rows(customer, SavedPaymentMethod)):
        card.is_default = card.id == chosen.id
        session.add(card)


def remove_card(session: Session, *, customer: CustomerIdentity, card_id: int) -> None:
    """Detach the card in Stripe, then forget it. Removing the AutoPay card turns AutoPay off (the page
    asks first)."""
    card = _own_card(session, customer, card_id)
    try:
        require_gateway(session).detach(card.processor_payment_method_id)
    except PaymentProviderError as error:
        raise ServiceError(_("Stripe did not remove the card; please try again.")) from error
    _forget(session, card, actor=AuditActor.CUSTOMER, actor_label=customer.email)


def forget_card(session: Session, *, processor_payment_method_id: str) -> bool:
    """A card detached at Stripe (the dashboard, or a removal here): forget it too."""
    card = session.exec(
        select(SavedPaymentMethod).where(SavedPaymentMethod.processor_payment_method_id == processor_payment_method_id)
    ).first()
    if card is None:
        return False
    _forget(session, card, actor=AuditActor.SYSTEM, actor_label="Stripe")
    return True


def _forget(session: Session, card: SavedPaymentMethod, *, actor: AuditActor, actor_label: str) -> None:
    """Delete the card; the newest remaining card becomes the default; AutoPay on it is off."""
    customer_id, was_default, was_autopay = card.customer_id, card.is_default, card.autopay_since is not None
    session.delete(card)
    session.flush()
    if was_default:
        newest = session.exec(
            select(SavedPaymentMethod)
            .where(SavedPaymentMethod.customer_id == customer_id)
            .order_by(id_column(SavedPaymentMethod).desc())
        ).first()
        if newest is not None:
            newest.is_default = True
            session.add(newest)
    audit.record(
        session,
        action="portal.card_removed",
        actor=actor,
        actor_label=actor_label,
        entity_type="customer",
        entity_id=customer_id,
        details={"card": f"{card.brand} {card.last4}", "autopay_turned_off": was_autopay},
    )


def used_once_and_done(session: Session) -> list[SavedPaymentMethod]:
    """Methods entered on Pay Now without "save for next time" whose payments have all been answered (a card
    waiting for 3-D Secure, or a bank debit clearing, still needs its method): to detach from Stripe."""
    busy = select(PaymentAttempt.id).where(
        PaymentAttempt.processor_payment_method_id == SavedPaymentMethod.processor_payment_method_id,
        col(PaymentAttempt.status).in_(OPEN_ATTEMPT_STATUSES),
    )
    return list(session.exec(select(SavedPaymentMethod).where(~col(SavedPaymentMethod.kept), ~busy.exists())))


@dataclass
class DropReport:
    dropped: int = 0
    errors: list[str] = field(default_factory=list)


def drop_used_once(transaction: Transaction) -> DropReport:
    """Detach from Stripe, and forget, each method used once whose payments are answered. Run after a Pay Now
    with a new method, and by the job loop for those that were still busy then."""
    report = DropReport()
    with transaction() as session:
        done = [(id_of(row), row.processor_payment_method_id) for row in used_once_and_done(session)]
        stripe_gateway = gateway(session)
    if stripe_gateway is None:
        return report
    for row_id, method_id in done:
        try:
            stripe_gateway.detach(method_id)
        except ProviderRefusedRequest:
            pass  # already detached at Stripe (the dashboard, or an earlier round that did not get to forget it)
        except PaymentProviderError as error:
            report.errors.append(str(error))  # Stripe is not answering: the next round tries again
            continue
        with transaction() as session:
            row = session.get(SavedPaymentMethod, row_id)
            if row is not None and not row.kept:
                session.delete(row)
                report.dropped += 1
    return report
