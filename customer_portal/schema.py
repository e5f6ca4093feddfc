"""Which schema revision this release needs (Alembic's head) and which one a database is at."""

from __future__ import annotations

from functools import lru_cache

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from customer_portal.settings import PROJECT_ROOT


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(Config(str(PROJECT_ROOT / "alembic.ini")))


def head_revision() -> str:
    """The revision this release's code was written for."""
    return _scripts().get_current_head() or ""


def known_revisions() -> set[str]:
    """Every revision up to this release's; one not in it belongs to a later release."""
    return {script.revision for script in _scripts().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The database's revision, or None when it was never migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
