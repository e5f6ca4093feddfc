"""One's own login, for a customer (portal) and a staff member (office): change the password, sign out every
other device. Passwords arrive only in the submitted form, never in a state var."""

from __future__ import annotations

import reflex as rx

from customer_portal.services.accounts import customer_profile, password_change, signed_in_devices
from customer_portal.services.accounts.password_change import NewPassword, PasswordChange
from customer_portal.services.accounts.signed_in_devices import SignedInDevice
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import call_service
from customer_portal.state.forms import ChangePasswordForm, EmailChangeForm, PhoneForm
from customer_portal.state.guards import current_customer, current_staff, customer_only, public, staff_only
from customer_portal.state.portal import PortalState
from customer_portal.state.staff import StaffState

CHANGED = "Your password is changed. Every other device you were signed in on is signed out."


def _new_password(form: ChangePasswordForm) -> NewPassword:
    return NewPassword(form.get("current_password", ""), form.get("password", ""), form.get("password_again", ""))


def _signed_out(count: int) -> str:
    return f"Signed out of {count} other device{'s' * (count != 1)}." if count else "No other device was signed in."


class PortalAccountState(PortalState):
    field_errors: dict[str, str] = {}
    done: str = ""
    devices: list[SignedInDevice] = []
    phone: str = ""

    async def _load_devices(self) -> None:
        self.devices = await call_service(
            signed_in_devices.customer_devices, customer=current_customer(), current_token=self.portal_session_token
        )

    async def _show(self, result: PasswordChange) -> None:
        self.field_errors, self.done = result.field_errors, CHANGED if result.done else ""
        await self._load_devices()

    @rx.event
    @customer_only()
    async def load_account(self):
        self.field_errors, self.done = {}, ""
        self.phone = (await call_service(customer_profile.profile, customer=current_customer())).phone
        await self._load_devices()

    @rx.event
    @customer_only()
    async def save_phone(self, form: PhoneForm):
        self.field_errors, self.done = {}, ""
        try:
            saved = await call_service(
                customer_profile.save_phone, customer=current_customer(), phone=form.get("phone", "")
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        self.phone, self.done = saved.phone, "Your phone number is saved."

    @rx.event
    @customer_only()
    async def change_email(self, form: EmailChangeForm):
        self.field_errors, self.done = {}, ""
        answer = await call_service(
            customer_profile.request_email_change,
            customer=current_customer(),
            new_address=form.get("new_email", ""),
            current_password=form.get("email_password", ""),
            client_ip=self.client_ip,
        )
        self.field_errors = answer.field_errors
        if answer.sent_to:
            self.done = f"Almost done: open the link we sent to {answer.sent_to} to confirm it (within 24 hours)."

    @rx.event
    @customer_only()
    async def change_password(self, form: ChangePasswordForm):
        await self._show(
            await call_service(
                password_change.change_customer_password,
                customer=current_customer(),
                session_token=self.portal_session_token,
                client_ip=self.client_ip,
                form=_new_password(form),
            )
        )

    @rx.event
    @customer_only()
    async def sign_out_elsewhere(self):
        count = await call_service(
            password_change.sign_out_customer_elsewhere,
            customer=current_customer(),
            session_token=self.portal_session_token,
        )
        self.field_errors, self.done = {}, _signed_out(count)
        await self._load_devices()

    @rx.event
    @customer_only()
    async def sign_out_device(self, session_id: int):
        try:
            await call_service(
                signed_in_devices.end_customer_device,
                customer=current_customer(),
                current_token=self.portal_session_token,
                session_id=session_id,
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.done = "That device is signed out."
        await self._load_devices()
        return None


class StaffAccountState(StaffState):
    field_errors: dict[str, str] = {}
    done: str = ""
    devices: list[SignedInDevice] = []

    async def _load_devices(self) -> None:
        self.devices = await call_service(
            signed_in_devices.staff_devices, staff=current_staff(), current_token=self.staff_session_token
        )

    @rx.event
    @staff_only()
    async def load_account(self):
        self.field_errors, self.done = {}, ""
        await self._load_devices()

    @rx.event
    @staff_only()
    async def change_password(self, form: ChangePasswordForm):
        result = await call_service(
            password_change.change_staff_password,
            staff=current_staff(),
            session_token=self.staff_session_token,
            client_ip=self.client_ip,
            form=_new_password(form),
        )
        self.field_errors, self.done = result.field_errors, CHANGED if result.done else ""
        await self._load_devices()

    @rx.event
    @staff_only()
    async def sign_out_elsewhere(self):
        count = await call_service(
            password_change.sign_out_staff_elsewhere, staff=current_staff(), session_token=self.staff_session_token
        )
        self.field_errors, self.done = {}, _signed_out(count)
        await self._load_devices()

    @rx.event
    @staff_only()
    async def sign_out_device(self, session_id: int):
        try:
            await call_service(
                signed_in_devices.end_staff_device,
                staff=current_staff(),
                current_token=self.staff_session_token,
                session_id=session_id,
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.done = "That device is signed out."
        await self._load_devices()
        return None


class ConfirmEmailState(PortalState):
    """The link from the new address (the link is the credential; no session needed). Loading the page only shows
    the address: mail scanners open links, so the move waits for the person's click."""

    _token: str = ""
    new_address: str = ""
    confirmed: bool = False
    problem: str = ""

    @rx.event
    @public
    async def check(self):
        self._token = str(self.router.page.params.get("token", ""))[:200]
        self.confirmed, self.problem = False, ""
        pending = await call_service(customer_profile.pending_change, token=self._token)
        self.new_address, self.problem = pending.new_address, pending.problem

    @rx.event
    @public
    async def confirm(self):
        try:
            self.new_address = await call_service(customer_profile.confirm_email_change, token=self._token)
        except ServiceError as error:
            self.problem = str(error)
            return
        self.confirmed = True
