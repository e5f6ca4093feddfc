"""Pool water chemistry: what each reading means, what can be measured, and what is ideal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from customer_portal.i18n import N_, _


@dataclass(frozen=True)
class Reading:
    field: str  # column on ServiceVisit
    name: str  # in English, marked for translation: `label` says it in the language being spoken
    unit: str
    lowest: Decimal  # anything outside lowest..highest is a typing mistake, not a reading
    highest: Decimal
    ideal_low: Decimal
    ideal_high: Decimal
    decimals: int  # 1 for pH and chlorine, 0 for the ppm counts

    @property
    def label(self) -> str:
        return _(self.name)

    def in_ideal_range(self, value: Decimal) -> bool:
        return self.ideal_low <= value <= self.ideal_high

    def format(self, value: Decimal | int) -> str:
        """7.60 -> "7.6", 90 -> "90 ppm"."""
        number = f"{Decimal(value):.{self.decimals}f}"
        return f"{number} {self.unit}".strip()

    @property
    def ideal(self) -> str:
        return f"{self.format(self.ideal_low).removesuffix(self.unit).strip()}–{self.format(self.ideal_high)}"


READINGS = (
    Reading("free_chlorine_ppm", N_("Free chlorine"), "ppm", Decimal(0), Decimal(20), Decimal(1), Decimal(4), 1),
    Reading("ph", N_("pH"), "", Decimal("6.0"), Decimal("9.0"), Decimal("7.2"), Decimal("7.8"), 1),
    Reading(
        "total_alkalinity_ppm", N_("Total alkalinity"), "ppm", Decimal(0), Decimal(400), Decimal(80), Decimal(120), 0
    ),
    Reading("cyanuric_acid_ppm", N_("Cyanuric acid"), "ppm", Decimal(0), Decimal(300), Decimal(30), Decimal(80), 0),
    Reading("salt_ppm", N_("Salt"), "ppm", Decimal(0), Decimal(10000), Decimal(2700), Decimal(3400), 0),
    Reading(
        "calcium_hardness_ppm", N_("Calcium hardness"), "ppm", Decimal(0), Decimal(2000), Decimal(200), Decimal(400), 0
    ),
)
READINGS_BY_FIELD = {reading.field: reading for reading in READINGS}

STANDARD_CHECKLIST = (
    N_("Skimmed surface"),
    N_("Brushed walls and steps"),
    N_("Vacuumed floor"),
    N_("Emptied skimmer baskets"),
    N_("Emptied pump basket"),
    N_("Checked filter pressure"),
    N_("Cleaned filter"),
    N_("Tested and balanced water"),
)


def checklist_label(item: str) -> str:
    """A checklist item as the reader reads it: the standard ones translated, anything else as it was saved."""
    return _(item)
