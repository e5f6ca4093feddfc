import pytest
from sqlmodel import select

from customer_portal.models import AuditLogEntry, PaymentSettings, StaffRole
from customer_portal.services.accounts import customer_auth
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.services.payments import payment_settings
from customer_portal.services.portal import portal_view
from customer_portal.settings import settings
from tests.factories import make_portal_customer, make_staff, signed_in_token
from tests.fakes.stripe_server import GOOD_SECRET_KEY, FakeStripe

PUBLISHABLE = "pk_test_fake_abcdef"
WEBHOOK = "whsec_fake_0123456789"


@pytest.fixture
def fake_stripe(monkeypatch):
    fake = FakeStripe().start()
    monkeypatch.setattr(settings, "stripe_api_base", fake.url)
    monkeypatch.setattr(settings, "stripe_secret_key", "")
    yield fake
    fake.stop()


def _save(session, staff, secret=GOOD_SECRET_KEY, publishable=PUBLISHABLE, webhook=WEBHOOK):
    view = payment_settings.save_keys(
        session, staff=staff, secret_key=secret, publishable_key=publishable, webhook_secret=webhook
    )
    session.commit()
    return view


def test_keys_are_stored_encrypted_and_shown_masked(session, fake_stripe):
    owner = make_staff(session, two_factor=True)
    view = _save(session, owner)
    assert view.activated and view.source == "settings"
    assert view.secret_key == "sk_test_…cdef" and GOOD_SECRET_KEY not in repr(view) and WEBHOOK not in repr(view)
    row = session.exec(select(PaymentSettings)).one()
    assert GOOD_SECRET_KEY not in row.secret_key_encrypted and WEBHOOK not in row.webhook_secret_encrypted
    assert payment_settings.stripe_keys(session).secret == GOOD_SECRET_KEY
    audit = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "settings.payments_updated")).one()
    assert GOOD_SECRET_KEY not in str(audit.details)


def test_a_blank_field_keeps_the_stored_key(session, fake_stripe):
    owner = make_staff(session, two_factor=True)
    _save(session, owner)
    _save(session, owner, secret="", webhook="")
    keys = payment_settings.stripe_keys(session)
    assert (keys.secret, keys.webhook) == (GOOD_SECRET_KEY, WEBHOOK)


@pytest.mark.parametrize(
    ("secret", "publishable", "webhook", "field"),
    [
        ("pk_test_wrongplace", PUBLISHABLE, WEBHOOK, "secret_key"),
        (GOOD_SECRET_KEY, "sk_test_oops", WEBHOOK, "publishable_key"),
        (GOOD_SECRET_KEY, PUBLISHABLE, "secret", "webhook_secret"),
        (GOOD_SECRET_KEY, "pk_live_mismatch", WEBHOOK, "publishable_key"),
    ],
)
def test_bad_keys_are_explained(session, fake_stripe, secret, publishable, webhook, field):
    with pytest.raises(ValidationFailed) as error:
        _save(session, make_staff(session, two_factor=True), secret, publishable, webhook)
    assert field in error.value.field_errors


def test_only_the_owner_changes_payment_settings(session, fake_stripe):
    with pytest.raises(NotAuthorized):
        _save(session, make_staff(session, role=StaffRole.OFFICE))


def test_connection_names_the_account_or_says_why_not(session, fake_stripe):
    owner = make_staff(session, two_factor=True)
    with pytest.raises(ServiceError, match="Enter the Stripe keys first"):
        payment_settings.check_connection(session, staff=owner)
    _save(session, owner)
    assert payment_settings.check_connection(session, staff=owner) == "Bluewater Pool Care LLC"
    session.commit()
    assert payment_settings.payment_settings_view(session).account_name == "Bluewater Pool Care LLC"
    _save(session, owner, secret="sk_test_revoked_key_999999")
    with pytest.raises(ServiceError, match="refused the secret key"):
        payment_settings.check_connection(session, staff=owner)


def test_keys_sealed_under_another_secret_key_are_reported_not_used(session, fake_stripe, monkeypatch):
    _save(session, make_staff(session, two_factor=True))
    monkeypatch.setattr(settings, "secret_key", "a-completely-different-secret-key-of-some-length")
    view = payment_settings.payment_settings_view(session)
    assert view.unreadable and not view.activated


def test_activation_decides_whether_customers_see_payment_methods(session, fake_stripe):
    _, _, token = make_portal_customer(session)

    def sections_shown() -> set[str]:  # each portal event checks the session afresh
        return {tab.key for tab in portal_view.visible_tabs(customer_auth.current_customer(session, token=token))}

    assert "payment-methods" not in sections_shown()
    _save(session, make_staff(session, two_factor=True))
    assert "payment-methods" in sections_shown()


def test_keys_from_the_environment_win_and_cannot_be_edited_here(session, fake_stripe, monkeypatch):
    monkeypatch.setattr(settings, "stripe_secret_key", GOOD_SECRET_KEY)
    monkeypatch.setattr(settings, "stripe_publishable_key", PUBLISHABLE)
    assert payment_settings.payment_settings_view(session).source == "environment"
    with pytest.raises(ServiceError, match="environment"):
        _save(session, make_staff(session, two_factor=True))


async def test_typed_keys_never_reach_the_browsers_state(session, fake_stripe):
    from customer_portal.state.settings import SettingsState
    from tests.state_harness import new_state, run_handler, whole_client_state

    owner = make_staff(session, two_factor=True)
    token = signed_in_token(session, owner)
    state = new_state(SettingsState, staff_token=token)
    form = {"secret_key": GOOD_SECRET_KEY, "publishable_key": PUBLISHABLE, "webhook_secret": WEBHOOK}
    await run_handler(state, "save_payments", form)
    await run_handler(state, "check_stripe")
    assert state.payments.activated and state.payments.account_name == "Bluewater Pool Care LLC"
    text = whole_client_state(state)
    assert GOOD_SECRET_KEY not in text and WEBHOOK not in text
    assert "sk_test_…cdef" in text  # the masked form is what the page shows


def test_an_owner_without_two_factor_cannot_activate_payments(session, fake_stripe):
    """Owners need two-factor while payments are activated: the one activating them turns it on first."""
    with pytest.raises(ServiceError, match="two-factor"):
        _save(session, make_staff(session))
    assert not payment_settings.activated(payment_settings.stripe_keys(session))
