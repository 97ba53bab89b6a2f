"""Admin for sessions: each part registers its own hooks and views."""

from events import admin_imports, admin_review  # noqa: F401
