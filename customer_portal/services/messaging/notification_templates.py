"""Settings > Notifications: which notifications the office sends, when, and in its own words.

A kind the office never saved is sent on with its defaults (domain/notifications.py); Restore default puts
those words back in the form, and saving stores them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

from sqlmodel import Session, select

from customer_portal import i18n, routes
from customer_portal.domain.clock import utcnow
from customer_portal.domain.notifications import (
    SPECS,
    InvalidSchedule,
    NotificationKind,
    format_schedule,
    parse_schedule,
)
from customer_portal.domain.portal import render_template, template_problem
from customer_portal.i18n import ENGLISH, _, speaking
from customer_portal.models import AuditActor, NotificationTemplate
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import CompanyDetails, get_company
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.messaging import outbox, wordings
from customer_portal.services.messaging.email_layout import (
    Button,
    Detail,
    EmailContent,
    Photo,
    RenderedEmail,
    Section,
    paragraphs_of,
    render,
)
from customer_portal.services.portal.portal_settings import get_portal_settings, portal_page_url, portal_url
from customer_portal.services.text_limits import TextLimit, length_errors, limits_of


@dataclass
class NotificationForm:
    LIMITS: ClassVar[dict[str, TextLimit]] = limits_of(NotificationTemplate, "subject", "body", "schedule")

    kind: str
    enabled: bool = True
    subject: str = ""
    body: str = ""
    schedule: str = ""
    language: str = ENGLISH  # of subject and body: English is the template row's, another a wording of its own


def default_form(kind: NotificationKind, language: str = ENGLISH) -> NotificationForm:
    """The words that ship, in `language` (the catalog's translation of the English ones)."""
    spec = SPECS[kind]
    words = wordings.shipped(wordings.Wording(spec.subject, spec.body), language)
    return NotificationForm(kind.value, True, words.subject, words.body, spec.default_schedule, language)


def get_template(session: Session, kind: NotificationKind, language: str = ENGLISH) -> NotificationForm:
    """The office's settings for a kind, with its words in `language` (the office's, else the shipped ones)."""
    language = i18n.supported(language)
    row = session.exec(select(NotificationTemplate).where(NotificationTemplate.kind == kind)).first()
    default = default_form(kind, language)
    enabled, schedule = (row.enabled, row.schedule or default.schedule) if row else (True, default.schedule)
    if language != ENGLISH:
        words = wordings.stored(session, template=kind.value, language=language)
        subject, body = (words.subject, words.body) if words else (default.subject, default.body)
    else:
        subject, body = (
            (row.subject or default.subject, row.body or default.body) if row else (default.subject, default.body)
        )
    return NotificationForm(kind.value, enabled, subject, body, schedule, language)


def list_templates(session: Session) -> list[NotificationForm]:
    return [get_template(session, kind) for kind in NotificationKind]


def schedule_of(session: Session, kind: NotificationKind) -> tuple[int, ...]:
    """The days the office chose for a timed notification (a stored schedule was valid when it was saved)."""
    timing = SPECS[kind].timing
    if timing is None:
        return ()
    try:
        return parse_schedule(get_template(session, kind).schedule, timing)
    except InvalidSchedule:
        return parse_schedule(SPECS[kind].default_schedule, timing)


def _kind(form: NotificationForm) -> NotificationKind:
    if form.kind not in NotificationKind._value2member_map_:
        raise ServiceError(_("That is not one of the notifications."))
    return NotificationKind(form.kind)


def _validate(form: NotificationForm) -> dict[str, str]:
    spec = SPECS[_kind(form)]
    errors = length_errors(form, NotificationForm.LIMITS)
    for key in ("subject", "body"):
        if key not in errors and (problem := template_problem(getattr(form, key), spec.known_placeholders)):
            errors[key] = problem
    if spec.timing is not None and "schedule" not in errors:
        try:
            form.schedule = format_schedule(parse_schedule(form.schedule, spec.timing))
        except InvalidSchedule as error:
            errors["schedule"] = str(error)
    elif spec.timing is None:
        form.schedule = ""
    return errors


def save_template(session: Session, *, staff: StaffIdentity, form: NotificationForm) -> NotificationForm:
    """Owner only, like the invite email: these go to every customer."""
    if not staff.is_owner:
        raise NotAuthorized(_("Only the account owner can change the notifications customers get."))
    kind = _kind(form)
    form.language = i18n.supported(form.language)
    if errors := _validate(form):
        raise ValidationFailed(errors)
    before = asdict(get_template(session, kind, form.language))
    row = session.exec(select(NotificationTemplate).where(NotificationTemplate.kind == kind)).first()
    row = row or NotificationTemplate(kind=kind)
    row.enabled, row.schedule = form.enabled, form.schedule  # the same in every language
    if form.language == ENGLISH:
        row.subject, row.body = form.subject, form.body
    else:
        words = wordings.Wording(form.subject, form.body)
        wordings.save(session, template=kind.value, language=form.language, wording=words, staff_id=staff.id)
    row.updated_at, row.updated_by_staff_id = utcnow(), staff.id
    session.add(row)
    changed = sorted(name for name, value in asdict(form).items() if value != before[name])
    audit.record(
        session,
        action="settings.notification_updated",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        entity_type="notification",
        details={"kind": kind.value, "changed": ", ".join(changed) or "nothing"},
    )
    return get_template(session, kind, form.language)


def compose(
    form: NotificationForm,
    values: dict[str, str],
    *,
    details: tuple[Detail, ...] = (),
    button: Button | None = None,
    sections: tuple[Section, ...] = (),
    photos: tuple[Photo, ...] = (),
) -> EmailContent:
    """The office's words with the event's values filled in, around what the event itself shows."""
    subject = render_template(form.subject, values)
    return EmailContent(
        subject=subject,
        heading=subject,
        paragraphs=paragraphs_of(render_template(form.body, values)),
        details=details,
        button=button,
        sections=sections,
        photos=photos,
    )


_WORDING_ONLY = {"due_when"}  # a phrase for sentences ("is due in 3 days"), not a detail of its own


def _label(placeholder: str) -> str:
    return placeholder.replace("_", " ").capitalize()


def preview(session: Session, *, form: NotificationForm) -> RenderedEmail:
    """The notification as a customer would get it, with sample values in the company's colours, in the language
    of the words being edited."""
    with speaking(form.language):
        return _preview(session, form)


def _preview(session: Session, form: NotificationForm) -> RenderedEmail:
    spec = SPECS[_kind(form)]
    company = get_company(session)
    values = {
        **spec.sample,
        "customer_name": _("Maria Delgado"),
        "company_name": company.name or _("Your pool company"),
    }
    slug = get_portal_settings(session).slug
    content = compose(
        form,
        values,
        details=tuple(Detail(_label(name), value) for name, value in spec.sample.items() if name not in _WORDING_ONLY),
        button=Button(_("Open the portal"), portal_url(slug) or "https://example.com/yourcompany"),
    )
    return render(
        content,
        company=company,
        unsubscribe_url=portal_page_url(routes.PORTAL_UNSUBSCRIBE, slug) or "https://example.com/unsubscribe",
        preferences_url=portal_page_url(routes.PORTAL_NOTIFICATIONS, slug) or "https://example.com/notifications",
    )


def send_preview(session: Session, *, staff: StaffIdentity, form: NotificationForm) -> str:
    """The notification with sample values, to the signed-in staff member's own address. Returns that address."""
    if errors := _validate(form):
        raise ValidationFailed(errors)
    message = preview(session, form=form)
    company: CompanyDetails = get_company(session)
    outbox.enqueue(
        session,
        to=staff.email,
        template=f"{form.kind}_preview"[:50],
        subject=f"[Preview] {message.subject}",
        text=message.text,
        html=message.html,
        sender_name=company.name,
        reply_to=company.email,
    )
    return staff.email
