"""The command line a self-hoster uses: create-admin, reset-two-factor and prepare (what `make run` runs first)."""

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

import customer_portal.db
from customer_portal import cli
from customer_portal.db import build_engine
from customer_portal.models import Customer, StaffRole, StaffUser
from customer_portal.services.accounts import staff_auth
from customer_portal.services.demo import demo_data
from tests.factories import STAFF_PASSWORD


def test_create_admin_reads_the_password_from_the_environment(session, monkeypatch, capsys):
    monkeypatch.setenv("STAFF_PASSWORD", STAFF_PASSWORD)
    cli.main(["create-admin", "Boss@Pools.example", "--name", "Dana", "--role", "office"])
    assert "Created office account boss@pools.example" in capsys.readouterr().out
    user = session.exec(select(StaffUser)).one()
    assert user.role == StaffRole.OFFICE and user.password_hash != STAFF_PASSWORD
    assert staff_auth.sign_in(session, email="boss@pools.example", password=STAFF_PASSWORD, client_ip="a").token


def test_create_admin_refuses_a_weak_password_with_the_reason(session, monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", "password1")
    with pytest.raises(SystemExit, match="breached"):
        cli.main(["create-admin", "boss@pools.example"])
    assert session.exec(select(StaffUser)).first() is None


def test_reset_two_factor_for_an_owner_nobody_else_can_reset(session, capsys):
    from customer_portal.models import AuditLogEntry
    from customer_portal.services.accounts import two_factor
    from tests.factories import make_staff

    owner = make_staff(session, email="only.owner@pools.example", two_factor=True)
    with pytest.raises(SystemExit, match="No staff account"):
        cli.main(["reset-two-factor", "nobody@pools.example"])
    cli.main(["reset-two-factor", " Only.Owner@pools.example"])
    assert "Two-factor is off for only.owner@pools.example" in capsys.readouterr().out
    session.expire_all()
    assert not two_factor.is_on(session.get(StaffUser, owner.id))
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "staff.two_factor_reset")).one()
    assert entry.actor_label == "command line" and entry.entity_id == owner.id
    session.commit()  # (SQLite: end this read before the command line writes)
    with pytest.raises(SystemExit, match="not on"):
        cli.main(["reset-two-factor", "only.owner@pools.example"])


@pytest.fixture
def empty_sqlite(tmp_path, monkeypatch):
    engine = build_engine(f"sqlite:///{tmp_path}/fresh.db")
    monkeypatch.setattr(customer_portal.db, "get_engine", lambda: engine)
    monkeypatch.setattr(cli, "get_engine", lambda: engine)
    yield engine
    engine.dispose()


def test_prepare_migrates_loads_the_demo_once_and_keeps_data(empty_sqlite, monkeypatch, capsys):
    monkeypatch.setattr(demo_data, "seed_demo", _small_seed(demo_data.seed_demo))
    cli.main(["prepare"])
    output = capsys.readouterr().out
    assert demo_data.DEMO_OWNER_EMAIL in output and demo_data.DEMO_STAFF_PASSWORD in output
    assert demo_data.DEMO_CUSTOMER_EMAIL in output
    with Session(empty_sqlite) as session:
        customers = session.exec(select(func.count()).select_from(Customer)).one()
        session.add(Customer(name="Added by the office", status="active"))
        session.commit()
    cli.main(["prepare"])
    with Session(empty_sqlite) as session:
        assert session.exec(select(func.count()).select_from(Customer)).one() == customers + 1


def test_prepare_never_prints_a_database_password(empty_sqlite, monkeypatch, capsys):
    from customer_portal.settings import Settings

    monkeypatch.setattr(cli, "settings", Settings(database_url="postgresql+psycopg://portal:hunter2-secret@db/portal"))
    monkeypatch.setattr(demo_data, "seed_demo", _small_seed(demo_data.seed_demo))
    cli.main(["prepare"])
    output = capsys.readouterr().out
    assert "hunter2-secret" not in output and "portal:***@db/portal" in output


def _small_seed(real_seed):
    def seed(session, **options):
        return real_seed(session, **{**options, "customers": 4, "history_weeks": 2, "bcrypt_cost": 4})

    return seed
