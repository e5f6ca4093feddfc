"""Portal invites: who will get one and why not, the message, and queuing a run of invites.

Queuing is quick (a token and an outbox row per email, in one transaction); delivery happens in the
background, paced to the email provider, and its progress is read from the outbox rows of the run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from sqlmodel import Session, col, select

from customer_portal import routes
from customer_portal.domain.portal import SAMPLE_VALUES, render_template
from customer_portal.i18n import ENGLISH, _, speaking
from customer_portal.models import (
    AuditActor,
    Customer,
    CustomerEmail,
    CustomerStatus,
    OutboxEmail,
    PortalLogin,
    TokenPurpose,
    id_column,
    id_of,
)
from customer_portal.services.accounts import auth_tokens
from customer_portal.services.accounts.staff_identity import StaffIdentity
from customer_portal.services.company import audit
from customer_portal.services.company.company_profile import CompanyDetails, get_company
from customer_portal.services.customers.customer_language import language_of_email, languages_of
from customer_portal.services.customers.customer_listing import INVITE_TEMPLATE
from customer_portal.services.errors import ServiceError
from customer_portal.services.messaging import outbox
from customer_portal.services.messaging.email_layout import Button, EmailContent, paragraphs_of, render
from customer_portal.services.portal.portal_settings import (
    PortalSettingsForm,
    get_portal_settings,
    portal_page_url,
    portal_url,
)

MAX_CUSTOMERS_PER_RUN = 5000


@dataclass(frozen=True)
class Recipient:
    customer_id: int
    customer_name: str
    email_id: int
    address: str
    reinvite: bool = False


@dataclass(frozen=True)
class Excluded:
    customer_name: str
    address: str
    reason: str


@dataclass(frozen=True)
class InvitePlan:
    recipients: list[Recipient] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)


def plan_invites(session: Session, *, customer_ids: list[int], reinvite_active: bool = False) -> InvitePlan:
    """Every email of the chosen customers, split into those that will get an invite and those that won't."""
    ids = sorted(set(customer_ids))[:MAX_CUSTOMERS_PER_RUN]
    customers = session.exec(
        select(Customer).where(col(Customer.id).in_(ids)).order_by(col(Customer.name), col(Customer.id))
    ).all()
    emails = session.exec(
        select(CustomerEmail).where(col(CustomerEmail.customer_id).in_(ids)).order_by(col(CustomerEmail.id))
    )
    by_customer: dict[int, list[CustomerEmail]] = {}
    for email in emails:
        by_customer.setdefault(email.customer_id, []).append(email)
    active = set(
        session.exec(
            select(PortalLogin.customer_email_id).where(
                col(PortalLogin.customer_email_id).in_([e.id for group in by_customer.values() for e in group]),
                PortalLogin.is_active,
            )
        )
    )
    recipients, excluded = [], []
    for customer in customers:
        if customer.status == CustomerStatus.ARCHIVED:
            excluded.append(Excluded(customer.name, "", _("Archived")))
            continue
        if not (addresses := by_customer.get(id_of(customer))):
            excluded.append(Excluded(customer.name, "", _("No email on file")))
            continue
        for email in addresses:
            if email.id in active and not reinvite_active:
                excluded.append(Excluded(customer.name, email.address, _("Already active")))
            else:
                recipient = Recipient(id_of(customer), customer.name, id_of(email), email.address, email.id in active)
                recipients.append(recipient)
    return InvitePlan(recipients, excluded)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    sender_name: str
    reply_to: str


def render_invite(form: PortalSettingsForm, values: dict[str, str], company: CompanyDetails) -> RenderedEmail:
    """The office's words as they wrote them (the text part), and in the company's colours with a Create your
    login button (the HTML part), where the link on a line of its own becomes the button."""
    text = render_template(form.invite_body, values)
    subject = render_template(form.invite_subject, values)
    link = values["create_login_link"]
    paragraphs: tuple[str, ...] = paragraphs_of(text)
    after: tuple[str, ...]
    at = next((index for index, paragraph in enumerate(paragraphs) if link in paragraph), None)
    before, after = paragraphs, ()
    if at is not None:  # the button takes the link's place
        lead = paragraphs[at].replace(link, "").strip()
        before, after = (*paragraphs[:at], *([lead] if lead else [])), paragraphs[at + 1 :]
    content = EmailContent(
        subject=subject,
        heading=subject,
        paragraphs=before,
        button=Button(_("Create your login"), link),
        closing=after,
    )
    html = render(content, company=company, plain_text=text).html
    return RenderedEmail(subject, text, html, form.invite_sender_name or company.name, form.invite_reply_to)


def _company(session: Session) -> CompanyDetails:
    company = get_company(session)
    return replace(company, name=company.name or _("Your pool company"))


def preview(session: Session, *, form: PortalSettingsForm, recipient: Recipient | None = None) -> RenderedEmail:
    """The invite as it will be sent: for a real first recipient (in their language), or with sample data (in the
    language of the words being edited)."""
    if recipient is not None:
        form = invite_words(session, form, language_of_email(session, recipient.email_id))
    with speaking(form.invite_language):
        company = _company(session)
        values = {**SAMPLE_VALUES, "company_name": company.name}
        if form.slug:
            values["portal_url"] = portal_url(form.slug)
            values["create_login_link"] = f"{portal_page_url(routes.PORTAL_CREATE_LOGIN, form.slug)}?token=…"
        if recipient is not None:
            values["customer_name"] = recipient.customer_name
        return render_invite(form, values, company)


def send_preview(session: Session, *, staff: StaffIdentity, form: PortalSettingsForm) -> str:
    """The invite with sample data, to the signed-in staff member's own address. Returns that address."""
    message = preview(session, form=form)
    outbox.enqueue(
        session,
        to=staff.email,
        template="portal_invite_preview",
        subject=f"[Preview] {message.subject}",
        text=message.text,
        html=message.html,
        sender_name=message.sender_name,
        reply_to=message.reply_to,
    )
    return staff.email


@dataclass(frozen=True)
class InviteRun:
    run_id: str
    queued: int


def send_invites(
    session: Session, *, staff: StaffIdentity, customer_ids: list[int], reinvite_active: bool = False
) -> InviteRun:
    """Queue one invite per eligible email: a fresh link (older ones die) and an outbox row each."""
    form = get_portal_settings(session)
    if not form.enabled or not form.slug:
        raise ServiceError(_("Turn the customer portal on in Settings before sending invites."))
    plan = plan_invites(session, customer_ids=customer_ids, reinvite_active=reinvite_active)
    if not plan.recipients:
        raise ServiceError(_("None of the selected customers can be invited (see the reasons listed)."))
    run_id = f"invites-{uuid.uuid4().hex}"
    languages = languages_of(session, [recipient.email_id for recipient in plan.recipients])
    worded = {language: invite_words(session, form, language) for language in {ENGLISH, *languages.values()}}
    for recipient in plan.recipients:
        _queue(session, form=worded[languages.get(recipient.email_id, ENGLISH)], recipient=recipient, run_id=run_id)
    audit.record(
        session,
        action="portal.invites_queued",
        actor=AuditActor.STAFF,
        staff_user_id=staff.id,
        actor_label=staff.email,
        details={"run": run_id, "invites": len(plan.recipients), "not_invited": len(plan.excluded)},
    )
    return InviteRun(run_id, len(plan.recipients))


def invite_words(session: Session, form: PortalSettingsForm, language: str) -> PortalSettingsForm:
    """The invite's subject and message in `language`: the office's words in it, else the shipped ones."""
    if language == form.invite_language:
        return form
    words = get_portal_settings(session, invite_language=language)
    return replace(form, invite_subject=words.invite_subject, invite_body=words.invite_body, invite_language=language)


def _queue(session: Session, *, form: PortalSettingsForm, recipient: Recipient, run_id: str = "") -> None:
    """A fresh invite link for one email (older links die) and its message in the outbox, in the language of
    `form`'s words: the one the customer reads (the office's choice for them, until their login chooses)."""
    with speaking(form.invite_language):
        _queue_in_language(session, form, recipient, run_id)


def _queue_in_language(session: Session, form: PortalSettingsForm, recipient: Recipient, run_id: str) -> None:
    company = _company(session)
    token = auth_tokens.issue(session, purpose=TokenPurpose.INVITE, customer_email_id=recipient.email_id)
    values = {
        "customer_name": recipient.customer_name,
        "company_name": company.name,
        "portal_url": portal_url(form.slug),
        "create_login_link": f"{portal_page_url(routes.PORTAL_CREATE_LOGIN, form.slug)}?token={token}",
    }
    message = render_invite(form, values, company)
    outbox.enqueue(
        session,
        to=recipient.address,
        template=INVITE_TEMPLATE,
        subject=message.subject,
        text=message.text,
        html=message.html,
        sender_name=message.sender_name,
        reply_to=message.reply_to,
        customer_email_id=recipient.email_id,
        run_id=run_id,
    )


def queue_invite_for_email(session: Session, *, customer_email_id: int) -> None:
    """A new invite asked for from an expired link (the portal must be on)."""
    form = get_portal_settings(session)
    email = session.get(CustomerEmail, customer_email_id)
    customer = session.get(Customer, email.customer_id) if email else None
    if not form.enabled or not form.slug or email is None or customer is None:
        return
    if customer.status == CustomerStatus.ACTIVE:
        _queue(
            session,
            form=invite_words(session, form, language_of_email(session, customer_email_id)),
            recipient=Recipient(id_of(customer), customer.name, customer_email_id, email.address),
        )


def latest_run_id(session: Session) -> str:
    """The most recent invite run, so its progress can be shown when the page is opened again."""
    row = session.exec(
        select(OutboxEmail.run_id)
        .where(OutboxEmail.template == INVITE_TEMPLATE, OutboxEmail.run_id != "")
        .order_by(id_column(OutboxEmail).desc())
        .limit(1)
    ).first()
    return row or ""
