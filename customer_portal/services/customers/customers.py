"""One customer: read the whole record, create or edit it, archive and restore it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from customer_portal import i18n
from customer_portal.domain.clock import local_day, utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.domain.transitions import CUSTOMER, IllegalTransition
from customer_portal.i18n import ENGLISH, _
from customer_portal.models import (
    AuditActor,
    Customer,
    CustomerEmail,
    CustomerStatus,
    Invoice,
    OutboxEmail,
    OutboxStatus,
    PortalLogin,
    Quote,
    ServiceLocation,
    ServiceVisit,
    id_column,
    id_of,
)
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import company_formats, company_time_zone
from customer_portal.services.customers import pool_schedules
from customer_portal.services.customers.customer_directory import PORTAL_STATUS_LABELS
from customer_portal.services.customers.customer_listing import INVITE_TEMPLATE, PortalStatus
from customer_portal.services.customers.pool_schedules import ScheduleFields
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.services.payments import autopay
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of

POOL_TYPES = ("chlorine", "salt", "mineral", "bromine")


@dataclass
class EmailInput:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(CustomerEmail, "address")

    address: str = ""
    is_primary: bool = False
    send_invoices: bool = True
    id: int | None = None
    portal_status: str = PORTAL_STATUS_LABELS[PortalStatus.NOT_INVITED]


@dataclass
class LocationInput:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(ServiceLocation, "label", "address", "access_notes", "pool_type")

    label: str = ""
    address: str = ""
    access_notes: str = ""
    pool_type: str = "chlorine"
    volume_gallons: str = ""
    id: int | None = None
    schedule: ScheduleFields = field(default_factory=ScheduleFields)


@dataclass
class CustomerForm:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(Customer, "name", "company_name", "phone", "notes")

    name: str = ""
    company_name: str = ""
    phone: str = ""
    notes: str = ""
    language: str = ENGLISH  # for the invite and emails until the customer's login chooses (i18n.LANGUAGES)
    emails: list[EmailInput] = field(default_factory=list)
    locations: list[LocationInput] = field(default_factory=list)


@dataclass(frozen=True)
class CustomerDetail:
    id: int
    status: str
    form: CustomerForm
    invoice_count: int
    created_at: str
    autopay: str = ""  # "Visa •••• 4242 since 2026-11-02" while AutoPay is on


def get_customer(session: Session, *, customer_id: int) -> CustomerDetail:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ServiceError(_("That customer does not exist."))
    emails = session.exec(
        select(CustomerEmail).where(CustomerEmail.customer_id == customer_id).order_by(id_column(CustomerEmail))
    ).all()
    statuses = email_portal_statuses(session, email_ids=[id_of(email) for email in emails])
    locations = session.exec(
        select(ServiceLocation).where(ServiceLocation.customer_id == customer_id).order_by(id_column(ServiceLocation))
    ).all()
    form = CustomerForm(
        name=customer.name,
        company_name=customer.company_name,
        phone=customer.phone,
        notes=customer.notes,
        language=i18n.supported(customer.language),
        emails=[
            EmailInput(email.address, email.is_primary, email.send_invoices, id_of(email), statuses[id_of(email)])
            for email in emails
        ],
        locations=[
            LocationInput(
                location.label,
                location.address,
                location.access_notes,
                location.pool_type,
                "" if location.volume_gallons is None else str(location.volume_gallons),
                location.id,
                pool_schedules.fields_of(location),
            )
            for location in locations
        ],
    )
    invoices = session.exec(select(func.count()).where(Invoice.customer_id == customer_id)).one()
    return CustomerDetail(
        customer_id,
        customer.status.value,
        form,
        invoices,
        company_formats(session).day(local_day(customer.created_at, company_time_zone(session))),
        autopay.staff_label(session, customer_id=customer_id),
    )


def email_portal_statuses(session: Session, *, email_ids: list[int]) -> dict[int, str]:
    """Each email's portal status: Active (has a login), or its latest invite (when, delivered or failed
    and why), or Not invited."""
    with_login = set(
        session.exec(
            select(PortalLogin.customer_email_id).where(
                col(PortalLogin.customer_email_id).in_(email_ids), PortalLogin.is_active
            )
        )
    )
    latest_invite: dict[int, OutboxEmail] = {}
    for row in session.exec(
        select(OutboxEmail)
        .where(col(OutboxEmail.customer_email_id).in_(email_ids), OutboxEmail.template == INVITE_TEMPLATE)
        .order_by(id_column(OutboxEmail))
    ):
        if row.customer_email_id is not None:
            latest_invite[row.customer_email_id] = row
    zone = ZoneInfo(company_time_zone(session))
    formats = company_formats(session)
    statuses = {}
    for email_id in email_ids:
        invite = latest_invite.get(email_id)
        if email_id in with_login:
            statuses[email_id] = _(PORTAL_STATUS_LABELS[PortalStatus.ACTIVE])
        elif invite is None:
            statuses[email_id] = _(PORTAL_STATUS_LABELS[PortalStatus.NOT_INVITED])
        else:
            when = formats.day(invite.created_at.astimezone(zone).date())
            if invite.status == OutboxStatus.SENT:
                statuses[email_id] = _("Invited {day} · delivered").format(day=when)
            elif invite.status == OutboxStatus.FAILED:
                error = invite.last_error or _("unknown error")
                statuses[email_id] = _("Invited {day} · failed: {error}").format(day=when, error=error)
            else:
                statuses[email_id] = _("Invited {day} · sending").format(day=when)
    return statuses


def _validate(session: Session, form: CustomerForm, customer_id: int | None) -> dict[str, str]:
    errors = length_errors(form, CustomerForm.LIMITS)
    today = local_day(utcnow(), company_time_zone(session))
    if not form.name.strip():
        errors["name"] = _("Enter the customer's name.")
    seen: set[str] = set()
    for index, email in enumerate(form.emails):
        key = f"emails.{index}.address"
        try:
            address = normalize_email(email.address)
        except InvalidEmail as error:
            errors[key] = str(error)
            continue
        if address in seen:
            errors[key] = _("This address is listed twice.")
        seen.add(address)
        owner = session.exec(select(CustomerEmail.customer_id).where(CustomerEmail.address == address)).first()
        if owner is not None and owner != customer_id:
            errors[key] = _("Another customer already uses this address.")
    if sum(email.is_primary for email in form.emails) > 1:
        errors["emails"] = _("Only one address can be the primary one.")
    for index, location in enumerate(form.locations):
        errors |= length_errors(location, LocationInput.LIMITS, prefix=f"locations.{index}.")
        if not location.address.strip():
            errors[f"locations.{index}.address"] = _("Enter the pool's address.")
        if location.pool_type not in POOL_TYPES:
            errors[f"locations.{index}.pool_type"] = _("Choose a pool type from the list.")
        volume = location.volume_gallons.replace(",", "").strip()
        if volume and (not volume.isdigit() or int(volume) > 2_000_000):
            errors[f"locations.{index}.volume_gallons"] = _("Enter the volume in whole gallons, like 15000.")
        problems = pool_schedules.parse(location.schedule, today=today)[1]
        errors |= {f"locations.{index}.{name}": message for name, message in problems.items()}
    return errors


def save_customer(session: Session, *, staff: StaffIdentity, customer_id: int | None, form: CustomerForm) -> int:
    """Create the customer (customer_id None) or replace its contact details, emails and pools."""
    if errors := _validate(session, form, customer_id):
        raise ValidationFailed(errors)
    if customer_id is None:
        customer = Customer(name="", status=CustomerStatus.ACTIVE)
    else:
        found = session.get(Customer, customer_id)
        if found is None:
            raise ServiceError(_("That customer does not exist."))
        customer = found
    customer.name, customer.company_name = form.name.strip(), form.company_name.strip()
    customer.phone, customer.notes = form.phone.strip(), form.notes.strip()
    customer.language = "" if i18n.supported(form.language) == ENGLISH else i18n.supported(form.language)
    customer.updated_at = utcnow()
    session.add(customer)
    session.flush()
    _save_emails(session, id_of(customer), form.emails)
    _save_locations(session, id_of(customer), form.locations)
    audit.record(
        session,
        action="customer.created" if customer_id is None else "customer.updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="customer",
        entity_id=customer.id,
    )
    return id_of(customer)


def _save_emails(session: Session, customer_id: int, emails: list[EmailInput]) -> None:
    existing = {
        id_of(row): row for row in session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer_id))
    }
    kept = {email.id for email in emails if email.id in existing}
    for email_id, row in existing.items():
        if email_id not in kept:
            session.delete(row)  # its portal login and links go with it
    session.flush()
    primary_chosen = any(email.is_primary for email in emails)
    for index, email in enumerate(emails):
        row = (existing.get(email.id) if email.id else None) or CustomerEmail(customer_id=customer_id, address="")
        row.address = normalize_email(email.address)
        row.is_primary = email.is_primary or (not primary_chosen and index == 0)
        row.send_invoices = email.send_invoices
        session.add(row)


def _save_locations(session: Session, customer_id: int, locations: list[LocationInput]) -> None:
    today = local_day(utcnow(), company_time_zone(session))
    existing = {
        id_of(row): row
        for row in session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer_id))
    }
    kept = {location.id for location in locations if location.id in existing}
    for location_id, row in existing.items():
        if location_id not in kept:
            if _location_in_use(session, location_id):
                raise ServiceError(
                    _("“{pool}” has visits, invoices or quotes and cannot be removed.").format(
                        pool=row.label or row.address
                    )
                )
            session.delete(row)
    for location in locations:
        row = (existing.get(location.id) if location.id else None) or ServiceLocation(
            customer_id=customer_id, address=""
        )
        row.label, row.address = location.label.strip(), location.address.strip()
        row.access_notes, row.pool_type = location.access_notes.strip(), location.pool_type
        volume = location.volume_gallons.replace(",", "").strip()
        row.volume_gallons = int(volume) if volume else None
        pool_schedules.store(row, pool_schedules.parse(location.schedule, today=today)[0])  # validated above
        session.add(row)


def _location_in_use(session: Session, location_id: int) -> bool:
    return any(
        session.exec(select(id_column(model)).where(col(model.service_location_id) == location_id).limit(1)).first()
        is not None
        for model in (ServiceVisit, Invoice, Quote)
    )


def set_archived(session: Session, *, staff: StaffIdentity, customer_id: int, archived: bool) -> None:
    """Archiving hides a customer from the active list and the portal; nothing is deleted."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise ServiceError(_("That customer does not exist."))
    try:
        customer.status = CUSTOMER.apply(customer.status, "archive" if archived else "restore")
    except IllegalTransition as error:
        raise ServiceError(str(error)) from error
    customer.updated_at = utcnow()
    session.add(customer)
    audit.record(
        session,
        action="customer.archived" if archived else "customer.restored",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="customer",
        entity_id=customer_id,
    )
