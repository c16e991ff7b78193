"""A seeded district (tests/reports/seed.py), once for the reports tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest

from tests.conftest import truncate_all
from tests.reports.seed import seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
SITE = "Perpustakaan Desa Sukamulia"
ORG = "Dinas Perpustakaan Lombok Timur"
NOW = dt.datetime(2026, 11, 1, 0, 30, tzinfo=dt.timezone.utc)  # the 1st, 08:30 in Lombok


@pytest.fixture(scope="package")
def seeded(pg_dsn):
    """(dsn, ids) of the test database holding the seeded district."""
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        truncate_all(conn)
        ids = seed(conn)
    return pg_dsn, ids


@pytest.fixture
def conn(seeded):
    with psycopg.connect(seeded[0], autocommit=True) as c:
        c.execute("DELETE FROM report_file")
        yield c


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
