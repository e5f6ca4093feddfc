"""The languages the portal speaks, and the one being spoken now.

Text is written in English in the code and marked: `_("Pay now")`, `ngettext("{count} visit", "{count} visits",
n)`, and `N_("...")` for a constant made at import that is translated where it is shown. `pybabel extract`
gathers the marked text into messages.pot; each language's messages.po (in this folder) says it in that language;
`make translations` refreshes both (README, "Adding a language").

Which language `_` speaks is a context variable, set by whoever serves someone: a portal event handler from the
page's address (`/bluewater/es/invoices` is Spanish), a page while it is compiled once for each language, an email
for its recipient, a PDF for whoever downloads it. Nothing set means English. Placeholders are `str.format`
names, so a translation may put them in its own order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

ENGLISH = "en"
# Each language's own name for itself, as the switcher offers it.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
# The office's screens and the emails it gets are English for now (their text is marked and translated, ready to be
# compiled per language like the portal's); an office email written while serving a customer is written in this.
OFFICE_LANGUAGE = ENGLISH
CATALOG_FOLDER = Path(__file__).parent
DOMAIN = "messages"

T = TypeVar("T")

_speaking: ContextVar[str] = ContextVar("speaking", default=ENGLISH)


def supported(language: str | None) -> str:
    """`language` when the portal speaks it, else English: a stored or requested value is never trusted."""
    code = (language or "").strip().lower()[:2]
    return code if code in LANGUAGES else ENGLISH


def current_language() -> str:
    return _speaking.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Within the block, `_` answers in `language` (English when the portal does not speak it)."""
    token = _speaking.set(supported(language))
    try:
        yield _speaking.get()
    finally:
        with suppress(ValueError):  # a handler that yields may be resumed in another context: nothing to undo
            _speaking.reset(token)


def evaluated_in(language: str, build: Callable[[], T]) -> T:
    """`build()` with `_` answering in `language`: a page compiled for that language."""
    with speaking(language):
        return build()


@cache
def catalog(language: str) -> NullTranslations:
    """The language's translations, read from its .po file (the .mo is made in memory: nothing binary is kept in
    the repository, and an edited .po counts at the next start)."""
    path = CATALOG_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == ENGLISH or not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        messages = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(message: str) -> str:
    """`message` in the language being spoken."""
    return catalog(_speaking.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    """The form for `count` in the language being spoken, with `{count}` and any other placeholders filled."""
    return catalog(_speaking.get()).ngettext(singular, plural, count).format(count=count, **values)


def plural_template(singular: str, plural: str, count: int) -> str:
    """The form for `count`, in the language being spoken, placeholders unfilled."""
    return catalog(_speaking.get()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks text for translation without translating it: a constant made at import, translated where shown."""
    return message


_PLACEHOLDER = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")


def parts(message: str, **values: Any) -> list[Any]:
    """A translated message with placeholders, as pieces to place side by side: text between them, and each
    placeholder's value (a Reflex Var, say, that only the browser knows). `parts(_("Page {page} of {pages}"),
    page=..., pages=...)`: a translation may move the placeholders; the pieces follow it."""
    pieces: list[Any] = []
    position = 0
    for match in _PLACEHOLDER.finditer(message):
        if match.start() > position:
            pieces.append(message[position : match.start()])
        pieces.append(values[match.group(1)])
        position = match.end()
    if position < len(message):
        pieces.append(message[position:])
    return pieces


def placeholders(message: str) -> set[str]:
    return set(_PLACEHOLDER.findall(message))


def from_accept_language(header: str) -> str:
    """The first language the browser prefers that the portal speaks (RFC 9110 q-values), else English."""
    choices: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:20]):
        tag, _separator, parameters = item.strip().partition(";")
        weight = 1.0
        quality = parameters.strip()
        if quality.startswith("q="):
            try:
                weight = float(quality[2:])
            except ValueError:
                continue
        code = tag.strip().lower()[:2]
        if weight > 0 and code in LANGUAGES:
            choices.append((-weight, position, code))
    return min(choices)[2] if choices else ENGLISH
