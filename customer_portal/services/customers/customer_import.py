"""Importing customers from a CSV file: preview with per-row problems, then import the good rows at once.

Columns (header names are matched loosely): name, email(s), phone, address. Several emails in one
cell are separated by ";" or spaces. A row whose email already belongs to a customer, or that matches
an existing customer exactly, is skipped, so importing the same file twice creates nothing new.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.i18n import _
from customer_portal.models import AuditActor, Customer, CustomerEmail, CustomerStatus, ServiceLocation, id_of
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.errors import ServiceError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
_HEADERS = {
    "name": ("name", "customer", "customer name", "full name"),
    "emails": ("email", "emails", "e-mail", "email address", "email addresses"),
    "phone": ("phone", "phone number", "telephone", "mobile"),
    "address": ("address", "street address", "service address", "pool address"),
}


@dataclass(frozen=True)
class ImportRow:
    line: int
    name: str
    emails: list[str]
    phone: str
    address: str
    outcome: str  # "new", "skipped" (already a customer) or "error"
    message: str = ""


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    new: int = 0
    skipped: int = 0
    errors: int = 0


def _decode(content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise ServiceError(_("The file is larger than 2 MB. Split it into smaller files."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # spreadsheets on Windows save this way


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        cleaned = title.strip().lower()
        for key, names in _HEADERS.items():
            if cleaned in names and key not in found:
                found[key] = index
    if "name" not in found:
        raise ServiceError(_("The file needs a header row with at least a “name” column (and email, phone, address)."))
    return found


def _cell(values: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return values[index].strip() if index is not None and index < len(values) else ""


def _existing_customer_keys(session: Session) -> set[tuple[str, str, str]]:
    """(name, phone, address) of customers, to recognise rows without an email imported before."""
    rows = session.exec(
        select(func.lower(Customer.name), Customer.phone, func.lower(func.coalesce(ServiceLocation.address, ""))).join(
            ServiceLocation, col(ServiceLocation.customer_id) == Customer.id, isouter=True
        )
    )
    return {(name, phone, address) for name, phone, address in rows}


def preview_import(session: Session, *, content: bytes) -> ImportPreview:
    reader = csv.reader(io.StringIO(_decode(content)))
    try:
        header = next(reader)
    except StopIteration:
        raise ServiceError(_("The file is empty.")) from None
    columns = _columns(header)
    known_emails = set(session.exec(select(CustomerEmail.address)))
    known_customers = _existing_customer_keys(session)
    seen_in_file: set[str] = set()
    rows: list[ImportRow] = []
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ServiceError(
                _("The file has more than {count} rows. Split it into smaller files.").format(count=MAX_ROWS)
            )
        name, phone, address = (_cell(values, columns, key)[:500] for key in ("name", "phone", "address"))
        typed_emails = [part for part in re.split(r"[;\s]+", _cell(values, columns, "emails")) if part]
        outcome, message, emails = "new", "", []
        try:
            emails = [normalize_email(address_text) for address_text in typed_emails]
        except InvalidEmail:
            outcome, message = "error", _("“{text}” is not a valid email address.").format(text=", ".join(typed_emails))
        if outcome == "new" and not name:
            outcome, message = "error", _("The name is missing.")
        elif outcome == "new" and (repeated := [e for e in emails if e in seen_in_file]):
            outcome, message = "error", _("{email} appears earlier in this file.").format(email=repeated[0])
        elif outcome == "new" and any(email in known_emails for email in emails):
            outcome, message = "skipped", _("Already a customer (same email).")
        elif outcome == "new" and not emails and (name.lower(), phone[:40], address.lower()) in known_customers:
            outcome, message = "skipped", _("Already a customer (same name, phone and address).")
        if outcome != "error":
            seen_in_file.update(emails)
        rows.append(ImportRow(line, name, emails or typed_emails, phone, address, outcome, message))

    def count(outcome: str) -> int:
        return sum(row.outcome == outcome for row in rows)

    return ImportPreview(rows=rows, new=count("new"), skipped=count("skipped"), errors=count("error"))


def run_import(session: Session, *, staff: StaffIdentity, content: bytes) -> ImportPreview:
    """Import every good row in this one transaction; the preview is recomputed here, never trusted."""
    preview = preview_import(session, content=content)
    for row in preview.rows:
        if row.outcome != "new":
            continue
        customer = Customer(name=row.name[:200], phone=row.phone[:40], status=CustomerStatus.ACTIVE)
        session.add(customer)
        session.flush()
        for position, email in enumerate(row.emails):
            session.add(CustomerEmail(customer_id=id_of(customer), address=email, is_primary=position == 0))
        if row.address:
            session.add(ServiceLocation(customer_id=id_of(customer), label="Main pool", address=row.address))
    audit.record(
        session,
        action="customer.imported",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"imported": preview.new, "skipped": preview.skipped, "errors": preview.errors},
    )
    return preview
