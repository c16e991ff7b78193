"""Fixtures of the simulator tests (and the headless Chromium fixture shared with the dashboard's)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.dashboard.conftest import browser_factory  # noqa: F401  (re-exported fixture)


@pytest.fixture
def world_dir():
    """A working directory outside pytest's tmp root for tests whose child processes start the embedded
    PostgreSQL: its server runs as another user and must traverse the path, while every pytest session
    starting on the machine resets /tmp/pytest-of-root to mode 700."""
    d = Path(tempfile.mkdtemp(prefix="kunang-sim-test-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)
