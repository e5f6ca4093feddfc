"""Checks made when the app or a command starts: a database that cannot be reached stops it with one line that
says what to fix, instead of pages that never finish loading and a traceback for every request."""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError

from customer_portal import db
from customer_portal.settings import redacted_url, settings


def database_problem() -> str | None:
    """Why the database cannot be used right now, in one line, or None when it answers."""
    try:
        with db.get_engine().connect() as connection:  # looked up on call: tests point it elsewhere
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return (
            f"Cannot reach the database at {settings.database_url_for_display}: {reason}. "
            "Check that the database server is running and that DATABASE_URL is right."
        )
    return None


def redis_problem() -> str | None:
    """Why the configured Redis cannot be used right now, in one line, or None when it answers (or is not set)."""
    if not settings.redis_url:
        return None
    import redis  # Reflex's own dependency; only needed when Redis is configured

    try:
        redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return (
            f"Cannot reach Redis at {redacted_url(settings.redis_url)}: {error}. Check that Redis is running and "
            "that REDIS_URL is right (or unset it to run one worker)."
        )
    return None


def require_database() -> None:
    if (problem := database_problem()) is not None:
        sys.exit(problem)


def require_redis() -> None:
    if (problem := redis_problem()) is not None:
        sys.exit(problem)
