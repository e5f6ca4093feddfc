"""An email as an email app shows it, inside the office's screens."""

from __future__ import annotations

import reflex as rx


def email_preview(html: rx.Var, *, title: str, id: str, height: str = "600px") -> rx.Component:
    # Sandboxed: nothing in the email runs, and its styles stay inside the frame.
    return rx.el.iframe(
        src_doc=html,
        sandbox="",
        title=title,
        id=id,
        style={"width": "100%", "height": height, "border": "1px solid var(--gray-6)", "border_radius": "8px"},
    )
