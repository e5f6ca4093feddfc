import pytest
from pydantic import ValidationError

from customer_portal.settings import DEVELOPMENT_SECRET_KEY, Settings

STRONG_KEY = "k" * 48


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ValidationError, match="SECRET_KEY is unset or still the development default"):
        Settings(app_env="production", secret_key=DEVELOPMENT_SECRET_KEY)


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(app_env="production", secret_key="too-short")


def test_development_runs_with_the_default_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY")
    assert Settings(app_env="development").secret_key == DEVELOPMENT_SECRET_KEY


def test_database_password_is_never_displayed():
    configured = Settings(
        app_env="production", secret_key=STRONG_KEY, database_url="postgresql+psycopg://portal:s3cret-pw@db:5432/portal"
    )
    assert "s3cret-pw" not in configured.database_url_for_display
    assert configured.database_url_for_display == "postgresql+psycopg://portal:***@db:5432/portal"
    assert "s3cret-pw" not in repr(configured) and STRONG_KEY not in repr(configured)


def test_defaults_follow_the_port(tmp_path):
    configured = Settings(app_env="development", port=8123, data_dir=tmp_path)
    assert configured.public_url == "http://localhost:8123"
    assert configured.database_url == f"sqlite:///{tmp_path / 'portal.db'}"
    assert configured.photo_dir == tmp_path / "photos"


def test_invalid_configuration_exits_with_a_message_not_a_traceback(monkeypatch):
    from customer_portal import settings as settings_module

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    with pytest.raises(SystemExit) as exit_info:
        settings_module.load_settings()
    assert "Configuration error" in str(exit_info.value)
    assert "SECRET_KEY" in str(exit_info.value)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PORT", "abc", "PORT: Input should be a valid integer"),
        ("PORT", "70000", "PORT: Input should be less than or equal to 65535"),
        ("APP_ENV", "prod", "APP_ENV: Input should be 'development', 'test' or 'production'"),
        ("PUBLIC_URL", "portal.example.com", "PUBLIC_URL: not a web address"),
        ("TRUSTED_PROXIES", "10.0.0.0/99", "TRUSTED_PROXIES: '10.0.0.0/99' is not an IP address or network"),
        ("SESSION_IDLE_MINUTES", "soon", "SESSION_IDLE_MINUTES: Input should be a valid integer"),
    ],
)
def test_each_wrong_setting_is_named_with_what_was_given(monkeypatch, variable, value, expected):
    from customer_portal import settings as settings_module

    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as exit_info:
        settings_module.load_settings()
    message = str(exit_info.value)
    assert expected in message and f"(got {value!r})" in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "garbage-with-hunter2", "DATABASE_URL: not a database address this app can use"),
        ("DATABASE_URL", "mysql://portal:hunter2@db/portal", "DATABASE_URL: not a database address"),
        ("REDIS_URL", "portal:hunter2@localhost:6379", "REDIS_URL: not a Redis address"),
    ],
)
def test_a_wrong_address_that_may_hold_a_password_is_named_but_never_shown(monkeypatch, variable, value, expected):
    from customer_portal import settings as settings_module

    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as exit_info:
        settings_module.load_settings()
    assert expected in str(exit_info.value)
    assert "hunter2" not in str(exit_info.value)


def test_postgresql_through_a_unix_socket_is_a_valid_address():
    assert Settings(database_url="postgresql+psycopg:///portal?host=/var/run/postgresql").database_url
