"""An email as an email app shows it, inside the office's screens."""

from __future__ import annotations

from typing import Any

import reflex as rx

from customer_portal.i18n import LANGUAGES, _


def email_preview(html: rx.Var, *, title: str, id: str, height: str = "600px") -> rx.Component:
    # Sandboxed: nothing in the email runs, and its styles stay inside the frame.
    return rx.el.iframe(
        src_doc=html,
        sandbox="",
        title=title,
        id=id,
        style={"width": "100%", "height": height, "border": "1px solid var(--gray-6)", "border_radius": "8px"},
    )


def wording_language(value: rx.Var, on_change: Any, *, id: str) -> rx.Component:
    """Which language's words of an email the office is editing: each language has its own, previewed and sent
    as a preview in that language."""
    return rx.vstack(
        rx.el.label(
            _("Words for customers who read"), html_for=id, style={"font_size": "0.875rem", "font_weight": "500"}
        ),
        rx.el.select(
            *[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGES.items()],
            value=value,
            on_change=on_change,
            id=id,
        ),
        spacing="1",
    )
