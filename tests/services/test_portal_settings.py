import pytest
from sqlmodel import select

from customer_portal.domain.portal import DEFAULT_INVITE_BODY
from customer_portal.models import AuditLogEntry, PortalSlugRedirect, StaffRole
from customer_portal.services.errors import NotAuthorized, ValidationFailed
from customer_portal.services.portal import portal_settings
from customer_portal.services.portal.portal_settings import PortalSettingsForm, resolve_portal_address
from tests.factories import make_staff


@pytest.fixture
def owner(session):
    return make_staff(session)


def _save(session, owner, **changes):
    form = portal_settings.get_portal_settings(session)
    for key, value in changes.items():
        setattr(form, key, value)
    saved = portal_settings.save_portal_settings(session, staff=owner, form=form)
    session.commit()
    return saved


def test_defaults_are_complete_and_sendable(session):
    form = portal_settings.get_portal_settings(session)
    assert not form.enabled and form.invite_body == DEFAULT_INVITE_BODY
    assert all(getattr(form, name) for name in portal_settings.SECTION_SWITCHES)


def test_turn_on_with_an_address_and_sections(session, owner):
    saved = _save(session, owner, enabled=True, slug=" bluewater ", include_quotes=False)
    assert (saved.enabled, saved.slug, saved.include_quotes) == (True, "bluewater", False)
    assert portal_settings.portal_url(saved.slug).endswith("/bluewater")
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "settings.portal_updated")).one()
    assert entry.details["changed"] == "enabled, include_quotes, slug"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"enabled": True, "slug": ""}, "slug", "Choose a web address"),
        ({"slug": "admin"}, "slug", "reserved"),
        ({"slug": "Blue Water!"}, "slug", "lowercase"),
        ({"slug": "Blue-Water"}, "slug", "Web addresses are lowercase: use “blue-water”."),
        ({"invite_subject": "Hi {first_name}"}, "invite_subject", "Unknown placeholder: {first_name}."),
        ({"invite_body": "{a} {b} {create_login_link}"}, "invite_body", "Unknown placeholders: {a}, {b}."),
        ({"invite_body": "Welcome to {portal_url}"}, "invite_body", "must contain {create_login_link}"),
        ({"invite_reply_to": "office@"}, "invite_reply_to", "email address"),
        ({"invite_subject": "  "}, "invite_subject", "Restore default"),
    ],
)
def test_bad_settings_are_refused_field_by_field(session, owner, changes, field, message):
    with pytest.raises(ValidationFailed) as error:
        _save(session, owner, **changes)
    assert message in error.value.field_errors[field]


def test_only_the_owner_changes_the_portal(session):
    office = make_staff(session, role=StaffRole.OFFICE)
    with pytest.raises(NotAuthorized, match="owner"):
        portal_settings.save_portal_settings(session, staff=office, form=PortalSettingsForm(enabled=True, slug="x-y-z"))


def test_a_changed_address_keeps_the_old_one_redirecting(session, owner):
    _save(session, owner, enabled=True, slug="bluewater")
    _save(session, owner, slug="bluewater-pools")
    _save(session, owner, slug="bw-pools")
    assert resolve_portal_address(session, slug="bw-pools").is_current
    for old in ("bluewater", "bluewater-pools"):
        address = resolve_portal_address(session, slug=old)
        assert (address.current_slug, address.is_current) == ("bw-pools", False)
    assert resolve_portal_address(session, slug="someone-else") is None
    # Taking an old name back makes it current again rather than a redirect to itself.
    _save(session, owner, slug="bluewater")
    assert resolve_portal_address(session, slug="bluewater").is_current
    assert sorted(session.exec(select(PortalSlugRedirect.old_slug))) == ["bluewater-pools", "bw-pools"]
