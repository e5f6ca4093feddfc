"""Releases: build the pages once, then start the server against them without Node or bun.

`cli build` compiles the Reflex pages and builds the frontend (the only step that needs Node and bun: a release
step on a build machine or in the container's first stage) into a release folder with a `release.json` saying
which PUBLIC_URL and app version it was built for. `cli serve` starts Granian's supervisor over that folder in a
few seconds; the supervisor replaces a worker that dies, and exits (for systemd or the container runtime to restart
it) only when a worker keeps dying within seconds of being replaced.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from customer_portal import __version__
from customer_portal.logs import granian_log_config
from customer_portal.settings import PROJECT_ROOT, settings

RELEASE_FILE = "release.json"
# What a release folder holds, as Reflex lays it out under its web directory: the built pages, and the markers the
# compile leaves for the server (whether uploads are used, which pages keep state).
RELEASE_PARTS = ("build/client", "backend")
APP_TARGET = "customer_portal.customer_portal:app"


@dataclass(frozen=True)
class Release:
    public_url: str
    app_version: str
    built_at: str


def default_release_dir() -> Path:
    """Reflex's web directory (`.web`, or REFLEX_WEB_WORKDIR): where `reflex run` builds and `serve` looks."""
    from reflex.utils.prerequisites import get_web_dir

    return PROJECT_ROOT / get_web_dir()


def build(output: Path) -> Release:
    """Build the frontend for this PUBLIC_URL in Reflex's web directory and copy the release to `output`."""
    web_dir = default_release_dir()
    command = [str(Path(sys.executable).parent / "reflex"), "export", "--frontend-only", "--no-zip"]
    finished = subprocess.run(command, cwd=PROJECT_ROOT, check=False)
    if finished.returncode != 0:
        sys.exit("The frontend build failed (its output is above). Node and bun are needed to build, not to serve.")
    if output.resolve() != web_dir.resolve():
        for part in RELEASE_PARTS:
            # Beside the old copy first, then swapped in, so a server reading the folder never sees half a build.
            incoming, target = output / f"{part}.incoming", output / part
            shutil.rmtree(incoming, ignore_errors=True)
            shutil.copytree(web_dir / part, incoming)
            shutil.rmtree(target, ignore_errors=True)
            incoming.rename(target)
    release = Release(
        public_url=settings.public_url,
        app_version=__version__,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    (output / RELEASE_FILE).write_text(json.dumps(asdict(release), indent=2) + "\n")
    return release


def release_problem(directory: Path) -> str | None:
    """Why `serve` cannot start over this folder, in words that say what to run, or None."""
    build_command = "python -m customer_portal.cli build (make build)"
    try:
        release = Release(**json.loads((directory / RELEASE_FILE).read_text()))
    except FileNotFoundError:
        return f"No built release in {directory}. Build one first: {build_command}; it needs Node and bun once."
    except (ValueError, TypeError):
        return f"{directory / RELEASE_FILE} is damaged. Build again: {build_command}."
    if not (directory / "build" / "client" / "index.html").is_file():
        return f"The release in {directory} has no pages (build/client). Build again: {build_command}."
    if release.public_url != settings.public_url:
        return (
            f"The release in {directory} was built for {release.public_url}, but PUBLIC_URL is "
            f"{settings.public_url}: its pages would connect to the wrong address. Build again with this "
            f"PUBLIC_URL: {build_command}."
        )
    if release.app_version != __version__:
        return (
            f"The release in {directory} was built by version {release.app_version} and this is {__version__}. "
            f"Build again: {build_command}."
        )
    return None


def serve(directory: Path) -> None:
    """Run the workers over a built release until stopped; exits with one line if the release does not fit.

    Starts a fresh interpreter for the supervisor, so that prometheus_client is first imported with
    PROMETHEUS_MULTIPROC_DIR set (the workers then share their figures through files there; see metrics.py)."""
    if (problem := release_problem(directory)) is not None:
        sys.exit(problem)
    metrics_dir = settings.data_dir / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)  # figures of a previous run would be added to this one's
    metrics_dir.mkdir(parents=True)
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    os.execve(sys.executable, [sys.executable, "-m", __name__, str(directory)], environment)


def _supervise(directory: Path) -> None:
    from granian.constants import Interfaces
    from granian.server import Server
    from reflex.utils import prerequisites
    from reflex_base.constants import Env
    from reflex_base.environment import environment

    # What `reflex run --env prod` sets before starting its server, without its compile and build.
    environment.REFLEX_WEB_WORKDIR.set(_working_web_dir(directory))
    environment.REFLEX_ENV_MODE.set(Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(True)
    # With one worker Reflex keeps each browser's state in files: in DATA_DIR, the one place the server writes
    # (the code and the release may be read-only: systemd's ProtectSystem, the container's non-root user).
    environment.REFLEX_STATES_WORKDIR.set(settings.data_dir / "browser-state")
    environment.REFLEX_UPLOADED_FILES_DIR.set(settings.data_dir / "reflex-uploads")  # Reflex's own; empty here
    # The app is imported once here and the workers are forked from it: a replacement worker is up in well under a
    # second. db.py drops inherited database connections in each child.
    multiprocessing.set_start_method("fork", force=True)
    prerequisites.get_app()

    Server(
        target=APP_TARGET,
        factory=True,
        address=settings.listen_address,
        port=settings.port,
        interface=Interfaces.ASGI,
        workers=settings.backend_workers,
        respawn_failed_workers=True,
        respawn_interval=1.0,
        workers_kill_timeout=30,
        log_dictconfig=granian_log_config(),
    ).serve()


def _working_web_dir(release: Path) -> Path:
    """Reflex's web directory for this run, in DATA_DIR: the release's pages linked, its markers copied. Reflex
    touches a marker there at every start (whether uploads are used), and the release itself stays read-only."""
    work = settings.data_dir / "web"
    shutil.rmtree(work, ignore_errors=True)
    (work / "build").mkdir(parents=True)
    (work / "build" / "client").symlink_to((release / "build" / "client").resolve(), target_is_directory=True)
    shutil.copytree(release / "backend", work / "backend")
    return work


if __name__ == "__main__":
    _supervise(Path(sys.argv[1]))
