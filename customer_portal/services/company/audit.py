"""The audit log: one row per change that matters (money, settings, access), and the staff page's list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from customer_portal.domain.formatting import Formats
from customer_portal.models import AuditActor, AuditLogEntry, id_column, id_of
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company.company import company_formats, company_time_zone


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


def by_staff(
    session: Session,
    staff: StaffIdentity,
    action: str,
    *,
    entity_type: str = "",
    entity_id: int | None = None,
    **details: Any,
) -> None:
    """What a signed-in staff member did (most entries): they are the actor, `details` the rest."""
    record(
        session,
        action=action,
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details,
    )


AUDIT_PAGE_SIZE = 50
ACTION_GROUPS = {
    "all": "",
    "money": ("invoice.", "payment."),
    "customers": ("customer.",),
    "settings": ("settings.", "portal."),
    "access": ("staff.",),
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: str
    who: str
    action: str
    subject: str
    details: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _describe(details: dict[str, Any], formats: Formats) -> str:
    parts = []
    for key, value in details.items():
        if key.endswith("_cents") and isinstance(value, int):
            parts.append(f"{key.removesuffix('_cents').replace('_', ' ')} {formats.money(value)}")
        elif key != "number":
            parts.append(f"{key.replace('_', ' ')} {value}")
    return ", ".join(parts)


def list_entries(session: Session, *, group: str = "all", page: int = 1, page_size: int = AUDIT_PAGE_SIZE) -> AuditPage:
    """The newest entries first, optionally one group of actions (money, customers, settings, access)."""
    prefixes = ACTION_GROUPS.get(group) or ()
    action = col(AuditLogEntry.action)
    filters = [or_(*[action.startswith(prefix) for prefix in prefixes])] if prefixes else []
    total = session.exec(select(func.count()).select_from(AuditLogEntry).where(*filters)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    zone = ZoneInfo(company_time_zone(session))
    formats = company_formats(session)
    entries = session.exec(
        select(AuditLogEntry)
        .where(*filters)
        .order_by(col(AuditLogEntry.occurred_at).desc(), id_column(AuditLogEntry).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    rows = [
        AuditRow(
            id=id_of(entry),
            occurred_at=formats.moment(entry.occurred_at.astimezone(zone)),
            who=entry.actor_label or entry.actor.value,
            action=entry.action,
            subject=" ".join(
                part for part in (entry.entity_type, str(entry.details.get("number") or entry.entity_id or "")) if part
            ),
            details=_describe(entry.details, formats),
        )
        for entry in entries
    ]
    return AuditPage(rows=rows, total=total, page=page, pages=pages)
