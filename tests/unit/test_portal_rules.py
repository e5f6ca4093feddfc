import pytest

from customer_portal.domain.portal import (
    DEFAULT_INVITE_BODY,
    DEFAULT_INVITE_SUBJECT,
    InvalidSlug,
    normalize_slug,
    render_template,
    text_to_html,
    unknown_placeholders,
)


@pytest.mark.parametrize("typed", ["bluewater", " bluewater ", "blue-water-2", "abc"])
def test_good_portal_names(typed):
    assert normalize_slug(typed) == typed.strip()


def test_capitals_are_refused_with_the_lowercase_name_offered():
    with pytest.raises(InvalidSlug, match="Web addresses are lowercase: use “blue-water”"):
        normalize_slug("Blue-Water")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("ab", "3 to 40"),
        ("x" * 41, "3 to 40"),
        ("blue water", "lowercase letters"),
        ("-blue", "lowercase letters"),
        ("blue--water", "lowercase letters"),
        ("blüe", "lowercase letters"),
        ("admin", "reserved"),
        ("staff", "reserved"),
        ("api", "reserved"),
        ("static", "reserved"),
        ("login", "reserved"),
    ],
)
def test_bad_portal_names(typed, reason):
    with pytest.raises(InvalidSlug, match=reason):
        normalize_slug(typed)


def test_unknown_placeholders_are_named():
    assert unknown_placeholders("Hi {customer_name}, pay {amount} at {portal_url} {amount} {}") == ["amount", ""]
    assert unknown_placeholders(DEFAULT_INVITE_BODY) == unknown_placeholders(DEFAULT_INVITE_SUBJECT) == []


def test_render_fills_every_placeholder_of_the_default():
    values = {"customer_name": "Ana", "company_name": "Bluewater", "portal_url": "u", "create_login_link": "L"}
    text = render_template(DEFAULT_INVITE_BODY, values)
    assert "{" not in text and "Hi Ana," in text and "\nL\n" in text


def test_html_escapes_what_customers_typed_and_links_urls():
    rendered = text_to_html('Hi <b>"Bob"</b>\nhttps://example.com/x?token=a&b=c')
    assert "<b>" not in rendered and "&lt;b&gt;" in rendered
    assert '<a href="https://example.com/x?token=a&amp;b=c">' in rendered
