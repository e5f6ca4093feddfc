"""My account > Two-factor: set it up, make new recovery codes, turn it off. Codes and passwords arrive only in
the submitted forms; the recovery codes sit in a var only until the person says they saved them."""

from __future__ import annotations

import reflex as rx

from customer_portal.i18n import _
from customer_portal.services.accounts import two_factor_account
from customer_portal.services.accounts.two_factor import SetupPrompt
from customer_portal.services.accounts.two_factor_account import TwoFactorStatus
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.state.base import call_service
from customer_portal.state.forms import SecondFactorForm, TurnOffTwoFactorForm
from customer_portal.state.guards import current_staff, staff_only
from customer_portal.state.staff import StaffState


class StaffTwoFactorState(StaffState):
    status: TwoFactorStatus | None = None
    setup: SetupPrompt | None = None
    recovery_codes: list[str] = []
    field_errors: dict[str, str] = {}
    message: str = ""

    async def _reload(self) -> None:
        self.status = await call_service(two_factor_account.status, staff=current_staff())

    @rx.event
    @staff_only()
    async def load_two_factor(self):
        self.setup, self.recovery_codes, self.field_errors, self.message = None, [], {}, ""
        await self._reload()

    @rx.event
    @staff_only()
    async def start_setup(self):
        self.field_errors, self.message = {}, ""
        try:
            self.setup = await call_service(two_factor_account.begin_setup, staff=current_staff())
        except ServiceError as error:
            self.message = str(error)

    @rx.event
    @staff_only()
    async def cancel_setup(self):
        self.setup, self.field_errors = None, {}

    @rx.event
    @staff_only()
    async def confirm_setup(self, form: SecondFactorForm):
        self.field_errors = {}
        try:
            codes = await call_service(
                two_factor_account.confirm_setup,
                staff=current_staff(),
                code=form.get("code", ""),
                session_token=self.staff_session_token,
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        except ServiceError as error:
            self.setup, self.message = None, str(error)
            return
        self.setup, self.recovery_codes, self.message = None, codes, _("Two-factor is on.")
        await self._reload()

    @rx.event
    @staff_only()
    async def make_new_codes(self, form: SecondFactorForm):
        self.field_errors, self.message = {}, ""
        try:
            self.recovery_codes = await call_service(
                two_factor_account.new_recovery_codes,
                staff=current_staff(),
                code=form.get("code", ""),
                client_ip=self.client_ip,
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return
        self.message = _("New recovery codes are ready; the old ones no longer work.")
        await self._reload()

    @rx.event
    @staff_only()
    async def codes_saved(self):
        self.recovery_codes = []

    @rx.event
    @staff_only()
    async def turn_off(self, form: TurnOffTwoFactorForm):
        self.field_errors, self.message = {}, ""
        try:
            await call_service(
                two_factor_account.turn_off,
                staff=current_staff(),
                password=form.get("off_password", ""),
                client_ip=self.client_ip,
            )
        except ValidationFailed as error:
            self.field_errors = {"off_password": error.field_errors.get("current_password", str(error))}
            return
        except ServiceError as error:
            self.message = str(error)
            return
        self.message = _("Two-factor is off.")
        await self._reload()
