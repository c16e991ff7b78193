"""Fixtures shared with the dashboard's tests (headless Chromium)."""

from tests.dashboard.conftest import browser_factory  # noqa: F401  (re-exported fixture)
