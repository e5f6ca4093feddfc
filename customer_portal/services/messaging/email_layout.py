"""Every email the portal sends, in the company's colours: HTML from Jinja2 (autoescaped) and the same words
as plain text, from one description of the message.

Email clients ignore most CSS, so the HTML is tables with inline styles; a <style> block adds dark mode and the
phone layout for the clients that read it, and clients that do not still get a readable light email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from customer_portal import routes
from customer_portal.domain.colors import WHITE, accent, contrast
from customer_portal.i18n import _, current_language
from customer_portal.services.company.company_profile import CompanyDetails
from customer_portal.settings import settings

READABLE_LINK = "#1d4ed8"  # for an accent too pale to read as link text on white


@dataclass(frozen=True)
class Detail:
    label: str
    value: str
    flagged: bool = False  # shown in red: a reading out of its range, an overdue date
    note: str = ""  # beside the value, quieter: "ideal 7.2–7.8"


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Detail, ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Button:
    label: str
    url: str


@dataclass(frozen=True)
class Photo:
    thumbnail_url: str
    link: str
    alt: str = ""


@dataclass(frozen=True)
class EmailContent:
    """What a message says; the layout adds the company's header, contact block and unsubscribe links."""

    subject: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    details: tuple[Detail, ...] = ()
    button: Button | None = None
    sections: tuple[Section, ...] = ()
    photos: tuple[Photo, ...] = ()
    footer: str = ""
    closing: tuple[str, ...] = ()  # paragraphs after the button (and the sections)


@dataclass(frozen=True)
class Brand:
    name: str
    accent: str
    button_text: str
    link_color: str
    logo_url: str = ""
    contact: tuple[str, ...] = field(default_factory=tuple)


def brand_of(company: CompanyDetails) -> Brand:
    colours = accent(company.accent_color)
    contact = tuple(
        line
        for line in (
            company.address,
            " · ".join(part for part in (company.phone, company.email) if part),
            company.website,
        )
        if line
    )
    return Brand(
        name=company.name or _("Your pool company"),
        accent=colours.color,
        button_text=colours.text,
        link_color=colours.color if contrast(colours.color, WHITE) >= 4.5 else READABLE_LINK,
        logo_url=f"{settings.public_url}{routes.API_LOGO}" if company.has_logo else "",
        contact=contact,
    )


def paragraphs_of(text: str) -> tuple[str, ...]:
    """An office-written body as paragraphs: blank lines separate them, single line breaks are spaces."""
    blocks = (" ".join(line.strip() for line in block.splitlines()) for block in text.replace("\r", "").split("\n\n"))
    return tuple(block for block in blocks if block)


_URL = re.compile(r"(https?://[^\s<]+)")


def _linked(text: str) -> Markup:
    """Text as HTML with its web addresses clickable: escaped first, so only our <a> is markup."""
    return Markup(_URL.sub(r'<a href="\1">\1</a>', str(escape(text))))


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("customer_portal", "emails"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.filters["linked"] = _linked
    return environment


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(
    content: EmailContent,
    *,
    company: CompanyDetails,
    unsubscribe_url: str = "",
    preferences_url: str = "",
    plain_text: str = "",
) -> RenderedEmail:
    """The HTML and the text alternative; `plain_text`, when given, is the text as someone wrote it (the
    office's invite), used as it is."""
    values = {
        "subject": content.subject,
        "heading": content.heading,
        "preheader": content.paragraphs[0] if content.paragraphs else content.heading,
        "paragraphs": content.paragraphs,
        "details": content.details,
        "button": content.button,
        "sections": content.sections,
        "photos": content.photos,
        "footer": content.footer,
        "closing": content.closing,
        "brand": brand_of(company),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url,
        # The layout's own words, in the language the message is written in (the recipient's).
        "language": current_language(),
        "words": {
            "photos": _("Photos"),
            "unsubscribe": _("Unsubscribe"),
            "unsubscribe_long": _("Unsubscribe from these emails"),
            "email_settings": _("Email settings"),
        },
    }
    environment = _environment()
    text = environment.get_template("layout.txt").render(values)
    html = environment.get_template("layout.html").render(values)
    return RenderedEmail(content.subject, plain_text or _tidy(text), html)


def _tidy(text: str) -> str:
    """No runs of blank lines where optional parts of the text layout were left out."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
