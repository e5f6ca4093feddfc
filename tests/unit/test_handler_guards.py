"""Reflex lets any browser call any event handler, so every handler of ours must decide who may call it."""

import reflex as rx

import customer_portal.customer_portal  # noqa: F401  (registers every page and state)
from customer_portal.state.guards import GUARD_MARKER

LINE_ITEM_EDITORS = ("InvoiceEditState", "QuoteEditState")

# Reviewed: these handlers are safe for anyone to call. Each is marked @public in its state.
REVIEWED_PUBLIC = {
    # Our stand-in for Reflex's per-state `setvar` (state/base.py): it refuses everything.
    "setvar",
    # Signing in and out needs no session (sign-out revokes only the caller's own token).
    "StaffSignInState.sign_in",
    "StaffSignInState.redirect_if_signed_in",
    # The second step: a backend var holds the challenge a right password earned (or, after setting two-factor
    # up, the new session); with none, each handler only starts over.
    *(f"StaffSignInState.{name}" for name in ("enter_code", "confirm_setup", "continue_after_codes", "start_over")),
    "StaffState.sign_out",
    # Draft setters: they change only this browser's unsaved form; saving is guarded.
    *(
        f"CustomerEditState.{name}"
        for name in (
            "set_name",
            "set_company_name",
            "set_phone",
            "set_notes",
            "set_language",
            "set_email_address",
            "set_email_primary",
            "set_email_send_invoices",
            "add_email",
            "remove_email",
            "set_location_field",
            "add_location",
            "remove_location",
        )
    ),
    # Line-item setters (from DraftDocumentMixin), in each editor that uses them.
    *(f"{editor}.{name}" for editor in LINE_ITEM_EDITORS for name in ("set_line_field", "add_line", "remove_line")),
    *(
        f"InvoiceEditState.{name}"
        for name in (
            "set_due_date",
            "set_memo",
            "set_service_location",
            "set_payment_field",
        )
    ),
    "QuoteEditState.set_quote_field",
    "QuoteEditState.start_revising",
    *(f"SettingsState.{name}" for name in ("set_portal_field", "restore_default_invite", "set_company_field")),
    # The portal's public pages: which portal an address is (public branding), signing in and out, and
    # the one-time-link forms, where the link itself is the credential the service checks.
    "PortalState.open_portal",
    "PortalState.sign_out",
    # Anyone may choose a language; it is kept on a login only for the session's own customer (the service checks
    # the session), never for the office's read-only view.
    "PortalState.choose_language",
    "PortalSignInState.sign_in",
    *(
        f"{page}.{name}"
        for page in ("CreateLoginState", "ResetPasswordState")
        for name in ("check_link", "set_password")
    ),
    "CreateLoginState.request_new_link",
    "ForgotPasswordState.request_reset",
    # The office's way back in: the same answer for any email; the emailed one-time link is the credential.
    "StaffForgotPasswordState.request_reset",
    "StaffResetPasswordState.check_link",
    "StaffResetPasswordState.set_password",
    "StaffJoinState.check_invite",
    "StaffJoinState.join",
    # An email's unsubscribe link: its signed token names the one address and kind it may turn off.
    "UnsubscribeState.read_link",
    "UnsubscribeState.confirm",
    # The link sent to a new login address is the credential (shown first, moved on the person's click).
    "ConfirmEmailState.check",
    "ConfirmEmailState.confirm",
    # Choosing and typing a quote answer changes only this browser's form; submitting it is guarded.
    "PortalQuoteState.choose_answer",
    "PortalQuoteState.set_answer_field",
    "PortalContactState.set_message",
    "PortalUpcomingState.set_hold_field",
    "PortalPayState.set_part",
    "PortalPayState.set_keep_new_method",
    "StaffScheduleState.set_reply",
    # A service request's form (the customer's) and the office's reply box: sending either is guarded.
    "PortalRequestFormState.set_field",
    "PortalRequestFormState.toggle_day",
    "StaffRequestState.set_field",
    # Choosing which loaded reading to chart, and which listed photo to enlarge (the image route checks access).
    "PortalHistoryState.set_chart_field",
    "PortalVisitState.show_photo",
    *(
        f"VisitRecordState.{name}"
        for name in ("set_field", "set_reading", "toggle_checklist", "set_chemical", "add_chemical")
    ),
}


def _our_states(state=rx.State):
    for substate in state.get_substates():
        yield substate
        yield from _our_states(substate)


def _our_handlers():
    for state in _our_states():
        for handler in state.event_handlers.values():
            if handler.fn.__module__.startswith("customer_portal."):
                # __qualname__ names the class that defines the handler, however often it is inherited.
                yield handler.fn.__qualname__, handler.fn


def test_every_handler_is_guarded_or_reviewed_public():
    unguarded = [name for name, fn in _our_handlers() if not getattr(fn, GUARD_MARKER, None)]
    assert unguarded == []
    public = {name for name, fn in _our_handlers() if getattr(fn, GUARD_MARKER) == "public"}
    assert public == REVIEWED_PUBLIC


def test_there_are_handlers_to_check():
    assert len(list(_our_handlers())) >= 4


def test_every_handlers_arguments_have_types_the_input_layer_checks():
    """Each handler's arguments are parsed from its annotations (state/inputs.py) before it runs; an argument
    annotated `dict` or not at all would fail on first use, so it fails here first."""
    import inspect

    from customer_portal.state.inputs import argument_parser

    for name, fn in _our_handlers():
        original = inspect.unwrap(fn)
        if original.__name__ != "setvar":  # our stand-in takes anything and refuses it
            assert argument_parser(original).model(), name


def test_the_team_is_run_by_owners_only():
    """Settings > Team: every handler, present and future, needs an owner (the guard refuses office staff)."""
    team = {name: getattr(fn, GUARD_MARKER) for name, fn in _our_handlers() if name.startswith("TeamState.")}
    assert team and set(team.values()) == {"owner"}


def test_every_handler_declares_who_may_call_it_and_the_office_side_a_role():
    """A guard names its audience: anyone, a customer, or a staff role (office staff, or owners only). Office
    states (under StaffState) declare a role on every guarded handler; portal states never do."""
    from customer_portal.state.portal import PortalState
    from customer_portal.state.staff import StaffState

    for state in _our_states():
        for handler in state.event_handlers.values():
            fn = handler.fn
            if not fn.__module__.startswith("customer_portal.") or fn.__name__ == "setvar":
                continue
            declared = getattr(fn, GUARD_MARKER)
            assert declared in {"public", "customer", "staff", "owner"}, fn.__qualname__
            if issubclass(state, StaffState):
                assert declared in {"public", "staff", "owner"}, fn.__qualname__
            if issubclass(state, PortalState):
                assert declared in {"public", "customer"}, fn.__qualname__
