"""Formats as in Vietnamese: see locales/formats/vi/formats.py."""

from locales.formats.vi.formats import *  # noqa: F403
