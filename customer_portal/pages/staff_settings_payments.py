"""Staff: Settings > Payments. The Stripe keys (shown masked), the connection check, when AutoPay charges, and
whether customers may pay part of an invoice."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.forms import labeled
from customer_portal.i18n import _
from customer_portal.state.settings import SettingsState as State


def _error(name: str) -> rx.Var:
    return State.field_errors.get(name, "")


def _partial_payments(payments: rx.Var) -> rx.Component:
    """Off by default: a customer pays an invoice whole, unless the office lets them pay part of one."""
    return rx.form(
        rx.hstack(
            rx.hstack(
                rx.el.input(
                    type="checkbox",
                    name="partial_payments",
                    id="payments-partial_payments",
                    default_checked=payments.partial_payments,
                    key=payments.partial_payments.to_string(),
                    disabled=~State.is_owner,
                ),
                rx.el.label(_("Customers may pay part of an invoice"), html_for="payments-partial_payments"),
                align="center",
                spacing="2",
            ),
            labeled(
                _("Smallest part"),
                rx.input(
                    name="partial_minimum",
                    id="payments-partial_minimum",
                    inputmode="decimal",
                    default_value=payments.partial_minimum,
                    key=payments.partial_minimum,
                    read_only=~State.is_owner,
                ),
                html_for="payments-partial_minimum",
                error=_error("payments.partial_minimum"),
            ),
            rx.button(_("Save"), type="submit", variant="soft", disabled=~State.is_owner, id="save-partial-payments"),
            align="end",
            wrap="wrap",
            spacing="3",
        ),
        on_submit=State.save_partial_payments,
    )


def _key_field(label: str, name: str, current: rx.Var, *, secret: bool) -> rx.Component:
    return labeled(
        label,
        rx.input(
            name=name,
            id=f"payments-{name}",
            type="password" if secret else "text",
            placeholder=rx.cond(current != "", current, ""),
            auto_complete="off",
            read_only=~State.is_owner,
            width="100%",
        ),
        html_for=f"payments-{name}",
        error=_error(f"payments.{name}"),
    )


def payments_section() -> rx.Component:
    payments = State.payments
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_("Payments (Stripe)"), size="4", as_="h2"),
                rx.cond(
                    payments.activated,
                    rx.badge(_("Stripe activated"), color_scheme="green", high_contrast=True, id="stripe-activated"),
                    rx.badge(_("Not activated"), color_scheme="gray", id="stripe-not-activated"),
                ),
                align="center",
            ),
            rx.text(
                _("While Stripe is not activated, customers see no payment methods, AutoPay or Pay Now."),
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.cond(
                payments.source == "environment",
                rx.callout(_("The keys come from the server's environment (STRIPE_SECRET_KEY)."), icon="server"),
                rx.form(
                    rx.vstack(
                        _key_field(_("Secret key"), "secret_key", payments.secret_key, secret=True),
                        _key_field(_("Publishable key"), "publishable_key", payments.publishable_key, secret=False),
                        _key_field(_("Webhook signing secret"), "webhook_secret", payments.webhook_secret, secret=True),
                        rx.text(_("Leave a field empty to keep what is stored."), size="1", color=rx.color("gray", 11)),
                        rx.button(
                            _("Save payment settings"), type="submit", disabled=~State.is_owner, id="save-payments"
                        ),
                        width="100%",
                    ),
                    on_submit=State.save_payments,
                    reset_on_submit=True,
                    width="100%",
                ),
            ),
            rx.cond(
                payments.unreadable,
                rx.callout(
                    _("The stored keys were sealed with a different SECRET_KEY; enter them again."),
                    color_scheme="amber",
                ),
            ),
            rx.hstack(
                rx.button(
                    _("Test connection"),
                    on_click=State.check_stripe,
                    variant="soft",
                    disabled=~State.is_owner,
                    id="test-stripe",
                ),
                rx.cond(payments.account_name != "", rx.text(_("Account: "), payments.account_name, size="2")),
                align="center",
            ),
            rx.vstack(
                rx.text(_("Webhook endpoint"), size="2", weight="medium"),
                rx.code(payments.webhook_url, id="webhook-url"),
                rx.text(
                    _("Add it in Stripe's dashboard (Developers > Webhooks), then paste its signing secret above."),
                    size="1",
                    color=rx.color("gray", 11),
                ),
                spacing="1",
            ),
            rx.form(
                rx.hstack(
                    labeled(
                        _("AutoPay charges this many days after the due date"),
                        rx.input(
                            name="autopay_days_after_due",
                            id="payments-autopay_days_after_due",
                            type="number",
                            min=0,
                            max=30,
                            default_value=payments.autopay_days_after_due.to_string(),
                            key=payments.autopay_days_after_due.to_string(),
                            read_only=~State.is_owner,
                        ),
                        html_for="payments-autopay_days_after_due",
                        error=_error("payments.autopay_days_after_due"),
                    ),
                    rx.button(
                        _("Save"), type="submit", variant="soft", disabled=~State.is_owner, id="save-autopay-timing"
                    ),
                    align="end",
                ),
                on_submit=State.save_autopay_timing,
            ),
            _partial_payments(payments),
            rx.cond(State.payments_notice != "", rx.callout(State.payments_notice, icon="info", id="payments-notice")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
