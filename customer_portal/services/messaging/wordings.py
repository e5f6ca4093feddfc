"""The office's words for its emails in the languages other than English: the invite and each notification.

English lives where it always has (the portal settings' invite columns, a notification's template row); another
language's words are a TemplateWording row, and a language the office never wrote in is sent in the words that
ship, translated by the catalog. Checked like the English (known placeholders only, nothing empty)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.i18n import _, speaking
from customer_portal.models import TemplateWording

INVITE = "invite"  # the template name of the invite; a notification's is its kind


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


def shipped(default: Wording, language: str) -> Wording:
    """The words that ship (`default` holds the English, marked for translation) in `language`."""
    with speaking(language):
        return Wording(_(default.subject), _(default.body))


def stored(session: Session, *, template: str, language: str) -> Wording | None:
    row = session.exec(
        select(TemplateWording).where(TemplateWording.template == template, TemplateWording.language == language)
    ).first()
    return Wording(row.subject, row.body) if row is not None and row.subject and row.body else None


def in_language(session: Session, *, template: str, language: str, default: Wording) -> Wording:
    """The office's words in a language other than English, or the shipped ones when it wrote none."""
    return stored(session, template=template, language=language) or shipped(default, language)


def save(session: Session, *, template: str, language: str, wording: Wording, staff_id: int) -> None:
    row = session.exec(
        select(TemplateWording).where(TemplateWording.template == template, TemplateWording.language == language)
    ).first() or TemplateWording(template=template, language=language)
    row.subject, row.body = wording.subject, wording.body
    row.updated_at, row.updated_by_staff_id = utcnow(), staff_id
    session.add(row)
