"""Settings > Customer Portal: the switch, the web address, what customers see, the invite email."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import ClassVar

from sqlmodel import Session, select

from customer_portal import i18n, routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.identity import InvalidEmail, normalize_email
from customer_portal.domain.portal import (
    DEFAULT_INVITE_BODY,
    DEFAULT_INVITE_SUBJECT,
    InvalidSlug,
    normalize_slug,
    template_problem,
)
from customer_portal.i18n import ENGLISH, _, current_language
from customer_portal.models import AuditActor, PortalSettings, PortalSlugRedirect
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.errors import NotAuthorized, ValidationFailed
from customer_portal.services.messaging import wordings
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of
from customer_portal.settings import settings

SECTION_SWITCHES = (
    "include_invoices",
    "include_payments",
    "include_payment_methods",
    "include_quotes",
    "include_service_history",
    "include_technician_notes",
    "include_photos",
    "include_water_readings",
    "include_service_requests",
    "include_contact_us",
)


@dataclass
class PortalSettingsForm:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(
        PortalSettings, "invite_sender_name", "invite_subject", "invite_body"
    )

    enabled: bool = False
    slug: str = ""
    include_invoices: bool = True
    include_payments: bool = True
    include_payment_methods: bool = True
    include_quotes: bool = True
    include_service_history: bool = True
    include_technician_notes: bool = True
    include_photos: bool = True
    include_water_readings: bool = True
    include_service_requests: bool = True
    include_contact_us: bool = True
    invite_sender_name: str = ""
    invite_reply_to: str = ""
    invite_subject: str = DEFAULT_INVITE_SUBJECT
    invite_body: str = DEFAULT_INVITE_BODY
    # The language of invite_subject and invite_body: English is the settings' own; another is a wording of its own
    # (services/messaging/wordings.py), the shipped words until the office writes some.
    invite_language: str = ENGLISH


def portal_url(slug: str) -> str:
    """The portal's home, in the language being spoken."""
    return settings.public_url + routes.portal_path(slug, language=current_language()) if slug else ""


def portal_page_url(route: str, slug: str, **values: str) -> str:
    """The full address of a portal page (a routes.PORTAL_… route, with any other [name] in `values`) under the
    portal's current name, in the language being spoken (an email's links open the portal in its language)."""
    return (
        settings.public_url + routes.path_to(routes.in_language(route, current_language()), portal=slug, **values)
        if slug
        else ""
    )


def _row(session: Session) -> PortalSettings:
    row = session.exec(select(PortalSettings)).first()
    if row is None:
        row = PortalSettings()
        session.add(row)
        session.flush()
    return row


_WORDS = ("invite_subject", "invite_body")
DEFAULT_INVITE = wordings.Wording(DEFAULT_INVITE_SUBJECT, DEFAULT_INVITE_BODY)


def get_portal_settings(session: Session, *, invite_language: str = ENGLISH) -> PortalSettingsForm:
    """The settings, with the invite's words in `invite_language`."""
    row = _row(session)
    stored = {f.name: getattr(row, f.name) for f in fields(PortalSettingsForm) if f.name != "invite_language"}
    form = PortalSettingsForm(**stored)
    form.slug = form.slug or ""
    form.invite_subject = form.invite_subject or DEFAULT_INVITE_SUBJECT
    form.invite_body = form.invite_body or DEFAULT_INVITE_BODY
    language = i18n.supported(invite_language)
    if language != ENGLISH:
        words = wordings.in_language(session, template=wordings.INVITE, language=language, default=DEFAULT_INVITE)
        form.invite_subject, form.invite_body, form.invite_language = words.subject, words.body, language
    return form


def _validate(session: Session, form: PortalSettingsForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.slug.strip() or form.enabled:
        try:
            form.slug = normalize_slug(form.slug)
        except InvalidSlug as error:
            errors["slug"] = (
                str(error) if form.slug.strip() else _("Choose a web address before turning the portal on.")
            )
    if form.invite_reply_to.strip():
        try:
            form.invite_reply_to = normalize_email(form.invite_reply_to)
        except InvalidEmail as error:
            errors["invite_reply_to"] = str(error)
    errors |= length_errors(form, PortalSettingsForm.LIMITS)
    for key in ("invite_subject", "invite_body"):
        if key not in errors and (problem := template_problem(getattr(form, key))):
            errors[key] = problem
    if "invite_body" not in errors and "{create_login_link}" not in form.invite_body:
        errors["invite_body"] = _("The message must contain {create_login_link}, or customers cannot create a login.")
    return errors


def save_portal_settings(session: Session, *, staff: StaffIdentity, form: PortalSettingsForm) -> PortalSettingsForm:
    """Owner only. Changing the address keeps the old one redirecting to the new one."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the customer portal settings."))
    form.invite_language = i18n.supported(form.invite_language)
    if errors := _validate(session, form):
        raise ValidationFailed(errors)
    before = asdict(get_portal_settings(session, invite_language=form.invite_language))
    row = _row(session)
    new_slug = form.slug or None
    if new_slug != row.slug:
        taken = session.exec(select(PortalSlugRedirect).where(PortalSlugRedirect.old_slug == new_slug)).first()
        if taken is not None:  # taking an old name back: it is current again, no longer a redirect
            session.delete(taken)
        if row.slug:
            session.add(PortalSlugRedirect(old_slug=row.slug))
    for name, value in asdict(form).items():
        if name == "invite_language" or (form.invite_language != ENGLISH and name in _WORDS):
            continue  # another language's words are kept apart, below
        setattr(row, name, value if name != "slug" else new_slug)
    if form.invite_language != ENGLISH:
        words = wordings.Wording(form.invite_subject, form.invite_body)
        wordings.save(
            session, template=wordings.INVITE, language=form.invite_language, wording=words, staff_id=staff.id
        )
    row.updated_at, row.updated_by_staff_id = utcnow(), staff.id
    session.add(row)
    changed = sorted(name for name, value in asdict(form).items() if value != before[name])
    audit.record(
        session,
        action="settings.portal_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="portal_settings",
        entity_id=row.id,
        details={"changed": ", ".join(changed) or "nothing"},
    )
    return get_portal_settings(session, invite_language=form.invite_language)


@dataclass(frozen=True)
class PortalAddress:
    """What a portal name in a URL means: the live portal, an old name to redirect, or nothing."""

    current_slug: str
    is_current: bool
    enabled: bool


def resolve_portal_address(session: Session, *, slug: str) -> PortalAddress | None:
    row = session.exec(select(PortalSettings)).first()
    if row is None or not row.slug:
        return None
    wanted = (slug or "").strip().lower()
    if wanted == row.slug:
        return PortalAddress(row.slug, True, row.enabled)
    if session.exec(select(PortalSlugRedirect).where(PortalSlugRedirect.old_slug == wanted)).first():
        return PortalAddress(row.slug, False, row.enabled)
    return None
