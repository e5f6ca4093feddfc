"""Which language a customer reads: what their login chose on the portal, else what the office set for them (for
the invite, before there is a login), else English. Emails are written in it, per address."""

from __future__ import annotations

from sqlmodel import Session, col, select

from customer_portal import i18n
from customer_portal.models import Customer, CustomerEmail, PortalLogin


def language_of_email(session: Session, customer_email_id: int | None) -> str:
    if customer_email_id is None:
        return i18n.ENGLISH
    found = session.exec(
        select(PortalLogin.language, Customer.language)
        .select_from(CustomerEmail)
        .join(Customer, col(Customer.id) == CustomerEmail.customer_id)
        .outerjoin(PortalLogin, col(PortalLogin.customer_email_id) == CustomerEmail.id)
        .where(CustomerEmail.id == customer_email_id)
    ).first()
    if found is None:
        return i18n.ENGLISH
    chosen, office_default = found
    return i18n.supported(chosen or office_default)


def set_customer_language(session: Session, *, customer_id: int, language: str) -> None:
    """The office's choice for this customer: their invite and, until a login chooses, their emails."""
    customer = session.get(Customer, customer_id)
    if customer is not None:
        customer.language = "" if i18n.supported(language) == i18n.ENGLISH else i18n.supported(language)
        session.add(customer)


def language_of_address(session: Session, address: str) -> str:
    """As language_of_email, for an address on file (a request's "requested by", say)."""
    email_id = session.exec(select(CustomerEmail.id).where(CustomerEmail.address == address.strip().lower())).first()
    return language_of_email(session, email_id)
