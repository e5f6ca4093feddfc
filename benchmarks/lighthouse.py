"""Lighthouse on the customer portal as a phone sees it: sign-in, home and invoices of the production build.

    make lighthouse        (installs Lighthouse from npm into .tools/, then runs this)
    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--pages sign-in,home,invoices]

Starts the portal with `reflex run --env prod` over the demo company (a temporary SQLite database) behind Debian's
Caddy running deploy/Caddyfile, as the README deploys it: HTTPS with HTTP/2 (Caddy's own certificate authority,
which Chromium is told to accept), on loopback ports; --direct measures the app's own port over plain HTTP/1.1
instead, which no customer uses (a phone then queues the portal's ~45 scripts on six connections). Signs the demo
customer's first email in the way a sign-in does (a session row and its HttpOnly cookie, sent by Lighthouse with
every request), and runs Lighthouse's default mobile audit (a Moto G Power screen, 4x CPU slowdown and a simulated
slow 4G network) in Debian's Chromium, --runs times per page. Prints the median of each
category's score (accessibility, best practices, performance), the performance metrics behind it, and any audit
that cost accessibility or best-practice points. It asserts nothing: the targets are accessibility 100, best
practices 100 and performance >= 85, and the machine's load is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_latency import ROOT, _free_port, prepare_customers, serving  # the same server and sessions

LIGHTHOUSE = ROOT / ".tools/node_modules/.bin/lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CADDY = "/usr/bin/caddy"
CATEGORIES = ("accessibility", "best-practices", "performance")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
PAGES = {  # name: (path, signed in)
    "sign-in": ("/bluewater/sign-in", False),
    "home": ("/bluewater", True),
    "invoices": ("/bluewater/invoices", True),
}


@contextmanager
def behind_caddy(work: Path, https_port: int, app_port: int) -> Iterator[None]:
    """Caddy with deploy/Caddyfile as shipped, for https://127.0.0.1:https_port (an address, not "localhost":
    Reflex's client drops the port of a localhost websocket address under https)."""
    config = work / "Caddyfile"
    config.write_text(
        "{\n\tadmin off\n\tlocal_certs\n\tskip_install_trust\n\tdefault_sni 127.0.0.1\n"
        f"\tstorage file_system {work / 'caddy-data'}\n\thttp_port {_free_port()}\n\thttps_port {https_port}\n}}\n"
        f"import {ROOT / 'deploy' / 'Caddyfile'}\n"
    )
    environment = {
        **os.environ,
        "PORTAL_DOMAIN": f"127.0.0.1:{https_port}",
        "PORTAL_UPSTREAM": f"127.0.0.1:{app_port}",
        "XDG_DATA_HOME": str(work / "xdg"),
        "XDG_CONFIG_HOME": str(work / "xdg"),
    }
    with open(work / "caddy.log", "w") as log:
        caddy = subprocess.Popen(
            [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"], env=environment, stdout=log, stderr=log
        )
    try:
        yield
    finally:
        caddy.terminate()
        caddy.wait(timeout=30)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=ssl._create_unverified_context()):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer") from None
            time.sleep(0.5)


def audit(url: str, cookie: str | None, report: Path, attempts: int = 3) -> dict:
    """One Lighthouse run: its JSON report. Lighthouse now and then loses its own trace ("NO_NAVSTART ... run
    Lighthouse again"): such a run is repeated, up to `attempts` times."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        # Caddy's internal certificate authority is not one Chromium trusts (a real deployment has Let's Encrypt).
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --ignore-certificate-errors",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    for attempt in range(1, attempts + 1):
        finished = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if finished.returncode == 0:
            return json.loads(report.read_text())
        print(f"  (Lighthouse failed on {url}, attempt {attempt} of {attempts})")
    raise SystemExit(f"Lighthouse failed {attempts} times on {url}")


def _lost_points(report: dict) -> list[str]:
    """Audits scored below 1 that count toward accessibility or best practices."""
    lost = []
    for category in ("accessibility", "best-practices"):
        for ref in report["categories"][category]["auditRefs"]:
            found = report["audits"][ref["id"]]
            if ref["weight"] > 0 and found["score"] is not None and found["score"] < 1:
                lost.append(f"{category}: {ref['id']} ({found['title']})")
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--direct", action="store_true", help="the app's own port over HTTP/1.1, without Caddy")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse`")

    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    database_url = f"sqlite:///{work / 'portal.db'}"
    portal_env = {"DATA_DIR": str(work), "DATABASE_URL": database_url}
    prepare = {**os.environ, **portal_env}
    for step in (["migrate"], ["seed-demo", "--customers", "6", "--weeks", "8"]):
        cli = [sys.executable, "-m", "customer_portal.cli", *step]
        subprocess.run(cli, env=prepare, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(portal_env)
    cookie = prepare_customers(1, database_url)[0].cookie

    app_port, https_port = _free_port(), _free_port()
    public_url = "" if options.direct else f"https://127.0.0.1:{https_port}"
    if not options.direct:
        portal_env["TRUSTED_PROXIES"] = "127.0.0.1"
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    print("served by", "the app itself over HTTP/1.1" if options.direct else "Caddy (deploy/Caddyfile) over HTTP/2")
    proxy: AbstractContextManager[None] = nullcontext() if options.direct else behind_caddy(work, https_port, app_port)
    with serving(ROOT, portal_env, app_port, work / "portal.log", public_url) as portal, proxy:
        _wait_for(portal + "/api/health")
        for name in options.pages.split(","):
            path, signed_in = PAGES[name]
            reports = [
                audit(portal + path, cookie if signed_in else None, work / f"{name}-{run}.json")
                for run in range(options.runs)
            ]
            scores = {
                category: statistics.median(round(100 * report["categories"][category]["score"]) for report in reports)
                for category in CATEGORIES
            }
            metrics = {
                label: statistics.median(report["audits"][key]["numericValue"] for report in reports)
                for key, label in METRICS.items()
            }
            print(
                f"\n{name} ({path}): "
                + ", ".join(f"{category} {score:.0f}" for category, score in scores.items())
                + "\n  "
                + ", ".join(
                    f"{label} {value:.3f}" if label == "CLS" else f"{label} {value / 1000:.2f} s"
                    for label, value in metrics.items()
                )
            )
            for line in sorted({line for report in reports for line in _lost_points(report)}):
                print(f"  lost: {line}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}; reports in {work}")


if __name__ == "__main__":
    main()
