"""Checks made when the app or a command starts: a database that cannot be reached stops it with one line that
says what to fix, instead of pages that never finish loading and a traceback for every request."""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError

from customer_portal import db
from customer_portal.settings import settings


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


def require_database() -> None:
    if (problem := database_problem()) is not None:
        sys.exit(problem)
