"""The Reflex app: page registration only."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import reflex as rx

from customer_portal import i18n, routes
from customer_portal.api.app import build_api
from customer_portal.api.asset_caching import cache_built_assets
from customer_portal.api.limits import limit_upload_size
from customer_portal.api.proxy import as_the_browser_sent_it
from customer_portal.api.security_headers import add_security_headers
from customer_portal.i18n import N_
from customer_portal.jobs import email_delivery_loop, payments_loop
from customer_portal.logs import configure_logging, log_requests
from customer_portal.pages.account import portal_account_page, portal_confirm_email_page, staff_account_page
from customer_portal.pages.home import home_page
from customer_portal.pages.portal import (
    portal_contact_page,
    portal_create_login_page,
    portal_forgot_password_page,
    portal_reset_password_page,
    portal_sign_in_page,
)
from customer_portal.pages.portal_billing import portal_invoice_page, portal_invoices_page, portal_statement_page
from customer_portal.pages.portal_cards import portal_card_added_page, portal_cards_page
from customer_portal.pages.portal_home import portal_home_page
from customer_portal.pages.portal_notifications import portal_notifications_page, portal_unsubscribe_page
from customer_portal.pages.portal_pay import portal_pay_new_method_page, portal_pay_page, portal_pay_return_page
from customer_portal.pages.portal_payments import portal_payments_page, portal_receipt_page
from customer_portal.pages.portal_quotes import portal_quote_page, portal_quotes_page
from customer_portal.pages.portal_requests import portal_request_new_page, portal_request_page, portal_requests_page
from customer_portal.pages.portal_upcoming import portal_upcoming_page
from customer_portal.pages.portal_visits import portal_history_page, portal_visit_page
from customer_portal.pages.staff_audit_log import staff_audit_log_page
from customer_portal.pages.staff_customer_edit import staff_customer_edit_page
from customer_portal.pages.staff_customer_import import staff_customer_import_page
from customer_portal.pages.staff_customers import staff_customers_page
from customer_portal.pages.staff_home import staff_home_page
from customer_portal.pages.staff_invoice_edit import staff_invoice_edit_page
from customer_portal.pages.staff_invoices import staff_invoices_page
from customer_portal.pages.staff_notifications import staff_notifications_page
from customer_portal.pages.staff_outbox import staff_outbox_page
from customer_portal.pages.staff_quote_edit import staff_quote_edit_page
from customer_portal.pages.staff_quotes import staff_quotes_page
from customer_portal.pages.staff_requests import staff_request_page, staff_requests_page
from customer_portal.pages.staff_schedule import staff_schedule_page
from customer_portal.pages.staff_settings import staff_settings_page
from customer_portal.pages.staff_sign_in import (
    staff_forgot_password_page,
    staff_reset_password_page,
    staff_sign_in_page,
)
from customer_portal.pages.staff_team import staff_join_page, staff_team_page
from customer_portal.pages.staff_visits import staff_visit_detail_page, staff_visit_record_page, staff_visits_page
from customer_portal.settings import settings
from customer_portal.startup import require_database
from customer_portal.state.account import ConfirmEmailState, PortalAccountState, StaffAccountState
from customer_portal.state.audit_log import AuditLogState
from customer_portal.state.backend_errors import answer_backend_exception
from customer_portal.state.customer_edit import CustomerEditState
from customer_portal.state.customer_import import CustomerImportState
from customer_portal.state.customer_list import CustomerListState
from customer_portal.state.invites import InviteState
from customer_portal.state.invoice_edit import InvoiceEditState
from customer_portal.state.invoice_list import InvoiceListState
from customer_portal.state.notification_settings import NotificationSettingsState
from customer_portal.state.outbox import OutboxState
from customer_portal.state.portal import (
    CreateLoginState,
    PortalContactState,
    PortalHomeState,
    PortalState,
    ResetPasswordState,
)
from customer_portal.state.portal_billing import (
    PortalInvoicesState,
    PortalInvoiceState,
    PortalPaymentsState,
    PortalReceiptState,
    PortalStatementState,
)
from customer_portal.state.portal_cards import PortalCardAddedState, PortalCardsState
from customer_portal.state.portal_notifications import PortalNotificationsState, UnsubscribeState
from customer_portal.state.portal_pay import PortalPayNewMethodState, PortalPayReturnState, PortalPayState
from customer_portal.state.portal_quotes import PortalQuotesState, PortalQuoteState
from customer_portal.state.portal_visits import PortalHistoryState, PortalVisitState
from customer_portal.state.quote_edit import QuoteEditState
from customer_portal.state.quote_list import QuoteListState
from customer_portal.state.retention import browser_state_loop
from customer_portal.state.schedule import PortalUpcomingState, StaffScheduleState
from customer_portal.state.service_requests import (
    PortalRequestFormState,
    PortalRequestsState,
    PortalRequestState,
    StaffRequestsState,
    StaffRequestState,
)
from customer_portal.state.settings import SettingsState
from customer_portal.state.staff import DashboardState
from customer_portal.state.staff_sign_in import StaffResetPasswordState, StaffSignInState
from customer_portal.state.team import StaffJoinState, TeamState
from customer_portal.state.two_factor import StaffTwoFactorState
from customer_portal.state.visits import VisitDetailState, VisitListState, VisitRecordState

configure_logging()
if not settings.is_sqlite:  # a database server may be down or misaddressed: say so once and stop
    require_database()

# Our routes first (health, photos); then a size limit in front of Reflex's upload endpoint; a year's caching for
# the built scripts and styles; the security headers on every response; the request id and the access log line;
# outermost, the browser's own address and scheme behind a trusted proxy. An event that meets a database or Redis
# outage opens the "can't reach" page.
# Toasts in plain colours with a coloured icon: Sonner's rich colours put green text on pale green at 4.25:1,
# under WCAG AA's 4.5:1 (found by axe-core).
app = rx.App(
    api_transformer=[
        build_api(),
        limit_upload_size,
        cache_built_assets,
        add_security_headers,
        log_requests,
        as_the_browser_sent_it,
    ],
    backend_exception_handler=answer_backend_exception,
    toaster=rx.toast.provider(rich_colors=False),
)
app.register_lifespan_task(email_delivery_loop)
app.register_lifespan_task(payments_loop)
app.register_lifespan_task(browser_state_loop, reflex_app=app)

app.add_page(home_page, route=routes.HOME, title="Customer portal")
app.add_page(
    staff_sign_in_page,
    route=routes.STAFF_SIGN_IN,
    title="Office sign in",
    on_load=StaffSignInState.redirect_if_signed_in,
)
app.add_page(staff_home_page, route=routes.STAFF_HOME, title="Office", on_load=DashboardState.load_dashboard)

app.add_page(
    staff_customers_page,
    route=routes.STAFF_CUSTOMERS,
    title="Customers",
    on_load=[CustomerListState.load_customers, InviteState.load_invite_status],
)
app.add_page(
    staff_customer_import_page,
    route=routes.STAFF_CUSTOMER_IMPORT,
    title="Import customers",
    on_load=CustomerImportState.load_import,
)
app.add_page(
    staff_customer_edit_page,
    route=routes.STAFF_CUSTOMER_NEW,
    title="New customer",
    on_load=CustomerEditState.load_customer,
)
app.add_page(
    staff_customer_edit_page,
    route=routes.STAFF_CUSTOMER_DETAIL,
    title="Customer",
    on_load=[CustomerEditState.load_customer, InviteState.load_invite_status],
)
app.add_page(staff_invoices_page, route=routes.STAFF_INVOICES, title="Invoices", on_load=InvoiceListState.load_invoices)
app.add_page(
    staff_invoice_edit_page, route=routes.STAFF_INVOICE_NEW, title="New invoice", on_load=InvoiceEditState.load_invoice
)
app.add_page(
    staff_invoice_edit_page, route=routes.STAFF_INVOICE_DETAIL, title="Invoice", on_load=InvoiceEditState.load_invoice
)
app.add_page(
    staff_audit_log_page, route=routes.STAFF_AUDIT_LOG, title="Audit log", on_load=AuditLogState.load_audit_log
)
app.add_page(staff_quotes_page, route=routes.STAFF_QUOTES, title="Quotes", on_load=QuoteListState.load_quotes)
app.add_page(staff_quote_edit_page, route=routes.STAFF_QUOTE_NEW, title="New quote", on_load=QuoteEditState.load_quote)
app.add_page(staff_quote_edit_page, route=routes.STAFF_QUOTE_DETAIL, title="Quote", on_load=QuoteEditState.load_quote)
app.add_page(staff_visits_page, route=routes.STAFF_VISITS, title="Service visits", on_load=VisitListState.load_visits)
app.add_page(
    staff_visit_record_page, route=routes.STAFF_VISIT_NEW, title="Record a visit", on_load=VisitRecordState.load_form
)
app.add_page(
    staff_visit_detail_page, route=routes.STAFF_VISIT_DETAIL, title="Service visit", on_load=VisitDetailState.load_visit
)
app.add_page(staff_settings_page, route=routes.STAFF_SETTINGS, title="Settings", on_load=SettingsState.load_settings)
app.add_page(
    staff_notifications_page,
    route=routes.STAFF_NOTIFICATIONS,
    title="Notifications",
    on_load=NotificationSettingsState.load_notifications,
)
app.add_page(staff_outbox_page, route=routes.STAFF_OUTBOX, title="Outbox", on_load=OutboxState.load_outbox)


def _add_portal_page(page: Callable[[], rx.Component], *, route: str, title: str, on_load: Any) -> None:
    """A portal page once for each language, at its address in that language (/[portal]/es/invoices): its words
    are fixed when it is compiled, so a customer's language costs nothing per event and no state."""
    for language in i18n.LANGUAGES:
        with i18n.speaking(language):
            in_words = i18n._(title)
        app.add_page(
            functools.partial(i18n.evaluated_in, language, page),
            route=routes.in_language(route, language),
            title=in_words,
            on_load=on_load,
        )


# The customer portal, under the company's chosen name. Every page first resolves the address (an old
# name redirects, a switched-off portal says so); pages behind sign-in then check the customer session.
_open = PortalState.open_portal
_add_portal_page(
    portal_home_page, route=routes.PORTAL_HOME, title=N_("Customer portal"), on_load=[_open, PortalHomeState.load_home]
)
_add_portal_page(portal_sign_in_page, route=routes.PORTAL_SIGN_IN, title=N_("Sign in"), on_load=_open)
_add_portal_page(
    portal_create_login_page,
    route=routes.PORTAL_CREATE_LOGIN,
    title=N_("Create your login"),
    on_load=[_open, CreateLoginState.check_link],
)
_add_portal_page(
    portal_forgot_password_page, route=routes.PORTAL_FORGOT_PASSWORD, title=N_("Forgot password"), on_load=_open
)
_add_portal_page(
    portal_reset_password_page,
    route=routes.PORTAL_RESET_PASSWORD,
    title=N_("Choose a new password"),
    on_load=[_open, ResetPasswordState.check_link],
)
_add_portal_page(
    portal_contact_page,
    route=routes.PORTAL_CONTACT,
    title=N_("Contact us"),
    on_load=[_open, PortalContactState.load_contact],
)
_add_portal_page(
    portal_invoices_page,
    route=routes.PORTAL_INVOICES,
    title=N_("Invoices"),
    on_load=[_open, PortalInvoicesState.load_invoices],
)
_add_portal_page(
    portal_invoice_page,
    route=routes.PORTAL_INVOICE,
    title=N_("Invoice"),
    on_load=[_open, PortalInvoiceState.load_invoice],
)
_add_portal_page(
    portal_statement_page,
    route=routes.PORTAL_STATEMENT,
    title=N_("Billing statement"),
    on_load=[_open, PortalStatementState.load_statement],
)
_add_portal_page(
    portal_payments_page,
    route=routes.PORTAL_PAYMENTS,
    title=N_("Payments"),
    on_load=[_open, PortalPaymentsState.load_payments],
)
_add_portal_page(
    portal_receipt_page,
    route=routes.PORTAL_RECEIPT,
    title=N_("Receipt"),
    on_load=[_open, PortalReceiptState.load_receipt],
)
_add_portal_page(
    portal_quotes_page, route=routes.PORTAL_QUOTES, title=N_("Quotes"), on_load=[_open, PortalQuotesState.load_quotes]
)
_add_portal_page(
    portal_quote_page, route=routes.PORTAL_QUOTE, title=N_("Quote"), on_load=[_open, PortalQuoteState.load_quote]
)
_add_portal_page(
    portal_history_page,
    route=routes.PORTAL_HISTORY,
    title=N_("Service history"),
    on_load=[_open, PortalHistoryState.load_history],
)
_add_portal_page(
    portal_visit_page,
    route=routes.PORTAL_VISIT,
    title=N_("Service visit"),
    on_load=[_open, PortalVisitState.load_visit],
)
_add_portal_page(
    portal_cards_page,
    route=routes.PORTAL_PAYMENT_METHODS,
    title=N_("Payment methods"),
    on_load=[_open, PortalCardsState.load_cards],
)
_add_portal_page(
    portal_card_added_page,
    route=routes.PORTAL_CARD_ADDED,
    title=N_("Card saved"),
    on_load=[_open, PortalCardAddedState.finish],
)
_add_portal_page(
    portal_notifications_page,
    route=routes.PORTAL_NOTIFICATIONS,
    title=N_("Email settings"),
    on_load=[_open, PortalNotificationsState.load_preferences],
)
_add_portal_page(
    portal_unsubscribe_page,
    route=routes.PORTAL_UNSUBSCRIBE,
    title=N_("Unsubscribe"),
    on_load=[_open, UnsubscribeState.read_link],
)
_add_portal_page(
    portal_upcoming_page,
    route=routes.PORTAL_UPCOMING,
    title=N_("Upcoming visits"),
    on_load=[_open, PortalUpcomingState.load_upcoming],
)
app.add_page(
    staff_schedule_page, route=routes.STAFF_SCHEDULE, title="Schedule", on_load=StaffScheduleState.load_schedule
)
_add_portal_page(
    portal_pay_page, route=routes.PORTAL_PAY, title=N_("Pay Now"), on_load=[_open, PortalPayState.load_pay]
)
_add_portal_page(
    portal_pay_return_page,
    route=routes.PORTAL_PAY_RETURN,
    title=N_("Your payment"),
    on_load=[_open, PortalPayReturnState.finish],
)
_add_portal_page(
    portal_pay_new_method_page,
    route=routes.PORTAL_PAY_NEW_METHOD,
    title=N_("Your payment"),
    on_load=[_open, PortalPayNewMethodState.finish],
)
_add_portal_page(
    portal_requests_page,
    route=routes.PORTAL_REQUESTS,
    title=N_("Service requests"),
    on_load=[_open, PortalRequestsState.load_requests],
)
_add_portal_page(
    portal_request_new_page,
    route=routes.PORTAL_REQUEST_NEW,
    title=N_("Request service"),
    on_load=[_open, PortalRequestFormState.load_form],
)
_add_portal_page(
    portal_request_page,
    route=routes.PORTAL_REQUEST,
    title=N_("Service request"),
    on_load=[_open, PortalRequestState.load_request],
)
app.add_page(
    staff_requests_page, route=routes.STAFF_REQUESTS, title="Service requests", on_load=StaffRequestsState.load_requests
)
app.add_page(
    staff_request_page,
    route=routes.STAFF_REQUEST_DETAIL,
    title="Service request",
    on_load=StaffRequestState.load_request,
)
_add_portal_page(
    portal_account_page,
    route=routes.PORTAL_ACCOUNT,
    title=N_("Your account"),
    on_load=[_open, PortalAccountState.load_account],
)
app.add_page(
    staff_account_page,
    route=routes.STAFF_ACCOUNT,
    title="My account",
    on_load=[StaffAccountState.load_account, StaffTwoFactorState.load_two_factor],
)
app.add_page(staff_forgot_password_page, route=routes.STAFF_FORGOT_PASSWORD, title="Forgot your password?")
app.add_page(
    staff_reset_password_page,
    route=routes.STAFF_RESET_PASSWORD,
    title="Choose a new password",
    on_load=StaffResetPasswordState.check_link,
)
app.add_page(staff_team_page, route=routes.STAFF_TEAM, title="Team", on_load=TeamState.load_team)
app.add_page(staff_join_page, route=routes.STAFF_JOIN, title="Join the office", on_load=StaffJoinState.check_invite)
_add_portal_page(
    portal_confirm_email_page,
    route=routes.PORTAL_CONFIRM_EMAIL,
    title=N_("Your new login email"),
    on_load=[_open, ConfirmEmailState.check],
)
