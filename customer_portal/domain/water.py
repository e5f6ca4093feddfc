"""Pool water chemistry: what each reading means, what can be measured, and what is ideal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Reading:
    field: str  # column on ServiceVisit
    label: str
    unit: str
    lowest: Decimal  # anything outside lowest..highest is a typing mistake, not a reading
    highest: Decimal
    ideal_low: Decimal
    ideal_high: Decimal
    decimals: int  # 1 for pH and chlorine, 0 for the ppm counts

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
    Reading("free_chlorine_ppm", "Free chlorine", "ppm", Decimal(0), Decimal(20), Decimal(1), Decimal(4), 1),
    Reading("ph", "pH", "", Decimal("6.0"), Decimal("9.0"), Decimal("7.2"), Decimal("7.8"), 1),
    Reading("total_alkalinity_ppm", "Total alkalinity", "ppm", Decimal(0), Decimal(400), Decimal(80), Decimal(120), 0),
    Reading("cyanuric_acid_ppm", "Cyanuric acid", "ppm", Decimal(0), Decimal(300), Decimal(30), Decimal(80), 0),
    Reading("salt_ppm", "Salt", "ppm", Decimal(0), Decimal(10000), Decimal(2700), Decimal(3400), 0),
    Reading(
        "calcium_hardness_ppm", "Calcium hardness", "ppm", Decimal(0), Decimal(2000), Decimal(200), Decimal(400), 0
    ),
)
READINGS_BY_FIELD = {reading.field: reading for reading in READINGS}

STANDARD_CHECKLIST = (
    "Skimmed surface",
    "Brushed walls and steps",
    "Vacuumed floor",
    "Emptied skimmer baskets",
    "Emptied pump basket",
    "Checked filter pressure",
    "Cleaned filter",
    "Tested and balanced water",
)
