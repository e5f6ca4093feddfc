"""The latency floor: a bare Reflex app with one counter, built and served exactly like the portal."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

port = int(os.environ.get("PORT", "3100"))
public_url = os.environ.get("PUBLIC_URL", f"http://localhost:{port}")

config = rx.Config(
    app_name="bare_counter",
    frontend_port=port,
    backend_port=port,
    api_url=public_url,
    deploy_url=public_url,
    cors_allowed_origins=[public_url],
    redis_url=os.environ.get("REDIS_URL") or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[SitemapPlugin],
)
