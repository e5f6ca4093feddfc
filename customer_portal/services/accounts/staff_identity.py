"""Who a signed-in staff member is, as every staff service receives them (a leaf module: anything may import it)."""

from __future__ import annotations

from dataclasses import dataclass

from customer_portal.models import StaffRole


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    email: str
    name: str
    role: StaffRole

    @property
    def is_owner(self) -> bool:
        return self.role == StaffRole.OWNER
