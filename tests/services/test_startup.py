"""A database that cannot be reached stops the server and every command at start with one line naming it (its
password masked) and what to check: no traceback, no pages that never finish loading."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from customer_portal.settings import PROJECT_ROOT

PASSWORD = "hunter2-not-shown"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


@pytest.fixture
def unreachable_database(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgresql+psycopg://portal:{PASSWORD}@127.0.0.1:{_closed_port()}/portal",
        "DATA_DIR": str(tmp_path),
    }


def _assert_one_clear_line(result: subprocess.CompletedProcess, elapsed: float) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Cannot reach the database at postgresql+psycopg://portal:***@127.0.0.1:" in output
    assert "Connection refused" in output and "DATABASE_URL" in output
    assert "Traceback" not in output and PASSWORD not in output
    assert elapsed < 60


@pytest.mark.parametrize("command", ["migrate", "prepare", "run-jobs"])
def test_a_command_says_the_database_cannot_be_reached(unreachable_database, command):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "customer_portal.cli", command],
        env=unreachable_database,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    _assert_one_clear_line(result, time.monotonic() - started)


def test_the_server_stops_at_start_when_the_database_cannot_be_reached(unreachable_database):
    """`reflex run --env prod`, the README's start command, as a self-hoster runs it."""
    tools = PROJECT_ROOT / ".tools/node_modules/.bin"
    environment = {
        **unreachable_database,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
        "PORT": str(_closed_port()),
    }
    started = time.monotonic()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "reflex"), "run", "--env", "prod", "--loglevel", "warning"],
        env=environment,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    _assert_one_clear_line(result, time.monotonic() - started)
