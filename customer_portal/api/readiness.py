"""GET /api/ready: whether this worker can serve customers now. The database answers, its schema is the one this
release expects, Redis answers (when configured), and this worker's background jobs are running. 200 with each
check "ok", or 503 naming what is not. /api/health stays a plain liveness answer: a database outage should take
the app out of a load balancer's rotation, not make a supervisor restart it."""

from __future__ import annotations

import time

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from customer_portal import db, jobs, schema, startup
from customer_portal.settings import settings

OK = "ok"


def _database_and_schema() -> tuple[str, str]:
    try:
        with db.get_engine().connect() as connection:
            current = schema.current_revision(connection)
    except SQLAlchemyError:
        return "unreachable", "unknown"
    if current == schema.head_revision():
        return OK, OK
    shown = current or "none"
    return OK, f"at {shown}, this release needs {schema.head_revision()}: run python -m customer_portal.cli migrate"


def _redis() -> str:
    if not settings.redis_url:
        return "not configured"
    return "unreachable" if startup.redis_problem() else OK


def _jobs(now: float) -> str:
    late = [name for name, age in jobs.heartbeat_ages(now).items() if age is None or age > jobs.STALLED_AFTER[name]]
    return f"not running: {', '.join(late)}" if late else OK


def checks(now: float | None = None) -> dict[str, str]:
    database, schema = _database_and_schema()
    return {"database": database, "migrations": schema, "redis": _redis(), "jobs": _jobs(now or time.monotonic())}


async def ready(_request: Request) -> JSONResponse:
    found = await run_in_threadpool(checks)
    healthy = all(value in (OK, "not configured") for value in found.values())
    return JSONResponse(
        {"status": "ready" if healthy else "not ready", "checks": found}, status_code=200 if healthy else 503
    )
