"""Portal: Pay Now. Choose invoices and a saved card, confirm, and see each invoice's result; a bank that
wants to confirm a payment is a link to its page, which sends the customer back to the return page."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.forms import error_text
from customer_portal.components.portal_layout import portal_href, portal_shell
from customer_portal.components.words import plural_parts
from customer_portal.i18n import N_, _, parts
from customer_portal.services.payments.card_payments import ChargeOutcome
from customer_portal.services.payments.pay_now import PayableInvoice
from customer_portal.state.portal_pay import PortalPayNewMethodState, PortalPayReturnState, PortalPayState

RESULT_LABELS = (
    ("paid", N_("Paid")),
    ("declined", N_("Not paid")),
    ("needs_action", N_("Confirm with your bank")),
    ("processing", N_("Processing")),
    ("unknown", N_("Being confirmed")),
    ("refused", N_("Not paid")),
)


def outcome_card(outcome: ChargeOutcome) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(outcome.invoice_number, weight="bold"),
                rx.text(outcome.amount, size="2"),
                rx.spacer(),
                rx.badge(
                    rx.match(outcome.result, *[(key, _(label)) for key, label in RESULT_LABELS], outcome.result),
                    color_scheme=rx.match(
                        outcome.result, ("paid", "green"), ("declined", "red"), ("refused", "gray"), "amber"
                    ),
                    high_contrast=True,
                ),
                width="100%",
                align="center",
            ),
            rx.text(outcome.message, size="2"),
            rx.cond(
                outcome.result == "paid",
                rx.link(_("View receipt"), href=portal_href("payments/" + outcome.payment_id.to_string()), size="2"),
            ),
            rx.cond(
                outcome.result == "needs_action",
                rx.link(rx.button(_("Confirm with your bank"), size="2"), href=outcome.action_url, is_external=False),
            ),
            spacing="2",
            width="100%",
        ),
        class_name="pay-result",
        width="100%",
    )


def _invoice_choice(invoice: PayableInvoice) -> rx.Component:
    state = PortalPayState
    return rx.card(
        rx.hstack(
            rx.checkbox(
                invoice.number,
                checked=state.selected.contains(invoice.id),
                on_change=lambda _checked: state.toggle_invoice(invoice.id),
                disabled=invoice.in_progress | state.paying,
                class_name="pay-invoice",
                size="3",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text(invoice.balance, weight="bold", class_name="pay-balance"),
                rx.text(*parts(_("Due {day}"), day=invoice.due), size="1", color=rx.color("gray", 11)),
                align="end",
                spacing="0",
            ),
            align="center",
            width="100%",
        ),
        rx.cond(invoice.overdue, rx.badge(_("Overdue"), color_scheme="red", variant="soft", high_contrast=True)),
        rx.cond(invoice.in_progress, rx.text(_("A payment for this invoice is being confirmed."), size="1")),
        class_name="pay-choice",
        width="100%",
    )


def _card_choice() -> rx.Component:
    state = PortalPayState
    return rx.cond(
        state.cards.length() > 0,
        rx.vstack(
            rx.el.label(_("Pay with"), html_for="pay-card", style={"font_size": "0.875rem", "font_weight": "500"}),
            rx.select.root(
                rx.select.trigger(id="pay-card", aria_label=_("Card or bank account to pay with"), width="100%"),
                rx.select.content(
                    rx.foreach(state.cards, lambda card: rx.select.item(card.label, value=card.id.to_string()))
                ),
                value=state.card_id,
                on_change=state.choose_card,
            ),
            rx.link(_("Save another card or bank account"), href=portal_href("payment-methods"), size="2"),
            spacing="1",
            width="100%",
        ),
        rx.fragment(),  # no saved card: the new card or bank account below is the way to pay
    )


def _new_method() -> rx.Component:
    """A card, bank account or wallet not saved yet, entered on Stripe's page; the chosen invoices are paid on the
    way back, each on its own."""
    state = PortalPayState
    return rx.card(
        rx.vstack(
            rx.button(
                rx.icon("landmark", size=16),
                rx.cond(
                    state.cards.length() > 0,
                    _("Pay with a new card or bank account"),
                    _("Pay with a card or bank account"),
                ),
                size="3",
                width="100%",
                variant=rx.cond(state.cards.length() > 0, "soft", "solid"),
                on_click=state.pay_with_new_method,
                disabled=state.paying | (state.selected.length() == 0),
                id="pay-new-method",
                style={"height": "auto", "min_height": "2.75rem", "padding_block": "0.5rem"},  # two lines on a phone
            ),
            rx.checkbox(
                _("Save it for next time"),
                checked=state.keep_new_method,
                on_change=state.set_keep_new_method,
                id="keep-new-method",
                size="2",
            ),
            rx.text(
                _(
                    "You enter it on Stripe's secure page (Apple Pay and Google Pay too, where your phone has "
                    "them), then come back here. A bank payment takes up to four business days to clear."
                ),
                size="1",
                color=rx.color("gray", 11),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    state = PortalPayState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(_("Confirm your payment")),
            rx.alert_dialog.description(
                *plural_parts(
                    state.selected.length(),
                    (
                        "Pay {amount} for {count} invoice with {card}? Each invoice is charged separately and gets "
                        "its own receipt."
                    ),
                    (
                        "Pay {amount} for {count} invoices with {card}? Each invoice is charged separately and gets "
                        "its own receipt."
                    ),
                    amount=state.selected_total,
                    card=state.card_label,
                ),
            ),
            rx.hstack(
                rx.button(_("Cancel"), variant="soft", color_scheme="gray", on_click=state.cancel_confirm),
                rx.button(*parts(_("Pay {amount}"), amount=state.selected_total), on_click=state.pay, id="confirm-pay"),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=state.confirming,
    )


def _part_field() -> rx.Component:
    """Paying part of the one invoice chosen, where the office allows it; empty pays the whole balance."""
    return rx.vstack(
        rx.el.label(
            _("Amount to pay (leave empty for the whole balance)"), html_for="pay-part", style={"font_size": "0.875rem"}
        ),
        rx.input(
            value=PortalPayState.part,
            on_change=PortalPayState.set_part,
            id="pay-part",
            inputmode="decimal",
            placeholder="0.00",
            width="100%",
        ),
        error_text(PortalPayState.part_error, id="pay-part-error"),
        spacing="1",
        width="100%",
    )


def portal_pay_page() -> rx.Component:
    state = PortalPayState
    return portal_shell(
        rx.vstack(
            rx.link(_("← Invoices"), href=portal_href("invoices"), size="2"),
            rx.heading(_("Pay Now"), size="6", as_="h1"),
            rx.cond(
                state.results.length() > 0,
                rx.vstack(
                    rx.heading(_("Results"), size="4", as_="h2"),
                    rx.foreach(state.results, outcome_card),
                    width="100%",
                    spacing="2",
                    id="pay-results",
                ),
            ),
            rx.cond(state.notice != "", rx.callout(state.notice, icon="info", id="pay-notice")),
            rx.cond(
                state.invoices.length() == 0,
                rx.text(_("Nothing is owed right now. Thank you!"), color=rx.color("gray", 11), id="nothing-owed"),
                rx.vstack(
                    rx.hstack(
                        rx.heading(_("Invoices to pay"), size="4", as_="h2"),
                        rx.spacer(),
                        rx.button(_("Select all"), variant="ghost", size="2", on_click=state.select_all(True)),
                        rx.button(_("None"), variant="ghost", size="2", on_click=state.select_all(False)),
                        width="100%",
                        align="center",
                    ),
                    rx.foreach(state.invoices, _invoice_choice),
                    _card_choice(),
                    rx.cond(state.part_allowed & (state.selected.length() == 1), _part_field()),
                    rx.card(
                        rx.hstack(
                            rx.text(_("Total")),
                            rx.spacer(),
                            rx.text(state.selected_total, size="5", weight="bold", id="pay-total"),
                            width="100%",
                            align="center",
                        ),
                        width="100%",
                    ),
                    rx.cond(
                        state.cards.length() > 0,
                        rx.button(
                            rx.icon("lock", size=16),
                            *parts(_("Pay {amount}"), amount=state.selected_total),
                            size="3",
                            width="100%",
                            on_click=state.ask_to_confirm,
                            loading=state.paying,
                            disabled=state.paying | (state.selected.length() == 0) | (state.cards.length() == 0),
                            id="pay-submit",
                        ),
                    ),
                    rx.text(
                        _("Your card is charged by Stripe. Card numbers never reach this site."),
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                    _new_method(),
                    spacing="3",
                    width="100%",
                ),
            ),
            _confirm_dialog(),
            spacing="4",
            width="100%",
        )
    )


def portal_pay_return_page() -> rx.Component:
    state = PortalPayReturnState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Your payment"), size="6", as_="h1"),
            rx.cond(state.problem != "", rx.callout(state.problem, color_scheme="amber", high_contrast=True)),
            rx.foreach(state.results, outcome_card),
            rx.hstack(
                rx.link(_("Pay Now"), href=portal_href("pay"), id="back-to-pay"),
                rx.link(_("Invoices"), href=portal_href("invoices")),
                spacing="4",
            ),
            spacing="4",
            width="100%",
        )
    )


def portal_pay_new_method_page() -> rx.Component:
    state = PortalPayNewMethodState
    return portal_shell(
        rx.vstack(
            rx.heading(_("Your payment"), size="6", as_="h1"),
            rx.cond(state.problem != "", rx.callout(state.problem, color_scheme="amber", high_contrast=True)),
            rx.cond(
                state.method != "",
                rx.text(
                    rx.cond(
                        state.kept,
                        rx.fragment(*parts(_("Paid with {method}, saved for next time."), method=state.method)),
                        rx.fragment(*parts(_("Paid with {method}, not saved."), method=state.method)),
                    ),
                    size="2",
                    id="new-method-used",
                ),
            ),
            rx.foreach(state.results, outcome_card),
            rx.hstack(
                rx.link(_("Pay Now"), href=portal_href("pay"), id="back-to-pay"),
                rx.link(_("Invoices"), href=portal_href("invoices"), id="to-invoices"),
                spacing="4",
            ),
            spacing="4",
            width="100%",
        )
    )
