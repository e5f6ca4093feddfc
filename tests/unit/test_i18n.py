"""The catalogs that ship are complete and current, and the pieces that choose and speak a language hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from customer_portal import i18n, routes
from customer_portal.i18n import from_accept_language, parts, placeholders, speaking

PACKAGE = Path(__file__).resolve().parents[2] / "customer_portal"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "plural_parts": (2, 3), "plural_template": (1, 2)}
OTHER_LANGUAGES = [language for language in i18n.LANGUAGES if language != i18n.ENGLISH]


def _catalog(language: str):
    with (i18n.CATALOG_FOLDER / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as source:
        return read_po(source, locale=language)


def _marked_in_the_code() -> set[str | tuple[str, ...]]:
    """What `make translations` would extract (the Makefile's keywords): every marked text of the app."""
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    )
    return {message if isinstance(message, str) else tuple(message) for _, _, message, _, _ in found}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = _catalog(language)
    unfinished = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple | list) and not all(message.string))
        )
    ]
    assert unfinished == []
    assert not catalog.obsolete, "obsolete entries: run make translations and delete the #~ lines"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_catalog_holds_everything_marked_in_the_code(language):
    """A new `_("...")` without its translation fails here: run `make translations` and translate it."""
    in_catalog = {message.id if isinstance(message.id, str) else tuple(message.id) for message in _catalog(language)}
    missing = _marked_in_the_code() - in_catalog
    assert missing == set()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder_and_both_plural_forms(language):
    catalog = _catalog(language)
    # The browser picks a plural form with `count == 1` (components/words.py): each language must plural that way.
    assert catalog.num_plurals == 2 and catalog.plural_expr.replace(" ", "") in {"(n!=1)", "n!=1"}
    for message in catalog:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        wanted = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            # A singular form may say "one" in words instead of {count}; nothing else may go missing or appear.
            assert placeholders(text) <= wanted, (message.id, text)
            assert wanted - placeholders(text) <= {"count"}, (message.id, text)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_shipped_language_answers_and_english_stays_english(language):
    with speaking(language):
        assert i18n._("Invoices") != "Invoices"
        assert i18n.ngettext("{count} photo", "{count} photos", 3) != "3 photos"
    assert i18n._("Invoices") == "Invoices" and i18n.ngettext("{count} photo", "{count} photos", 1) == "1 photo"


def test_nothing_is_translated_while_a_module_is_imported():
    """`_()` at import time answers in whatever language is spoken then (English): a constant must be marked with
    N_ and translated where it is shown."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inside.update(id(child) for child in ast.walk(node))
        offenders += [
            f"{path.relative_to(PACKAGE)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"_", "ngettext"}
            and id(node) not in inside
        ]
    assert offenders == []


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-US,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,es;q=0.5", "es"),  # the first one the portal speaks
        ("fr-FR,de;q=0.5", "en"),
        ("es;q=0,en", "en"),  # q=0 means "not this"
        ("en;q=0.3,es;q=0.7", "es"),  # by weight, not by order
        ("es;q=banana,en", "en"),
        ("", "en"),
    ],
)
def test_the_first_visit_follows_the_browsers_languages(header, language):
    assert from_accept_language(header) == language


def test_a_portal_address_carries_its_language_after_the_portals_name():
    assert routes.in_language(routes.PORTAL_INVOICE, "es") == "/[portal]/es/invoices/[invoice_id]"
    assert routes.portal_path("bluewater", "pay", language="es") == "/bluewater/es/pay"
    assert routes.portal_path("bluewater", language="es") == "/bluewater/es"
    assert routes.portal_path("bluewater", "pay") == "/bluewater/pay"
    assert routes.language_of("/bluewater/es/invoices?next=/x") == "es"
    assert routes.language_of("/bluewater/invoices") == routes.language_of("/staff/es") == "en"
    assert routes.without_language("/bluewater/es/invoices/3?x=1") == "/bluewater/invoices/3?x=1"
    assert routes.without_language("/bluewater/es?next=/a") == "/bluewater?next=/a"
    assert routes.in_language("/bluewater?next=/es/a", "es") == "/bluewater/es?next=/es/a"
    assert routes.in_language("/bluewater/invoices", "fr") == "/bluewater/invoices"  # not spoken: English


def test_placeholders_become_pieces_in_the_translations_order():
    assert parts("Page {page} of {pages}", page=1, pages=3) == ["Page ", 1, " of ", 3]
    assert parts("{name} · {day}", name="A", day="B") == ["A", " · ", "B"]
    assert parts("Nothing to fill") == ["Nothing to fill"]
    assert placeholders("Use at most {count:,} characters for {field}.") == {"count", "field"}
