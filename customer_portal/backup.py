"""Backups a self-hoster can trust: one file with a consistent copy of the database, the photos and the logo,
and a manifest (schema revision, app version, a SHA-256 of every part); and a restore into an empty install that
refuses a damaged file or a schema newer than this release.

The database copy is taken online: SQLite through its backup API (a consistent copy while the app writes),
PostgreSQL with `pg_dump` (one snapshot; the PostgreSQL client tools must be installed). A backup restores into
the same kind of database it came from; an older schema is migrated to this release's after restoring.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine

from customer_portal import __version__, schema
from customer_portal.settings import settings

FORMAT = 1
MANIFEST = "manifest.json"
FILE_FOLDERS = ("photos", "branding")  # under DATA_DIR: what the database points at
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    schema_revision: str
    database: str
    files: int
    size_bytes: int


def _current_revision(engine: Engine) -> str:
    with engine.connect() as connection:
        revision = schema.current_revision(connection)
    if revision is None:
        raise BackupError("The database has no schema revision: run python -m customer_portal.cli migrate first.")
    return revision


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore, with the password in the environment, not the command line
    (which any user of the machine can read)."""
    arguments = ["--dbname", url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)]
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.") from None
    if done.returncode != 0:
        raise BackupError(
            f"{command[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}"
        )


def _copy_database(engine: Engine, into: Path) -> Path:
    if engine.dialect.name == "sqlite":
        target = into / SQLITE_MEMBER
        with sqlite3.connect(engine.url.database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the app writes
        return target
    target = into / POSTGRES_MEMBER
    arguments, environment = _libpq(engine.url)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *arguments], environment
    )
    return target


def backup(engine: Engine, destination: Path) -> BackupSummary:
    """Write one backup file: the database, the files under DATA_DIR it refers to, and the manifest."""
    revision = _current_revision(engine)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        members = {
            SQLITE_MEMBER if engine.dialect.name == "sqlite" else POSTGRES_MEMBER: _copy_database(engine, Path(work))
        }
        for folder in FILE_FOLDERS:
            root = settings.data_dir / folder
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file():
                    members[f"files/{path.relative_to(settings.data_dir).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "app_version": __version__,
            "schema_revision": revision,
            "database": engine.dialect.name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "sha256": {name: _sha256(path) for name, path in members.items()},
        }
        partial = destination.with_name(destination.name + ".partial")  # never a half-written file under the name
        with tarfile.open(partial, "w:gz") as archive:
            encoded = json.dumps(manifest, indent=2).encode()
            entry = tarfile.TarInfo(MANIFEST)
            entry.size, entry.mtime = len(encoded), int(datetime.now(UTC).timestamp())
            archive.addfile(entry, io.BytesIO(encoded))
            for name, path in members.items():
                archive.add(path, arcname=name)
        partial.replace(destination)
    return BackupSummary(destination, revision, engine.dialect.name, len(members) - 1, destination.stat().st_size)


def _read_checked(source: Path, into: Path) -> dict:
    """Unpack the backup into `into` and return its manifest, after checking every part against it."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(into, filter="data")  # no absolute paths, links out or devices
    except (OSError, tarfile.TarError, EOFError, zlib.error) as error:  # zlib: damage inside the compressed data
        raise BackupError(f"{source} is not a readable backup ({error}).") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        expected = dict(manifest["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"{source} has no valid manifest: it is not a backup of this app, or it is damaged."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is a backup format this release cannot read ({manifest.get('format')}).")
    for name, digest in expected.items():
        part = into / name
        if not part.is_file() or _sha256(part) != digest:
            raise BackupError(f"{source} is damaged: {name} does not match its checksum. Use another backup.")
    return manifest


def _require_known_revision(revision: str) -> None:
    """This release's migrations know every schema up to its own; one they do not know is a later release's."""
    if revision not in schema.known_revisions():
        raise BackupError(
            f"The backup's schema ({revision}) is newer than this release ({schema.head_revision()}): "
            "install the release it was made with, or a later one, and restore there."
        )


def _require_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        tables = [name for name in inspect(connection).get_table_names() if name != "alembic_version"]
        filled = [name for name in tables if connection.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first()]
    if filled:
        raise BackupError(
            "The database already holds data (" + ", ".join(sorted(filled)[:5]) + "): restore only into an empty "
            "database, so nothing is overwritten."
        )
    for folder in FILE_FOLDERS:
        if any(path.is_file() for path in (settings.data_dir / folder).rglob("*")):
            raise BackupError(f"{settings.data_dir / folder} already holds files: restore only into an empty install.")


def _restore_database(engine: Engine, unpacked: Path, kind: str) -> None:
    if kind != engine.dialect.name:
        raise BackupError(f"This backup is of a {kind} database; DATABASE_URL points at {engine.dialect.name}.")
    engine.dispose()
    if kind == "sqlite":
        target = Path(engine.url.database)
        for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(unpacked / SQLITE_MEMBER, target)
        return
    arguments, environment = _libpq(engine.url)
    with engine.begin() as connection:  # an empty install may already have its (empty) tables: start clean
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *arguments, str(unpacked / POSTGRES_MEMBER)],
        environment,
    )


def restore(engine: Engine, source: Path) -> dict:
    """Restore a backup into an empty install, then bring its schema up to this release. Returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        unpacked = Path(work)
        manifest = _read_checked(source, unpacked)
        _require_known_revision(manifest["schema_revision"])
        _require_empty(engine)
        _restore_database(engine, unpacked, manifest["database"])
        files = unpacked / "files"
        if files.is_dir():
            shutil.copytree(files, settings.data_dir, dirs_exist_ok=True)
    return manifest
