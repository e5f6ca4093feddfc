"""Settings > Team (owners only) and joining the team from an invitation."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.i18n import _
from customer_portal.services.accounts import team
from customer_portal.services.accounts.team import TeamMember
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.state.base import AuthState, call_service
from customer_portal.state.forms import NewPasswordForm, TeamInviteForm
from customer_portal.state.guards import current_staff, public, staff_only
from customer_portal.state.staff import StaffState
from customer_portal.state.staff_sign_in import NewPasswordFromLink


class TeamState(StaffState):
    members: list[TeamMember] = []
    field_errors: dict[str, str] = {}
    two_factor_required: bool = False

    async def _reload(self) -> None:
        self.members = await call_service(team.team, staff=current_staff())
        self.two_factor_required = await call_service(team.two_factor_required, staff=current_staff())

    @rx.event
    @staff_only(owner=True)
    async def load_team(self):
        self.field_errors = {}
        await self._reload()

    @rx.event
    @staff_only(owner=True)
    async def invite(self, form: TeamInviteForm):
        self.field_errors = {}
        try:
            await call_service(
                team.invite,
                staff=current_staff(),
                email=form.get("email", ""),
                name=form.get("name", ""),
                role=form.get("role", ""),
            )
        except ValidationFailed as error:
            self.field_errors = error.field_errors
            return None
        await self._reload()
        return rx.toast.success(_("Invited: they have an email with a link to join."))

    async def _act(self, service, done: str, **arguments):
        try:
            await call_service(service, staff=current_staff(), **arguments)
        except (ServiceError, NotAuthorized) as error:
            await self._reload()
            return rx.toast.error(str(error))
        await self._reload()
        return rx.toast.success(done)

    @rx.event
    @staff_only(owner=True)
    async def change_role(self, member_id: int, role: str):
        return await self._act(team.change_role, _("Role changed."), member_id=member_id, role=role)

    @rx.event
    @staff_only(owner=True)
    async def deactivate(self, member_id: int):
        return await self._act(team.deactivate, _("Deactivated: they are signed out everywhere."), member_id=member_id)

    @rx.event
    @staff_only(owner=True)
    async def reactivate(self, member_id: int):
        return await self._act(team.reactivate, _("Reactivated."), member_id=member_id)

    @rx.event
    @staff_only(owner=True)
    async def resend_invite(self, member_id: int):
        return await self._act(team.resend_invite, _("Invitation sent again."), member_id=member_id)

    @rx.event
    @staff_only(owner=True)
    async def reset_two_factor(self, member_id: int):
        done = _("Two-factor reset: they are signed out, and set it up again when they next sign in (if required).")
        return await self._act(team.reset_two_factor, done, member_id=member_id)

    @rx.event
    @staff_only(owner=True)
    async def require_two_factor(self, required: bool):
        done = (
            _("Everyone on the team now signs in with two-factor.")
            if required
            else _("Two-factor is each one's choice.")
        )
        return await self._act(team.require_two_factor, done, required=bool(required))


class StaffJoinState(NewPasswordFromLink, AuthState):
    email: str = ""
    joined_sign_in_next: bool = False  # joined; two-factor is required, so they set it up while signing in

    @rx.event
    @public
    async def check_invite(self):
        """on_load: who is invited, or why the link no longer works."""
        self.joined_sign_in_next = False
        link = await call_service(team.check_invite, token=self._take_token())
        self.link_problem = team.INVITE_PROBLEMS[link.problem] if link.problem else ""
        self.email = link.email if link.problem is None else ""

    @rx.event
    @public
    async def join(self, form: NewPasswordForm):
        # Public by design: the one-time invitation is the credential, checked by the service.
        joined, token = await self._choose_password(team.join, form)
        if not joined:
            return
        if token is None:
            self.joined_sign_in_next = True
            return
        await self._hand_session_to_browser(token, then=routes.STAFF_HOME)
