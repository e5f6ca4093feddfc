"""Test-wide environment. Settings are read at import, so this runs before the app is imported."""

import os
import secrets
import tempfile

os.environ["APP_ENV"] = "test"
os.environ["SECRET_KEY"] = secrets.token_urlsafe(48)
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="portal-tests-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
