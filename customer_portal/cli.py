"""Command line: python -m customer_portal.cli COMMAND ...

migrate                 apply database migrations (alembic upgrade head)
create-admin EMAIL      create a staff account (password prompted, or from STAFF_PASSWORD)
reset-two-factor EMAIL  turn a staff member's two-factor off (when no owner can reset it from Team)
seed-demo               load the demo pool company into an empty database
prepare                 migrate, load the demo company when the database is empty, print how to sign in
run-jobs                once: settle unknown card payments, charge AutoPay, queue due reminders, send queued email
build [--output DIR]    build the pages for this PUBLIC_URL (needs Node and bun; a release step)
serve [--release DIR]   start the server over a built release (no Node or bun); workers that die are replaced
backup FILE             the database, photos and logo in one file, taken while the app runs
restore FILE            a backup into an empty install (then migrated to this release)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config

from customer_portal import backup, jobs, server
from customer_portal.db import get_engine, session_scope
from customer_portal.logs import configure_logging
from customer_portal.models import StaffRole
from customer_portal.services.accounts import staff_auth, team
from customer_portal.services.demo import demo_data
from customer_portal.services.errors import ServiceError, ValidationFailed
from customer_portal.settings import PROJECT_ROOT, settings
from customer_portal.startup import require_database, require_redis


def migrate() -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    # The engine's URL rather than the raw setting, so that tests pointing the app elsewhere migrate there.
    config.attributes["database_url"] = get_engine().url.render_as_string(hide_password=False)
    command.upgrade(config, "head")


def _read_new_password() -> str:
    if password := os.environ.get("STAFF_PASSWORD"):
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        sys.exit("The two passwords differ; nothing was created.")
    return first


def create_admin(email: str, name: str, role: str) -> None:
    password = _read_new_password()
    try:
        with session_scope() as session:
            identity = staff_auth.create_staff_user(
                session, email=email, password=password, name=name, role=StaffRole(role)
            )
    except ValidationFailed as error:
        sys.exit("; ".join(error.field_errors.values()))
    print(f"Created {identity.role.value} account {identity.email}.")


def reset_two_factor(email: str) -> None:
    try:
        with session_scope() as session:
            team.reset_two_factor_from_the_server(session, email=email)
    except ServiceError as error:
        sys.exit(str(error))
    print(f"Two-factor is off for {email.strip().lower()}; they are signed out everywhere and were emailed.")


def seed_demo(customers: int, seed: int, today: date | None, weeks: int | None = None) -> None:
    started = time.perf_counter()
    try:
        with session_scope() as session:
            summary = demo_data.seed_demo(session, customers=customers, seed=seed, today=today, history_weeks=weeks)
    except ValueError as error:
        sys.exit(str(error))
    print(
        f"Loaded the demo company in {time.perf_counter() - started:.1f} s: {summary.customers} customers, "
        f"{summary.service_locations} pools, {summary.visits} visits ({summary.photos} photos), "
        f"{summary.invoices} invoices, {summary.payments} payments, {summary.quotes} quotes."
    )


def prepare() -> None:
    """What `make run` does before starting the server; safe to repeat, keeps existing data."""
    migrate()
    with session_scope() as session:
        empty = demo_data.database_is_empty(session)
    if empty and settings.app_env == "production":
        print("The database is empty. Create the first staff account: python -m customer_portal.cli create-admin EMAIL")
    elif empty:
        seed_demo(customers=40, seed=7, today=None)
    print(
        f"\nCustomer portal: {settings.public_url}\n"
        f"Database:        {settings.database_url_for_display}\n"
        f"Office sign-in:  {settings.public_url}/staff/sign-in\n"
        f"  demo staff:    {demo_data.DEMO_OWNER_EMAIL} / {demo_data.DEMO_STAFF_PASSWORD}\n"
        f"  demo customer: {demo_data.DEMO_CUSTOMER_EMAIL} / {demo_data.DEMO_CUSTOMER_PASSWORD}\n"
    )


def backup_to(path: Path) -> None:
    try:
        summary = backup.backup(get_engine(), path)
    except backup.BackupError as error:
        sys.exit(f"Backup failed: {error}")
    print(
        f"Backed up the {summary.database} database (schema {summary.schema_revision}) and {summary.files} files "
        f"to {summary.path} ({summary.size_bytes / 2**20:.1f} MB). Keep SECRET_KEY with it: the Stripe keys stored "
        "in Settings > Payments can only be read with it."
    )


def restore_from(path: Path) -> None:
    try:
        manifest = backup.restore(get_engine(), path)
    except backup.BackupError as error:
        sys.exit(f"Restore refused: {error}")
    migrate()  # an older backup's schema becomes this release's
    print(
        f"Restored the backup of {manifest['created_at']} (app {manifest['app_version']}, schema "
        f"{manifest['schema_revision']}); the schema is now this release's. Start the app."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m customer_portal.cli", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations")
    admin = commands.add_parser("create-admin", help="create a staff account")
    admin.add_argument("email")
    admin.add_argument("--name", default="")
    admin.add_argument("--role", choices=[role.value for role in StaffRole], default=StaffRole.OWNER.value)
    reset = commands.add_parser("reset-two-factor", help="turn off a staff member's two-factor")
    reset.add_argument("email")
    demo = commands.add_parser("seed-demo", help="load the demo company into an empty database")
    demo.add_argument("--customers", type=int, default=40)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--today", type=date.fromisoformat, default=None, help="anchor date (YYYY-MM-DD)")
    demo.add_argument("--weeks", type=int, default=None, help="weeks of visit history (default 104, 13 above 200)")
    commands.add_parser("prepare", help="migrate, load demo data into an empty database, print sign-in help")
    commands.add_parser("run-jobs", help="run the background jobs once")
    release = commands.add_parser("build", help="build the pages for this PUBLIC_URL into a release folder")
    release.add_argument("--output", type=Path, default=None, help="release folder (default: Reflex's .web)")
    start = commands.add_parser("serve", help="start the server over a built release")
    start.add_argument("--release", type=Path, default=None, help="release folder (default: Reflex's .web)")
    save = commands.add_parser("backup", help="write the database, photos and logo to one file (while running)")
    save.add_argument("file", type=Path)
    load = commands.add_parser("restore", help="restore a backup file into an empty install")
    load.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    configure_logging()
    if args.command == "build":  # on a build machine, which may have no database
        built = server.build(args.output or server.default_release_dir())
        print(f"Built release {built.app_version} for {built.public_url}.")
        return
    require_database()  # every other command needs it: one line saying what is wrong instead of a traceback
    if args.command == "serve":
        require_redis()
        server.serve(args.release or server.default_release_dir())
    elif args.command == "migrate":
        migrate()
    elif args.command == "create-admin":
        create_admin(args.email, args.name, args.role)
    elif args.command == "reset-two-factor":
        reset_two_factor(args.email)
    elif args.command == "seed-demo":
        seed_demo(args.customers, args.seed, args.today, args.weeks)
    elif args.command == "prepare":
        prepare()
    elif args.command == "backup":
        backup_to(args.file)
    elif args.command == "restore":
        restore_from(args.file)
    elif args.command == "run-jobs":
        for job, report in jobs.run_all_once().items():
            print(f"{job}: {report}")


if __name__ == "__main__":
    main()
