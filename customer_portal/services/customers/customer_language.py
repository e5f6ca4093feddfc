"""Which language a customer reads: what their login chose on the portal, else what the office set for them (for
the invite, before there is a login), else English. Emails are written in it, per address."""

from __future__ import annotations

from sqlmodel import Session, col, select

from customer_portal import i18n
from customer_portal.models import Customer, CustomerEmail, PortalLogin, id_of


def languages_of(session: Session, email_ids: list[int]) -> dict[int, str]:
    """Each address's language, in one query (an id not on file is left out: English)."""
    rows = session.exec(
        select(CustomerEmail.id, PortalLogin.language, Customer.language)
        .select_from(CustomerEmail)
        .join(Customer, col(Customer.id) == CustomerEmail.customer_id)
        .outerjoin(PortalLogin, col(PortalLogin.customer_email_id) == CustomerEmail.id)
        .where(col(CustomerEmail.id).in_(email_ids))
    ).all()
    return {email_id: i18n.supported(chosen or office_default) for email_id, chosen, office_default in rows if email_id}


def language_of_email(session: Session, customer_email_id: int | None) -> str:
    if customer_email_id is None:
        return i18n.ENGLISH
    return languages_of(session, [customer_email_id]).get(customer_email_id, i18n.ENGLISH)


def by_language(session: Session, emails: list[CustomerEmail]) -> dict[str, list[CustomerEmail]]:
    """The addresses grouped by the language each reads, so one email is written once per language."""
    languages = languages_of(session, [id_of(email) for email in emails])
    grouped: dict[str, list[CustomerEmail]] = {}
    for email in emails:
        grouped.setdefault(languages.get(id_of(email), i18n.ENGLISH), []).append(email)
    return grouped


def language_of_address(session: Session, address: str) -> str:
    """As language_of_email, for an address on file (a request's "requested by", say)."""
    email_id = session.exec(select(CustomerEmail.id).where(CustomerEmail.address == address.strip().lower())).first()
    return language_of_email(session, email_id)
