"""Settings > Company: the contact details customers see (Contact Us, emails), the logo and accent colour."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.domain.formatting import DEFAULT_COUNTRY, country_names
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.i18n import _
from customer_portal.models import AuditActor, CompanyProfile
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company import DEFAULT_TIME_ZONE
from customer_portal.services.errors import NotAuthorized, ValidationFailed
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.services.visits.photo_upload import PhotoRejected, UploadedPhoto, open_checked
from customer_portal.settings import settings


@dataclass
class CompanyDetails:
    """The company as the office edits it and as customers see it."""

    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(CompanyProfile, "name", "phone", "address", "hours", "website")

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""
    website: str = ""
    accent_color: str = "#0e7490"
    time_zone: str = DEFAULT_TIME_ZONE
    country: str = DEFAULT_COUNTRY
    has_logo: bool = False


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOGO_FILE = "logo.png"
LOGO_MAX_EDGE = 400


def get_company(session: Session) -> CompanyDetails:
    row = session.exec(select(CompanyProfile)).first()
    if row is None:
        return CompanyDetails()
    return CompanyDetails(
        row.name,
        row.phone,
        row.email,
        row.address,
        row.hours,
        row.website,
        row.accent_color,
        row.time_zone,
        row.country or DEFAULT_COUNTRY,
        bool(row.logo_path),
    )


def _validate(form: CompanyDetails) -> dict[str, str]:
    errors = length_errors(form, CompanyDetails.LIMITS)
    if not form.name.strip():
        errors["name"] = _("Enter the company's name.")
    if form.email.strip():
        try:
            form.email = normalize_email(form.email)
        except InvalidEmail as error:
            errors["email"] = str(error)
    website = form.website.strip()
    if website and not re.match(r"^https?://[^\s/]+\.[^\s]+$", website):
        errors["website"] = _("Enter the full address, like https://bluewater-pools.com.")
    if not _COLOR.match(form.accent_color.strip()):
        errors["accent_color"] = _("Use a colour like #0e7490.")
    try:
        ZoneInfo(form.time_zone.strip())
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("Choose a time zone like America/Phoenix.")
    form.country = form.country.strip().upper()
    if form.country not in dict(country_names()):
        errors["country"] = _("Choose the country the company works in.")
    return errors


def save_company(
    session: Session, *, staff: StaffIdentity, form: CompanyDetails, logo: bytes | None = None
) -> CompanyDetails:
    """Owner only: the contact details customers see, the accent colour and logo, the time zone and country."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the company details."))
    if errors := _validate(form):
        raise ValidationFailed(errors)
    row = session.exec(select(CompanyProfile)).first() or CompanyProfile(name="")
    for key in ("name", "phone", "email", "address", "hours", "website", "accent_color", "time_zone", "country"):
        setattr(row, key, getattr(form, key).strip())
    if logo is not None:
        row.logo_path = _store_logo(logo)
    row.updated_at = utcnow()
    session.add(row)
    audit.record(
        session,
        action="settings.company_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="company",
        entity_id=row.id,
        details={"logo": "replaced"} if logo is not None else {},
    )
    return get_company(session)


def _store_logo(content: bytes) -> str:
    """Re-encode the logo as a small PNG (any hidden metadata dropped); raises ValidationFailed."""
    try:
        image = open_checked(UploadedPhoto("logo", content))
    except PhotoRejected as error:
        raise ValidationFailed({"logo": str(error).replace("logo ", "The logo ", 1)}) from error
    image.thumbnail((LOGO_MAX_EDGE, LOGO_MAX_EDGE))
    directory = settings.data_dir / "branding"
    directory.mkdir(parents=True, exist_ok=True)
    image.convert("RGBA").save(directory / LOGO_FILE, "PNG")
    return LOGO_FILE


def logo_file() -> Path | None:
    path = settings.data_dir / "branding" / LOGO_FILE
    return path if path.is_file() else None
