"""deploy/ as shipped: systemd's own checker reads the units clean, Caddy accepts the Caddyfile, the Containerfile
copies what the app needs. (tests/e2e/test_deploy.py runs the Caddyfile and `cli serve` for real.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from customer_portal.settings import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI checks deploy/ with {name}; it is missing")
        pytest.skip(f"{name} is not installed")
    return found


def test_systemd_reads_every_unit_without_a_complaint(tmp_path: Path):
    """`systemd-analyze verify` warns about unknown keys, bad values and missing programs; the units name
    /opt/customer-portal, which here is this checkout."""
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {unit.suffix for unit in units} == {".service", ".timer"}
    for unit in units:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/customer-portal", str(PROJECT_ROOT)))
    checked = subprocess.run(
        [_tool("systemd-analyze"), "verify", *sorted(str(path) for path in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout + checked.stderr == "", checked.stdout + checked.stderr


def test_the_service_restarts_the_server_and_migrates_first():
    unit = (DEPLOY / "systemd" / "customer-portal.service").read_text()
    assert "\nRestart=always\n" in unit
    assert "cli migrate\n" in unit.split("ExecStart=", 1)[0]
    assert unit.rstrip().endswith("WantedBy=multi-user.target")


def test_caddy_accepts_the_caddyfile(tmp_path: Path):
    environment = {**os.environ, "PORTAL_DOMAIN": "portal.example.com", "XDG_DATA_HOME": str(tmp_path)}
    checked = subprocess.run(
        [_tool("caddy"), "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr[-2000:]


def test_the_final_image_copies_everything_the_server_reads():
    """Each COPY --from=build names a path that exists in the repository or that `cli build` writes."""
    containerfile = (DEPLOY / "Containerfile").read_text()
    final_stage = containerfile.rsplit("\nFROM ", 1)[1]
    copied = re.findall(r"^COPY --from=build (.+?) \S+$", final_stage, re.M)
    sources = [path for line in copied for path in line.split()]
    built = {"/app/.venv", "/app/.web/build/client", "/app/.web/backend", "/app/.web/release.json"}
    for source in sources:
        assert source in built or (PROJECT_ROOT / source.removeprefix("/app/")).exists(), source
    for needed in ("customer_portal", "alembic", "alembic.ini", "rxconfig.py", "assets"):
        assert f"/app/{needed}" in sources, needed
    assert "\nUSER portal\n" in final_stage and "npm" not in final_stage and "node" not in final_stage.lower()
