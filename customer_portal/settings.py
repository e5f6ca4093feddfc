"""One settings object, read from the environment and validated at import.

Everything configurable lives here so that a deploy is described by its environment alone.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from customer_portal.domain.network import IPNetwork, parse_networks

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"

# The key development runs with; refused anywhere else.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"
MIN_SECRET_KEY_LENGTH = 32


class Settings(BaseSettings):
    """Fields that hold secrets are left out of repr, so printing the settings leaks nothing."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    app_env: Literal["development", "test", "production"] = "development"
    port: int = Field(default=3000, ge=1, le=65535)
    # 127.0.0.1 when a reverse proxy on the same machine is the only way in.
    listen_address: str = "0.0.0.0"
    public_url: str = ""
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str = Field(default="", repr=False)  # may hold a secret: kept out of repr and logs
    redis_url: str = Field(default="", repr=False)  # may hold a secret: kept out of repr and logs
    secret_key: str = Field(default=DEVELOPMENT_SECRET_KEY, repr=False)

    stripe_secret_key: str = Field(default="", repr=False)
    stripe_publishable_key: str = ""
    stripe_webhook_secret: str = Field(default="", repr=False)
    stripe_api_base: str = ""  # only for tests and local fakes
    # Per try; the SDK tries 3 times with the same idempotency key, so a call is over within ~3x this.
    stripe_timeout_seconds: float = 20.0

    resend_api_key: str = Field(default="", repr=False)
    resend_api_url: str = ""  # only for tests and local fakes
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = Field(default="", repr=False)
    email_from: str = "Pool Portal <portal@localhost>"

    log_format: Literal["text", "json"] = "text"

    # New passwords are also looked up in Have I Been Pwned's Pwned Passwords (k-anonymity: only the first five
    # hex characters of the password's SHA-1 leave this server). Off unless turned on; unreachable = local list only.
    pwned_passwords_check: bool = False
    pwned_passwords_url: str = "https://api.pwnedpasswords.com"
    pwned_passwords_timeout_seconds: float = Field(default=2.0, gt=0, le=10)

    # Backend worker processes for `cli serve`. Unset: one, or one per core with Redis (several need Redis).
    web_concurrency: int | None = Field(default=None, ge=1, le=64)

    # GET /api/metrics: from these addresses or networks, or from anywhere with `Authorization: Bearer <token>`.
    metrics_allowed_from: str = "127.0.0.1, ::1"
    metrics_token: str = Field(default="", repr=False)

    # Reverse proxies (addresses or networks) whose X-Forwarded-For / Forwarded headers are believed.
    trusted_proxies: str = ""

    # Reflex's per-browser state: dropped after this long idle; with one worker, at most this many browsers kept.
    browser_state_idle_minutes: int = Field(default=60, ge=5, le=60 * 24)
    browser_state_limit: int = Field(default=2000, ge=50)

    # Staff and customer sessions: idle and absolute lifetimes, in minutes.
    session_idle_minutes: int = Field(default=60 * 12, ge=5)
    session_absolute_minutes: int = Field(default=60 * 24 * 14, ge=5)

    @field_validator("public_url")
    @classmethod
    def _check_public_url(cls, value: str) -> str:
        if value and not _is_http_url(value):
            raise ValueError("not a web address; use the address customers open, like https://portal.yourcompany.com")
        return value.rstrip("/")

    @field_validator("listen_address")
    @classmethod
    def _check_listen_address(cls, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            advice = "use 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)"
            raise ValueError(f"not an IP address; {advice}") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value and not _is_database_url(value):
            raise ValueError(
                "not a database address this app can use. Use postgresql+psycopg://USER:PASSWORD@HOST:5432/NAME "
                "for PostgreSQL or sqlite:////absolute/path/portal.db for SQLite (or leave it unset)"
            )
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("not a Redis address; use redis://HOST:6379/0 (rediss:// for TLS), or leave it unset")
        return value

    @field_validator("trusted_proxies", "metrics_allowed_from")
    @classmethod
    def _check_networks(cls, value: str) -> str:
        parse_networks(value)  # its ValueError says which entry is wrong
        return value

    @model_validator(mode="after")
    def _fill_defaults_and_check_secrets(self) -> Settings:
        if not self.public_url:
            self.public_url = f"http://localhost:{self.port}"
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'portal.db'}"
        if self.app_env != "development":
            if self.secret_key == DEVELOPMENT_SECRET_KEY:
                raise ValueError(
                    "SECRET_KEY is unset or still the development default. Set SECRET_KEY to a random "
                    'value of at least 32 characters, e.g. python -c "import secrets; '
                    'print(secrets.token_urlsafe(48))"'
                )
            if len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
                raise ValueError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters long.")
        if (self.web_concurrency or 1) > 1 and not self.redis_url:
            raise ValueError(
                "WEB_CONCURRENCY above 1 needs REDIS_URL: several workers keep each browser's state in Redis. "
                "Set REDIS_URL or leave WEB_CONCURRENCY unset (one worker)."
            )
        if self.session_absolute_minutes < self.session_idle_minutes:
            raise ValueError("SESSION_ABSOLUTE_MINUTES must not be shorter than SESSION_IDLE_MINUTES.")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def database_url_for_display(self) -> str:
        """The database URL with any password masked: safe for logs and the console."""
        return redacted_url(self.database_url)

    @property
    def photo_dir(self) -> Path:
        """Private storage for visit photos: never under Reflex's public upload folder."""
        return self.data_dir / "photos"

    @cached_property
    def trusted_proxy_networks(self) -> tuple[IPNetwork, ...]:
        return parse_networks(self.trusted_proxies)

    @cached_property
    def metrics_networks(self) -> tuple[IPNetwork, ...]:
        return parse_networks(self.metrics_allowed_from)

    @property
    def backend_workers(self) -> int:
        """Past the cores, more workers only add memory: each holds its own copy of the app."""
        return self.web_concurrency or ((os.cpu_count() or 1) if self.redis_url else 1)

    @property
    def uses_https(self) -> bool:
        return self.public_url.startswith("https://")


def _is_http_url(value: str) -> bool:
    scheme, _, rest = value.partition("://")
    return scheme in ("http", "https") and bool(rest.split("/", 1)[0])


def _is_database_url(value: str) -> bool:
    try:
        url = make_url(value)
    except Exception:  # SQLAlchemy raises ArgumentError or ValueError for a string it cannot read
        return False
    return url.get_backend_name() in ("sqlite", "postgresql")


def redacted_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as nothing rather than risk a secret
        return "<unparsable URL>"


def _problem(issue: Any) -> str:
    """One line per wrong setting: the variable, what is wrong, and what was given (unless it may be a secret)."""
    message = str(issue["msg"]).removeprefix("Value error, ")
    if not issue["loc"]:  # a rule across settings: its message names them
        return message
    field = str(issue["loc"][0])
    shown = "" if Settings.model_fields[field].repr is False else f" (got {issue['input']!r})"
    return f"{field.upper()}: {message}{shown}"


def load_settings() -> Settings:
    """Read the environment; exit with a readable message instead of a traceback when it is wrong."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "\n".join(f"  - {_problem(issue)}" for issue in error.errors())
        sys.exit(f"Configuration error (fix these environment variables and start again):\n{problems}")


settings = load_settings()
