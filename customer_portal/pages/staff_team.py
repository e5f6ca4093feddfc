"""Staff: Settings > Team (owners), and the page an invited staff member joins from."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.forms import error_text
from customer_portal.components.layout import centered_card, staff_shell
from customer_portal.i18n import _
from customer_portal.services.accounts.team import ROLE_LABELS, TeamMember
from customer_portal.state.team import StaffJoinState, TeamState

_STATUS_COLORS = (("active", "green"), ("invited", "amber"), "gray")


def _member(member: TeamMember) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(member.name, weight="bold"),
                    rx.badge(member.status, color_scheme=rx.match(member.status, *_STATUS_COLORS), high_contrast=True),
                    rx.cond(member.is_you, rx.badge(_("You"), variant="outline")),
                    rx.cond(
                        member.two_factor,
                        rx.badge(_("Two-factor"), color_scheme="blue", high_contrast=True, class_name="two-factor-on"),
                    ),
                    align="center",
                    wrap="wrap",
                ),
                rx.text(member.email, size="2"),
                rx.text(
                    rx.cond(
                        member.last_sign_in != "",
                        _("Last signed in ") + member.last_sign_in.to(str),
                        _("Not signed in yet"),
                    ),
                    size="1",
                    color=rx.color("gray", 11),
                ),
                spacing="1",
            ),
            rx.spacer(),
            rx.flex(
                rx.el.select(
                    *[rx.el.option(label, value=role.value) for role, label in ROLE_LABELS.items()],
                    value=member.role,
                    on_change=lambda role: TeamState.change_role(member.id, role),
                    aria_label="Role of " + member.name.to(str),
                    disabled=member.status == "deactivated",
                    class_name="member-role",
                    style={"height": "2.25rem", "border_radius": "6px"},
                ),
                rx.cond(
                    member.status == "invited",
                    rx.button(_("Send again"), on_click=TeamState.resend_invite(member.id), variant="soft", size="2"),
                ),
                rx.cond(
                    member.two_factor & ~member.is_you,
                    rx.button(
                        _("Reset two-factor"),
                        on_click=TeamState.reset_two_factor(member.id),
                        variant="soft",
                        color_scheme="amber",
                        size="2",
                        class_name="reset-two-factor",
                    ),
                ),
                rx.cond(
                    member.status == "deactivated",
                    rx.button(_("Reactivate"), on_click=TeamState.reactivate(member.id), variant="soft", size="2"),
                    rx.cond(
                        ~member.is_you,
                        rx.button(
                            _("Deactivate"),
                            on_click=TeamState.deactivate(member.id),
                            variant="soft",
                            color_scheme="red",
                            size="2",
                            class_name="deactivate-member",
                        ),
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
        class_name="team-member",
    )


def _field(label: str, name: str, **props) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"invite-{name}"),
        rx.input(id=f"invite-{name}", name=name, width="100%", **props),
        error_text(TeamState.field_errors.get(name, ""), id=f"invite-{name}-error"),
        spacing="1",
        width="100%",
    )


def _invite_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(_("Invite someone"), size="4", as_="h2"),
                rx.grid(
                    _field(_("Name"), "name", required=True),
                    _field(_("Email"), "email", type="email", required=True),
                    rx.vstack(
                        rx.el.label(_("Role"), html_for="invite-role"),
                        rx.el.select(
                            rx.el.option(_("Office"), value="office"),
                            rx.el.option(_("Owner"), value="owner"),
                            name="role",
                            id="invite-role",
                            default_value="office",
                            style={"height": "2.25rem", "border_radius": "6px", "width": "100%"},
                        ),
                        error_text(TeamState.field_errors.get("role", "")),
                        spacing="1",
                        width="100%",
                    ),
                    columns=rx.breakpoints(initial="1", md="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(
                    _(
                        "Office: customers, invoices, quotes, visits, requests and the schedule. Owner: all of that, "
                        "plus "
                        "the settings, payments and the team."
                    ),
                    size="1",
                    color=rx.color("gray", 11),
                ),
                rx.button(_("Send invitation"), type="submit", id="send-staff-invite"),
                spacing="3",
                width="100%",
            ),
            on_submit=TeamState.invite,
            reset_on_submit=False,
            width="100%",
        ),
        width="100%",
    )


def _two_factor_policy() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(_("Two-factor"), size="4", as_="h2"),
            rx.el.label(
                rx.switch(
                    checked=TeamState.two_factor_required,
                    on_change=TeamState.require_two_factor,
                    id="require-two-factor",
                ),
                _(" Require two-factor for everyone on the team"),
                html_for="require-two-factor",
                style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
            ),
            rx.text(
                _(
                    "With it on, signing in takes a password and a code from an authenticator app; anyone without it "
                    "sets it up when they next sign in. Owners need it while card payments are activated either way. "
                    "Someone who lost their phone and recovery codes: Reset two-factor, and they set it up again."
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def staff_team_page() -> rx.Component:
    return staff_shell(
        _("Team"),
        rx.vstack(
            rx.link(_("← Settings"), href=routes.STAFF_SETTINGS, size="2"),
            _invite_form(),
            _two_factor_policy(),
            rx.foreach(TeamState.members, _member),
            rx.text(
                _(
                    "Owners also manage the settings, payments and the team; there is always at least one active "
                    "owner. "
                    "Deactivating someone signs them out everywhere at once; their history stays in the audit log."
                ),
                size="2",
                color=rx.color("gray", 11),
            ),
            spacing="3",
            width="100%",
            max_width="960px",
        ),
    )


def staff_join_page() -> rx.Component:
    state = StaffJoinState
    return centered_card(
        rx.heading(_("Join the office"), size="6", as_="h1"),
        rx.cond(
            state.joined_sign_in_next,
            rx.vstack(
                rx.callout(
                    _(
                        "You are on the team. Your office uses two-factor: sign in now and set it up with an "
                        "authenticator app on your phone."
                    ),
                    icon="check",
                    id="joined-sign-in-next",
                ),
                rx.link(_("Sign in"), href=routes.STAFF_SIGN_IN, id="join-sign-in"),
            ),
        ),
        rx.cond(
            state.link_problem != "",
            rx.vstack(
                rx.callout(state.link_problem, color_scheme="amber", high_contrast=True, id="join-problem"),
                rx.link(_("Sign in"), href=routes.STAFF_SIGN_IN, size="2"),
            ),
            rx.cond(
                state.joined_sign_in_next,
                rx.fragment(),
                rx.form(
                    rx.vstack(
                        rx.el.label(_("Email"), html_for="username"),
                        rx.input(
                            id="username", name="username", value=state.email, read_only=True, auto_complete="username"
                        ),
                        rx.el.label(_("Password (at least 8 characters, hard to guess)"), html_for="password"),
                        rx.input(
                            id="password", name="password", type="password", auto_complete="new-password", required=True
                        ),
                        error_text(state.field_errors.get("password", ""), id="password-error"),
                        rx.el.label(_("Password again"), html_for="password_again"),
                        rx.input(
                            id="password_again",
                            name="password_again",
                            type="password",
                            auto_complete="new-password",
                            required=True,
                        ),
                        error_text(state.field_errors.get("password_again", ""), id="password_again-error"),
                        rx.button(_("Join"), type="submit", width="100%", id="join-team"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=state.join,
                    width="100%",
                ),
            ),
        ),
    )
