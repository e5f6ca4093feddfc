"""Translated words around values only the browser knows."""

from __future__ import annotations

from typing import Any

import reflex as rx

from customer_portal.i18n import parts, plural_template


def plural_parts(count: rx.Var, singular: str, plural: str, **values: Any) -> list[Any]:
    """The singular or plural sentence for a count the page receives later, translated now. Every language the
    portal speaks has English's two forms, one and other (the catalog test checks each catalog's rule), so the
    browser chooses with `count == 1`. Mark both with N_ where they are written."""
    one = parts(plural_template(singular, plural, 1), count=count, **values)
    other = parts(plural_template(singular, plural, 2), count=count, **values)
    return [rx.cond(count == 1, rx.fragment(*one), rx.fragment(*other))]


def text_var(message: str, **values: Any) -> rx.Var:
    """A translated message with placeholders as one string, for an attribute (aria_label, alt) the browser fills
    in: `text_var(_("Remove line {number}"), number=...)`."""
    result: Any = rx.Var.create("")
    for piece in parts(message, **values):
        result = result + (piece if isinstance(piece, str) else piece.to(str))
    return result
