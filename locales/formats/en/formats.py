"""An officer who reads the admin in English still works with Vietnamese dates and numbers."""

from locales.formats.vi.formats import *  # noqa: F403
