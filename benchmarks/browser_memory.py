"""Does the server give memory back after browsers leave?

    .venv/bin/python benchmarks/browser_memory.py [--browsers 2000] [--at-once 100] [--minutes 5]
        [--database-url …] [--redis-url …]

Starts the production build of the portal (as event_latency.py does), warms it with a few signed-in customers and
reads the resident memory (RSS) of the backend worker and of all the server's processes: the fresh figures. Then
`--browsers` signed-in customers open the portal's invoice list and sort it once, `--at-once` at a time, and leave
(their websockets close). Prints the RSS right after, one minute later and `--minutes` later, each beside the
fresh figure, and the size of `.states/`. It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_latency import (  # the same server, clients and demo data as the latency benchmark
    ROOT,
    Browser,
    _changes,
    _free_port,
    _hydrated,
    _portal_names,
    prepare_customers,
    serving,
)

WARM_UP_BROWSERS = 20


def _server_rss_mb(port: int) -> dict[str, float]:
    """The RSS of each process of the server started by `serving` (its process group), in MB, by command line."""
    group = os.getpgid(_pid_listening_on(port))
    found: dict[str, float] = {}
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if os.getpgid(int(process.name)) != group:
                continue
            fields = dict(line.split(":", 1) for line in (process / "status").read_text().splitlines() if ":" in line)
            command = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ProcessLookupError):
            continue
        found[f"pid {process.name} {command[:40]}"] = int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
    return found


def _listed(now: dict[str, float], fresh: dict[str, float]) -> str:
    """Each process's RSS beside its fresh figure (the one that grows is the backend worker holding the
    browsers' state; the other is the launcher), and all of them together."""
    each = [f"{name}: {mb:.0f} MB ({100 * (mb / fresh.get(name, mb) - 1):+.0f}%)" for name, mb in now.items()]
    total, fresh_total = sum(now.values()), sum(fresh.values())
    return f"{'; '.join(each)}; all {total:.0f} MB ({100 * (total / fresh_total - 1):+.0f}%)"


def _pid_listening_on(port: int) -> int:
    found = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=True)
    return int(found.stdout.split("pid=", 1)[1].split(",", 1)[0])


def _states_mb() -> float:
    states = ROOT / ".states"
    return sum(path.stat().st_size for path in states.rglob("*") if path.is_file()) / 2**20 if states.exists() else 0


async def _visit(url: str, customer, names: dict[str, str]) -> None:
    page = Browser(url, customer.cookie, "/bluewater/invoices", {"portal": "bluewater"})
    await page.connect(_hydrated)
    try:
        invoices = names["invoices"]
        await page.event(f"{invoices}.set_sort", {"column": "total"}, _changes(invoices))
    finally:
        await page.close()


async def _visits(url: str, customers: list, names: dict[str, str], at_once: int) -> int:
    failed = 0
    for start in range(0, len(customers), at_once):
        results = await asyncio.gather(
            *(_visit(url, customer, names) for customer in customers[start : start + at_once]), return_exceptions=True
        )
        failed += sum(1 for result in results if isinstance(result, BaseException))
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browsers", type=int, default=2000)
    parser.add_argument("--at-once", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="browser-memory-"))
    database_url = options.database_url or f"sqlite:///{work / 'portal.db'}"
    portal_env = {"DATA_DIR": str(work), "DATABASE_URL": database_url, "REDIS_URL": options.redis_url}
    prepare = {**os.environ, **portal_env}
    subprocess.run([sys.executable, "-m", "customer_portal.cli", "migrate"], env=prepare, cwd=ROOT, check=True)
    seed = ["seed-demo", "--customers", str(options.browsers + WARM_UP_BROWSERS + 20), "--weeks", "8"]
    subprocess.run(
        [sys.executable, "-m", "customer_portal.cli", *seed],
        env=prepare,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(portal_env)
    customers = prepare_customers(options.browsers + WARM_UP_BROWSERS, database_url)
    names = _portal_names()
    port = _free_port()
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    with serving(ROOT, portal_env, port, work / "portal.log") as url:
        asyncio.run(_visits(url, customers[:WARM_UP_BROWSERS], names, WARM_UP_BROWSERS))
        time.sleep(10)
        fresh = _server_rss_mb(port)
        print(f"fresh (after {WARM_UP_BROWSERS} warm-up browsers): {_listed(fresh, fresh)}")
        started = time.perf_counter()
        failed = asyncio.run(_visits(url, customers[WARM_UP_BROWSERS:], names, options.at_once))
        print(
            f"{options.browsers} browsers came and went in {time.perf_counter() - started:.0f} s"
            f"{f' ({failed} failed)' if failed else ''} (load {os.getloadavg()[0]:.2f})"
        )
        left = time.monotonic()
        for label, after_seconds in (("right after", 0), ("1 minute later", 60), ("later", options.minutes * 60)):
            time.sleep(max(0.0, left + after_seconds - time.monotonic()))
            print(
                f"{label:>15} ({after_seconds / 60:.0f} min): {_listed(_server_rss_mb(port), fresh)};"
                f" .states/ {_states_mb():.1f} MB"
            )


if __name__ == "__main__":
    main()
