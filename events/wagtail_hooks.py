"""Admin for sessions: each part registers its own hooks and views."""

from events import admin_follow_ups, admin_imports, admin_review  # noqa: F401
