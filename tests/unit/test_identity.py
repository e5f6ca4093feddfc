import pytest

from customer_portal.domain.identity import InvalidEmail, normalize_email, password_problem


def test_emails_are_normalised_to_lowercase_without_spaces():
    assert normalize_email("  Maria.Delgado@Example.COM ") == "maria.delgado@example.com"


@pytest.mark.parametrize("text", ["", "maria", "maria@", "@example.com", "maria@example", "ma ria@example.com"])
def test_bad_emails_are_refused(text):
    with pytest.raises(InvalidEmail):
        normalize_email(text)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short", "at least 8"),
        ("password123", "breached"),
        ("Chlorine", "breached"),
        ("aaaaaaaaaa", "too easy"),
        ("é" * 40, "at most 72 bytes"),  # 40 characters but 80 bytes: bcrypt would silently cut it
        ("maria.delgado@example.com", "email"),
    ],
)
def test_weak_passwords_get_a_clear_reason(password, fragment):
    problem = password_problem(password, email="maria.delgado@example.com")
    assert problem is not None and fragment in problem


def test_a_good_password_passes():
    assert password_problem("tide-pool-sunrise-9", email="maria.delgado@example.com") is None


def test_a_password_longer_than_bcrypt_reads_never_verifies():
    from customer_portal.services.accounts.passwords import hash_password, verify_password

    stored = hash_password("p" * 72, cost=4)
    assert verify_password("p" * 72, stored)
    assert not verify_password("p" * 72 + "anything", stored)  # bcrypt alone would say yes
