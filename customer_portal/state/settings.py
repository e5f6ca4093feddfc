"""Settings > Customer Portal and Settings > Company (the owner changes them; office staff can look)."""

from __future__ import annotations

import dataclasses
import json

import reflex as rx

from customer_portal.domain.portal import (
    SAMPLE_VALUES,
    render_template,
    unknown_placeholders,
)
from customer_portal.i18n import _, speaking
from customer_portal.services.company import company_profile
from customer_portal.services.company.company_profile import CompanyDetails
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.messaging import wordings
from customer_portal.services.payments import payment_settings
from customer_portal.services.payments.payment_settings import PaymentSettingsView
from customer_portal.services.portal import invites, portal_settings
from customer_portal.services.portal.portal_settings import PortalSettingsForm
from customer_portal.services.visits.photo_upload import MAX_UPLOAD_BYTES
from customer_portal.settings import settings
from customer_portal.state.base import call_service
from customer_portal.state.forms import AutoPayTimingForm, PartialPaymentsForm, StripeKeysForm
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.staff import StaffState

PORTAL_FIELDS = [field.name for field in dataclasses.fields(PortalSettingsForm)]
COMPANY_FIELDS = [field.name for field in dataclasses.fields(CompanyDetails) if field.name != "has_logo"]
LOGO_UPLOAD_ID = "company-logo"


class SettingsState(StaffState):
    portal: dict[str, str | bool] = {}
    saved_portal: str = ""  # JSON of the portal settings as last saved, for the unsaved-changes mark
    company: dict[str, str] = {}
    has_logo: bool = False
    field_errors: dict[str, str] = {}
    notice: str = ""
    # Only masked keys ever reach this state: typed keys arrive in the form submission and go straight
    # to the service, which stores them encrypted.
    payments: PaymentSettingsView = PaymentSettingsView()
    payments_notice: str = ""

    @rx.var
    def is_owner(self) -> bool:
        return self.staff_role == "owner"

    @rx.var
    def has_unsaved_changes(self) -> bool:
        return bool(self.saved_portal) and json.dumps(self.portal, sort_keys=True) != self.saved_portal

    @rx.var
    def portal_address(self) -> str:
        slug = str(self.portal.get("slug", "")).strip().lower()
        return f"{settings.public_url}/{slug}" if slug else ""

    def _sample(self) -> dict[str, str]:
        return {**SAMPLE_VALUES, "company_name": self.company.get("name", "") or SAMPLE_VALUES["company_name"]}

    @rx.var
    def preview_subject(self) -> str:
        return render_template(str(self.portal.get("invite_subject", "")), self._sample())

    @rx.var
    def preview_body(self) -> str:
        return render_template(str(self.portal.get("invite_body", "")), self._sample())

    @rx.var
    def preview_html(self) -> str:
        """The invite as an email app shows it (the text part is preview_body), in the company's colours."""
        company = CompanyDetails(**{**dataclasses.asdict(CompanyDetails()), **self.company, "has_logo": self.has_logo})
        with speaking(str(self.portal.get("invite_language", "en"))):  # its button in the language being edited
            return invites.render_invite(self._portal_form(), self._sample(), company).html

    @rx.var
    def template_warning(self) -> str:
        """Shown as the office types; the same rule is enforced again when saving."""
        text = f"{self.portal.get('invite_subject', '')} {self.portal.get('invite_body', '')}"
        unknown = unknown_placeholders(text)
        return f"Unknown placeholders: {', '.join('{' + n + '}' for n in unknown)}" if unknown else ""

    def _show_portal(self, form: PortalSettingsForm) -> None:
        self.portal = dataclasses.asdict(form)
        self.saved_portal = json.dumps(self.portal, sort_keys=True)

    @rx.event
    @staff_only()
    async def load_settings(self):
        self.field_errors, self.notice = {}, ""
        self._show_portal(await call_service(portal_settings.get_portal_settings))
        self.payments, self.payments_notice = await call_service(payment_settings.payment_settings_view), ""
        company = await call_service(company_profile.get_company)
        self.company = {name: getattr(company, name) for name in COMPANY_FIELDS}
        self.has_logo = company.has_logo

    # Draft setters: they change only this browser's unsaved form; saving is owner-only and validated.
    @rx.event
    @public
    def set_portal_field(self, name: str, value: str | bool):
        if name in PORTAL_FIELDS:
            limit = PortalSettingsForm.LIMITS.get(name)
            typed = limit.keep(value) if limit else str(value)[:100]  # the web address, a switch's value
            self.portal = {**self.portal, name: value if isinstance(value, bool) else typed}

    @rx.event
    @public
    def restore_default_invite(self):
        """The words that ship, in the language being edited."""
        words = wordings.shipped(portal_settings.DEFAULT_INVITE, str(self.portal.get("invite_language", "en")))
        self.portal = {**self.portal, "invite_subject": words.subject, "invite_body": words.body}

    @rx.event
    @staff_only()
    async def choose_invite_language(self, language: str):
        """Edit the invite's words for another language's readers (each is saved on its own)."""
        if self.has_unsaved_changes:
            return rx.toast.error(_("Save or undo your changes before switching language."))
        self._show_portal(await call_service(portal_settings.get_portal_settings, invite_language=language))
        return None

    @rx.event
    @public
    def set_company_field(self, name: str, value: str):
        if name in COMPANY_FIELDS:
            limit = CompanyDetails.LIMITS.get(name)
            self.company = {**self.company, name: limit.keep(value) if limit else str(value)[:300]}

    def _portal_form(self) -> PortalSettingsForm:
        values = {name: self.portal.get(name, getattr(PortalSettingsForm(), name)) for name in PORTAL_FIELDS}
        return PortalSettingsForm(**values)

    @rx.event
    @staff_only(owner=True)
    async def save_portal(self):
        self.field_errors, self.notice = {}, ""
        try:
            saved = await call_service(
                portal_settings.save_portal_settings, staff=current_staff(), form=self._portal_form()
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return rx.toast.error(str(error))
        except NotAuthorized as error:
            return rx.toast.error(str(error))
        self._show_portal(saved)
        return rx.toast.success(_("Customer portal settings saved."))

    @rx.event
    @staff_only()
    async def send_preview(self):
        form = self._portal_form()
        problems = unknown_placeholders(f"{form.invite_subject} {form.invite_body}")
        if problems:
            self.notice = _("Fix the unknown placeholders before sending a preview.")
            return
        address = await call_service(invites.send_preview, staff=current_staff(), form=form)
        self.notice = _("Preview sent to {email}.").format(email=address)

    async def _save_company(self, logo: bytes | None):
        self.field_errors = {}
        form = CompanyDetails(**{name: self.company.get(name, "") for name in COMPANY_FIELDS})
        try:
            saved = await call_service(company_profile.save_company, staff=current_staff(), form=form, logo=logo)
        except ValidationFailed as error:
            self.field_errors = {f"company.{key}": message for key, message in error.field_errors.items()}
            return rx.toast.error(str(error))
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.company = {name: getattr(saved, name) for name in COMPANY_FIELDS}
        self.has_logo = saved.has_logo
        return rx.toast.success(_("Company details saved."))

    @rx.event
    @staff_only(owner=True)
    async def save_company(self):
        return await self._save_company(None)

    @rx.event
    @staff_only(owner=True)
    async def upload_logo(self, files: list[rx.UploadFile]):
        if not files:
            return rx.toast.error(_("Choose an image first."))
        result = await self._save_company(await files[0].read(MAX_UPLOAD_BYTES + 1))
        return [rx.clear_selected_files(LOGO_UPLOAD_ID), result]

    @rx.event
    @staff_only(owner=True)
    async def save_payments(self, form: StripeKeysForm):
        self.field_errors, self.payments_notice = {}, ""
        try:
            self.payments = await call_service(
                payment_settings.save_keys,
                staff=current_staff(),
                secret_key=form.get("secret_key", ""),
                publishable_key=form.get("publishable_key", ""),
                webhook_secret=form.get("webhook_secret", ""),
            )
        except ValidationFailed as error:
            self.field_errors = {f"payments.{key}": message for key, message in error.field_errors.items()}
            return
        except ServiceError as error:
            self.payments_notice = str(error)
            return
        self.payments_notice = _("Payment settings saved.")

    @rx.event
    @staff_only(owner=True)
    async def save_autopay_timing(self, form: AutoPayTimingForm):
        self.field_errors, self.payments_notice = {}, ""
        try:
            self.payments = await call_service(
                payment_settings.save_autopay_timing,
                staff=current_staff(),
                days_after_due=form.get("autopay_days_after_due", ""),
            )
        except ValidationFailed as error:
            self.field_errors = {f"payments.{key}": message for key, message in error.field_errors.items()}
            return
        self.payments_notice = _("AutoPay timing saved.")

    @rx.event
    @staff_only(owner=True)
    async def save_partial_payments(self, form: PartialPaymentsForm):
        self.field_errors, self.payments_notice = {}, ""
        try:
            self.payments = await call_service(
                payment_settings.save_partial_payments,
                staff=current_staff(),
                allowed=form.get("partial_payments", "") == "on",
                minimum=form.get("partial_minimum", ""),
            )
        except ValidationFailed as error:
            self.field_errors = {f"payments.{key}": message for key, message in error.field_errors.items()}
            return
        self.payments_notice = _("Partial payments saved.")

    @rx.event
    @staff_only(owner=True)
    async def check_stripe(self):
        try:
            name = await call_service(payment_settings.check_connection, staff=current_staff())
        except ServiceError as error:
            self.payments_notice = str(error)
            return
        self.payments = await call_service(payment_settings.payment_settings_view)
        self.payments_notice = _("Connected to Stripe account “{name}”.").format(name=name)
