"""Backup and restore, on SQLite and PostgreSQL: every row and every photo identical after a round trip into an
empty install, the restored app serving the same data; a damaged file, a newer schema or a database that already
holds data refused with a reason."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import zlib
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlmodel import Session, SQLModel

import customer_portal.db
from customer_portal import backup, cli, schema
from customer_portal.db import build_engine
from customer_portal.models import Customer, CustomerStatus
from customer_portal.services.customers.customer_directory import CustomerQuery, list_customers
from customer_portal.services.demo import demo_data
from customer_portal.settings import settings
from tests.databases import BACKENDS, drop_postgres_database, fresh_postgres_database


@pytest.fixture(params=BACKENDS)
def install(request, tmp_path, monkeypatch):
    """Makes empty installs (a database and a DATA_DIR) of one kind and points the app at the one in use."""
    made: list[str] = []

    def make(name: str):
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / name / 'portal.db'}"
        else:
            url = fresh_postgres_database(f"portal_backup_{name}")
            made.append(f"portal_backup_{name}")
        engine = build_engine(url)
        monkeypatch.setattr(customer_portal.db, "get_engine", lambda: engine)
        monkeypatch.setattr(cli, "get_engine", lambda: engine)
        monkeypatch.setattr(settings, "data_dir", tmp_path / name)
        return engine

    yield make
    for name in made:
        drop_postgres_database(name)


def _rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    found = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            found[table.name] = [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))]
    return found


def _files(data_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(data_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in backup.FILE_FOLDERS
        for path in (data_dir / folder).rglob("*")
        if path.is_file()
    }


def _company_with_photos(install) -> tuple:
    engine = install("source")
    cli.migrate()
    with Session(engine) as session:
        demo_data.seed_demo(session, customers=6, photo_customers=2, bcrypt_cost=4)
        session.commit()
    (settings.data_dir / "branding").mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "branding" / "logo.png").write_bytes(b"\x89PNG the logo")
    return engine, settings.data_dir


def test_a_backup_restores_every_row_and_file_into_an_empty_install(install, tmp_path, capsys):
    source, source_dir = _company_with_photos(install)
    file = tmp_path / "portal.backup"
    cli.main(["backup", str(file)])
    assert "Keep SECRET_KEY with it" in capsys.readouterr().out
    before_rows, before_files = _rows(source), _files(source_dir)
    assert before_rows["customer"] and before_rows["visit_photo"] and len(before_files) >= 3

    target = install("target")
    cli.main(["restore", str(file)])
    assert _rows(target) == before_rows
    assert _files(settings.data_dir) == before_files
    with Session(source) as session:
        listed_before = list_customers(session, query=CustomerQuery())
    with Session(target) as session:  # the app serves the restored data, and adds to it (sequences restored)
        assert list_customers(session, query=CustomerQuery()) == listed_before
        added = Customer(name="Signed up after the restore", status=CustomerStatus.ACTIVE)
        session.add(added)
        session.commit()
        assert added.id > max(row[0] for row in before_rows["customer"])


def _broken_midway(backup: bytes) -> bytes:
    """The same backup compressed again with its deflate stream broken halfway: after a flush, a block of the
    reserved type, which zlib refuses with its own error (not an OSError) while the archive is being unpacked."""
    tar = gzip.decompress(backup)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = packer.compress(tar[: len(tar) // 2]) + packer.flush(zlib.Z_FULL_FLUSH)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body + b"\xff" * 64


def test_a_damaged_backup_is_refused_and_nothing_is_restored(install, tmp_path):
    """A flipped byte, or a compressed stream that breaks halfway (zlib's own error, which a damaged backup once
    raised as a stack trace), is the same refusal, and nothing is restored."""
    _company_with_photos(install)
    file = tmp_path / "portal.backup"
    cli.main(["backup", str(file)])
    original = file.read_bytes()
    flipped = bytearray(original)
    flipped[len(flipped) // 2] ^= 0xFF

    target = install("target")
    for damaged in (bytes(flipped), _broken_midway(original)):
        file.write_bytes(damaged)
        with pytest.raises(SystemExit, match=r"Restore refused: .*(not a readable backup|damaged)"):
            cli.main(["restore", str(file)])
        assert inspect(target).get_table_names() == [] and _files(settings.data_dir) == {}


def test_a_backup_of_a_newer_schema_is_refused(install, tmp_path):
    _company_with_photos(install)
    file = tmp_path / "portal.backup"
    cli.main(["backup", str(file)])
    newer = tmp_path / "newer.backup"
    with tarfile.open(file, "r:gz") as original, tarfile.open(newer, "w:gz") as rewritten:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == backup.MANIFEST:
                manifest = json.loads(data)
                manifest["schema_revision"] = "0099"
                data = json.dumps(manifest).encode()
                member.size = len(data)
            rewritten.addfile(member, io.BytesIO(data))

    install("target")
    with pytest.raises(SystemExit, match=rf"newer than this release \({schema.head_revision()}\)"):
        cli.main(["restore", str(newer)])


def test_a_database_that_holds_data_is_never_overwritten(install, tmp_path):
    source, _ = _company_with_photos(install)
    file = tmp_path / "portal.backup"
    cli.main(["backup", str(file)])
    before = _rows(source)
    with pytest.raises(SystemExit, match="already holds data"):
        cli.main(["restore", str(file)])  # into the install it came from
    assert _rows(source) == before


def test_a_backup_from_an_older_release_is_migrated_after_restoring(install, tmp_path):
    from alembic import command
    from sqlalchemy import text

    source = install("source")
    config = cli.Config(str(cli.PROJECT_ROOT / "alembic.ini"))
    config.attributes["database_url"] = source.url.render_as_string(hide_password=False)
    command.upgrade(config, "0003")  # the release before the customer list columns
    with source.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customer (name, company_name, phone, status, notes, created_at, updated_at) "
                "VALUES ('Olga Older', '', '602-555-0199', 'active', '', '2026-01-01', '2026-01-01')"
            )
        )
    file = tmp_path / "older.backup"
    cli.main(["backup", str(file)])

    target = install("target")
    cli.main(["restore", str(file)])
    with Session(target) as session:
        rows = list_customers(session, query=CustomerQuery(search="olga")).rows
    assert [(row.name, row.phone) for row in rows] == [("Olga Older", "602-555-0199")]
