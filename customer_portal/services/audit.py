"""The audit log: one row per change that matters (money, settings, access)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from customer_portal.models import AuditActor, AuditLogEntry


def record(
    session: Session,
    *,
    action: str,
    actor: AuditActor,
    staff_user_id: int | None = None,
    actor_label: str = "",
    entity_type: str = "",
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditLogEntry(
            action=action,
            actor=actor,
            staff_user_id=staff_user_id,
            actor_label=actor_label,
            entity_type=entity_type,
            entity_id=entity_id,
            details=details or {},
        )
    )
