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
