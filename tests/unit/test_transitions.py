import pytest

from customer_portal.domain.transitions import (
    INVOICE,
    PAYMENT,
    QUOTE,
    IllegalTransition,
    InvoiceStatus,
    PaymentStatus,
    QuoteStatus,
)


def test_invoice_life_cycle():
    status = INVOICE.apply(InvoiceStatus.DRAFT, "issue")
    assert status == InvoiceStatus.OPEN
    assert INVOICE.apply(status, "mark_paid") == InvoiceStatus.PAID


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (InvoiceStatus.OPEN, "edit"),
        (InvoiceStatus.PAID, "void"),
        (InvoiceStatus.VOID, "issue"),
        (InvoiceStatus.DRAFT, "mark_paid"),
        (InvoiceStatus.OPEN, "issue"),
    ],
)
def test_illegal_invoice_moves_are_refused_with_a_readable_message(status, action):
    with pytest.raises(IllegalTransition, match=rf"Cannot {action.replace('_', ' ')} an? {status.value} invoice\."):
        INVOICE.apply(status, action)


def test_quote_answers_only_from_sent():
    sent = QUOTE.apply(QuoteStatus.DRAFT, "send")
    assert QUOTE.apply(sent, "approve") == QuoteStatus.APPROVED
    for answered in (QuoteStatus.APPROVED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED):
        for action in ("approve", "reject", "request_info"):
            assert not QUOTE.allows(answered, action)
    # A quote the customer asked about can be revised and sent again.
    assert QUOTE.apply(QuoteStatus.INFO_REQUESTED, "send") == QuoteStatus.SENT


def test_payment_cannot_succeed_twice_or_after_failing():
    succeeded = PAYMENT.apply(PaymentStatus.PENDING, "succeed")
    with pytest.raises(IllegalTransition):
        PAYMENT.apply(succeeded, "succeed")
    with pytest.raises(IllegalTransition):
        PAYMENT.apply(PaymentStatus.FAILED, "succeed")


def _allowed(machine, statuses):
    return {
        (status.value, action) for status in statuses for action in machine.actions if machine.allows(status, action)
    }


def test_the_complete_invoice_table():
    # Every (status, action) pair not listed here must be refused.
    assert _allowed(INVOICE, InvoiceStatus) == {
        ("draft", "edit"),
        ("draft", "issue"),
        ("draft", "void"),
        ("open", "mark_paid"),
        ("open", "void"),
        ("paid", "reopen"),
    }


def test_the_complete_quote_table():
    assert _allowed(QUOTE, QuoteStatus) == {
        ("draft", "edit"),
        ("draft", "send"),
        ("info_requested", "edit"),
        ("info_requested", "send"),
        ("info_requested", "expire"),
        ("sent", "approve"),
        ("sent", "reject"),
        ("sent", "request_info"),
        ("sent", "expire"),
    }


@pytest.mark.parametrize("status", list(InvoiceStatus))
@pytest.mark.parametrize("action", list(INVOICE.actions))
def test_every_illegal_invoice_move_raises(status, action):
    if INVOICE.allows(status, action):
        INVOICE.apply(status, action)
    else:
        with pytest.raises(IllegalTransition):
            INVOICE.apply(status, action)
