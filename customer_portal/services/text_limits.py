"""How long each typed text may be, written once: read from the column that stores it.

An input model lists its limits (`LIMITS = limits_of(Model, "column", ...)`); the service reports every text
over its limit by field, and a state keeps one character more than the limit of what is typed, so that the
service can say so instead of the text being cut without a word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import SQLModel

from customer_portal.i18n import _
from customer_portal.models.types import max_length_of


@dataclass(frozen=True)
class TextLimit:
    chars: int

    @property
    def message(self) -> str:
        return _("Use at most {count:,} characters.").format(count=self.chars)

    def keep(self, typed: object) -> str:
        """What a form holds of typed text (one character over the limit shows the message)."""
        return str(typed)[: self.chars + 1]

    def exceeded_by(self, text: str) -> bool:
        """Whether the text, as it will be stored (stripped), is too long."""
        return len(text.strip()) > self.chars


def limits_of(model: type[SQLModel], *columns: str) -> dict[str, TextLimit]:
    """The limits of these columns, keyed by column name (an input model's fields are named after them)."""
    return {column: TextLimit(max_length_of(model, column)) for column in columns}


def length_errors(form: object, limits: Mapping[str, TextLimit], *, prefix: str = "") -> dict[str, str]:
    """A message for each of the form's texts that is over its limit, keyed `prefix + field`."""
    return {
        f"{prefix}{name}": limit.message for name, limit in limits.items() if limit.exceeded_by(getattr(form, name))
    }
