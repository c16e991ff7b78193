"""Shared helpers for the portal tests (fixtures directory, a fixed parse context)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from collector.portal.context import ParseContext

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "portal"
WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=WITA)


@pytest.fixture
def ctx() -> ParseContext:
    return ParseContext(tz=WITA, now=NOW, site="desa-sembalun")


def numbered(text: str):
    return enumerate(text.split("\n"), 1)
