"""One's own login, for a customer (portal) and a staff member (office): change the password, sign out every
other device. Passwords arrive only in the submitted form, never in a state var."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from customer_portal.i18n import N_, _, ngettext
from customer_portal.services.accounts import customer_profile, password_change, signed_in_devices
from customer_portal.services.accounts.password_change import NewPassword, PasswordChange
from customer_portal.services.accounts.signed_in_devices import SignedInDevice
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import call_service
from customer_portal.state.forms import ChangePasswordForm, EmailChangeForm, PhoneForm
from customer_portal.state.guards import current_customer, current_staff, customer_only, public, staff_only
from customer_portal.state.portal import PortalState
from customer_portal.state.staff import StaffState

CHANGED = N_("Your password is changed. Every other device you were signed in on is signed out.")


def _new_password(form: ChangePasswordForm) -> NewPassword:
    return NewPassword(form.get("current_password", ""), form.get("password", ""), form.get("password_again", ""))


def _signed_out(count: int) -> str:
    if not count:
        return _("No other device was signed in.")
    return ngettext("Signed out of {count} other device.", "Signed out of {count} other devices.", count)


@dataclass(frozen=True)
class _AccountServices:
    """One side's services (customer or staff): each takes that side's identity as `customer=` or `staff=`."""

    change_password: Callable[..., PasswordChange]
    sign_out_elsewhere: Callable[..., int]
    devices: Callable[..., list[SignedInDevice]]
    end_device: Callable[..., None]


class _AccountPage(rx.State, mixin=True):
    """What the portal's Account page and the office's My account share; each side's handlers carry its own
    guard and say whose identity and session token to use."""

    field_errors: dict[str, str] = {}
    done: str = ""
    devices: list[SignedInDevice] = []

    def _services(self) -> _AccountServices:
        raise NotImplementedError

    def _who(self) -> dict[str, Any]:
        """The signed-in identity, as the services take it: {"customer": …} or {"staff": …}."""
        raise NotImplementedError

    def _own_token(self) -> str:
        raise NotImplementedError

    async def _load_devices(self) -> None:
        self.devices = await call_service(self._services().devices, current_token=self._own_token(), **self._who())

    async def _change_password(self, form: ChangePasswordForm) -> None:
        result = await call_service(
            self._services().change_password,
            session_token=self._own_token(),
            client_ip=self.client_ip,
            form=_new_password(form),
            **self._who(),
        )
        self.field_errors, self.done = result.field_errors, _(CHANGED) if result.done else ""
        await self._load_devices()

    async def _sign_out_elsewhere(self) -> None:
        count = await call_service(self._services().sign_out_elsewhere, session_token=self._own_token(), **self._who())
        self.field_errors, self.done = {}, _signed_out(count)
        await self._load_devices()

    async def _sign_out_device(self, session_id: int) -> Any:
        try:
            await call_service(
                self._services().end_device, current_token=self._own_token(), session_id=session_id, **self._who()
            )
        except ServiceError as error:
            return rx.toast.error(str(error))
        self.done = _("That device is signed out.")
        await self._load_devices()
        return None


_CUSTOMER_SERVICES = _AccountServices(
    password_change.change_customer_password,
    password_change.sign_out_customer_elsewhere,
    signed_in_devices.customer_devices,
    signed_in_devices.end_customer_device,
)
_STAFF_SERVICES = _AccountServices(
    password_change.change_staff_password,
    password_change.sign_out_staff_elsewhere,
    signed_in_devices.staff_devices,
    signed_in_devices.end_staff_device,
)


class PortalAccountState(_AccountPage, PortalState):
    phone: str = ""

    def _services(self) -> _AccountServices:
        return _CUSTOMER_SERVICES

    def _who(self) -> dict[str, Any]:
        return {"customer": current_customer()}

    def _own_token(self) -> str:
        return self.portal_session_token

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
        self.phone, self.done = saved.phone, _("Your phone number is saved.")

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
            self.done = _("Almost done: open the link we sent to {email} to confirm it (within 24 hours).").format(
                email=answer.sent_to
            )

    @rx.event
    @customer_only()
    async def change_password(self, form: ChangePasswordForm):
        await self._change_password(form)

    @rx.event
    @customer_only()
    async def sign_out_elsewhere(self):
        await self._sign_out_elsewhere()

    @rx.event
    @customer_only()
    async def sign_out_device(self, session_id: int):
        return await self._sign_out_device(session_id)


class StaffAccountState(_AccountPage, StaffState):
    def _services(self) -> _AccountServices:
        return _STAFF_SERVICES

    def _who(self) -> dict[str, Any]:
        return {"staff": current_staff()}

    def _own_token(self) -> str:
        return self.staff_session_token

    @rx.event
    @staff_only()
    async def load_account(self):
        self.field_errors, self.done = {}, ""
        await self._load_devices()

    @rx.event
    @staff_only()
    async def change_password(self, form: ChangePasswordForm):
        await self._change_password(form)

    @rx.event
    @staff_only()
    async def sign_out_elsewhere(self):
        await self._sign_out_elsewhere()

    @rx.event
    @staff_only()
    async def sign_out_device(self, session_id: int):
        return await self._sign_out_device(session_id)


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
