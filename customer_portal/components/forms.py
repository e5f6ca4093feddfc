"""Form pieces: a labelled control with its error message beside it."""

from __future__ import annotations

import reflex as rx


def error_text(message: rx.Var | str, *, id: str | rx.Var | None = None) -> rx.Component:
    return rx.cond(
        message != "",
        rx.text(message, color=rx.color("red", 11), size="1", role="alert", id=id),
    )


def labeled(label: str, control: rx.Component, *, html_for: str | rx.Var, error: rx.Var | str = "") -> rx.Component:
    """A label tied to its control, the control, and the server's message about it (if any)."""
    return rx.vstack(
        rx.el.label(label, html_for=html_for, style={"font_size": "0.875rem", "font_weight": "500"}),
        control,
        error_text(error, id=f"{html_for}-error" if isinstance(html_for, str) else None),
        spacing="1",
        width="100%",
    )


def form_banner(message: rx.Var, *, color_scheme: str = "red") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="info", color_scheme=color_scheme, role="status", width="100%"),
    )


def file_drop(label: str, *children: rx.Component, **props) -> rx.Component:
    """A drop zone (Reflex's upload) whose hidden file input is named `label` for screen readers: the input is
    built inside rx.upload, which passes it no props of ours, so the name is set on the component it made."""
    zone = rx.upload(*children, **props)
    file_inputs = [child for child in zone.children[0].children if getattr(child, "tag", None) == "input"]
    if len(file_inputs) != 1:
        raise RuntimeError("rx.upload no longer builds exactly one <input> in its zone: update file_drop")
    file_inputs[0].custom_attrs["aria-label"] = label
    return zone


def select_trigger(*, placeholder: str, **props) -> rx.Component:
    """A select's button showing `placeholder` until something is chosen, in a grey that meets WCAG AA (Radix's
    placeholder grey is 3.8:1 on white)."""
    return rx.select.trigger(
        placeholder=placeholder,
        **props,
        style={"&[data-placeholder] .rt-SelectTriggerInner": {"color": rx.color("gray", 11)}},
    )
