"""Reflex configuration. Every address comes from the environment through customer_portal.settings."""

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from customer_portal.settings import settings

config = rx.Config(
    app_name="customer_portal",
    # Production mode serves pages, websocket and API routes on this one port.
    frontend_port=settings.port,
    backend_port=settings.port,
    backend_host=settings.listen_address,
    api_url=settings.public_url,
    deploy_url=settings.public_url,
    # Only our own pages may open a websocket to the backend (the default is any origin).
    cors_allowed_origins=[settings.public_url],
    # Several workers share state through Redis; without it Reflex runs one worker.
    redis_url=settings.redis_url or None,
    # Per-browser state (disk or Redis) is dropped after this long idle (state/retention.py bounds the count).
    redis_token_expiration=settings.browser_state_idle_minutes * 60,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Indigo: its solid and soft buttons meet WCAG AA contrast (cyan and blue do not, measured with axe-core).
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[SitemapPlugin],
    # Scripts and styles go out as Brotli (a fifth smaller than gzip: the portal's first load on a phone is mostly
    # them), gzip to a browser without it. Pages are always asked for as gzip: the security headers read each one
    # to hash its inline scripts (api/security_headers.py).
    frontend_compression_formats=["brotli", "gzip"],
)
