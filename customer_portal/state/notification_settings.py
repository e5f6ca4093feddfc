"""Settings > Notifications: one notification at a time, its switch, timing and wording, with a live preview."""

from __future__ import annotations

import dataclasses

import reflex as rx

from customer_portal import i18n
from customer_portal.domain.notifications import SPECS, NotificationKind
from customer_portal.domain.portal import unknown_placeholders
from customer_portal.i18n import ENGLISH, _
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.messaging import notification_templates
from customer_portal.services.messaging.notification_templates import NotificationForm, default_form
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, staff_only
from customer_portal.state.staff import StaffState

_TEXT_FIELDS = ("subject", "body", "schedule")


class NotificationSettingsState(StaffState):
    chosen: str = NotificationKind.INVOICE_ISSUED.value
    language: str = ENGLISH  # whose words are being edited: each language's readers have their own
    form: dict[str, str | bool] = {}
    field_errors: dict[str, str] = {}
    preview_subject: str = ""
    preview_html: str = ""
    notice: str = ""

    @rx.var
    def is_owner(self) -> bool:
        return self.staff_role == "owner"

    def _spec(self):  # the chosen kind's description (the choice is checked when it is made)
        return SPECS[NotificationKind(self.chosen)]

    @rx.var
    def description(self) -> str:
        return self._spec().description

    @rx.var
    def placeholders(self) -> str:
        return ", ".join("{" + name + "}" for name in self._spec().known_placeholders)

    @rx.var
    def timing_label(self) -> str:
        timing = self._spec().timing
        return timing.label if timing else ""

    @rx.var
    def timing_help(self) -> str:
        timing = self._spec().timing
        return timing.help if timing else ""

    @rx.var
    def template_warning(self) -> str:
        """Shown as the office types; the same rule is enforced again when saving."""
        text = f"{self.form.get('subject', '')} {self.form.get('body', '')}"
        unknown = unknown_placeholders(text, self._spec().known_placeholders)
        return f"Unknown placeholders: {', '.join('{' + n + '}' for n in unknown)}" if unknown else ""

    def _form(self) -> NotificationForm:
        default = default_form(NotificationKind(self.chosen), self.language)
        values = {
            field.name: self.form.get(field.name, getattr(default, field.name)) for field in dataclasses.fields(default)
        }
        return NotificationForm(**{**values, "kind": self.chosen, "language": self.language})

    async def _show(self, form: NotificationForm) -> None:
        self.form = dataclasses.asdict(form)
        await self._refresh_preview()

    async def _refresh_preview(self) -> None:
        message = await call_service(notification_templates.preview, form=self._form())
        self.preview_subject, self.preview_html = message.subject, message.html

    @rx.event
    @staff_only()
    async def load_notifications(self):
        self.field_errors, self.notice = {}, ""
        await self._show(
            await call_service(
                notification_templates.get_template, kind=NotificationKind(self.chosen), language=self.language
            )
        )

    @rx.event
    @staff_only()
    async def choose(self, kind: str):
        if kind in NotificationKind._value2member_map_:
            self.chosen = kind
            await self.load_notifications()

    @rx.event
    @staff_only()
    async def choose_language(self, language: str):
        self.language = i18n.supported(language)
        await self.load_notifications()

    # A draft: changes only this browser's unsaved form (and its preview); saving is owner-only and validated.
    @rx.event
    @staff_only()
    async def set_field(self, name: str, value: str | bool):
        if name == "enabled" and isinstance(value, bool):
            self.form = {**self.form, "enabled": value}
        elif name in _TEXT_FIELDS and isinstance(value, str):
            self.form = {**self.form, name: NotificationForm.LIMITS[name].keep(value)}
            await self._refresh_preview()

    @rx.event
    @staff_only()
    async def restore_default(self):
        default = default_form(NotificationKind(self.chosen), self.language)
        await self._show(dataclasses.replace(default, enabled=bool(self.form.get("enabled", True))))

    @rx.event
    @staff_only(owner=True)
    async def save(self):
        self.field_errors, self.notice = {}, ""
        try:
            saved = await call_service(notification_templates.save_template, staff=current_staff(), form=self._form())
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return rx.toast.error(str(error))
        except (NotAuthorized, ServiceError) as error:
            return rx.toast.error(str(error))
        await self._show(saved)
        return rx.toast.success(_("{notification} saved.").format(notification=_(self._spec().label)))

    @rx.event
    @staff_only()
    async def send_preview(self):
        self.field_errors = {}
        try:
            address = await call_service(notification_templates.send_preview, staff=current_staff(), form=self._form())
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            self.notice = _("Fix the marked fields before sending a preview.")
            return
        self.notice = _("Preview sent to {email}.").format(email=address)
