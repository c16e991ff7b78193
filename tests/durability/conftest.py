from __future__ import annotations

import pytest

from tests.durability.owned_pg import OwnedPostgres


@pytest.fixture(scope="session")
def owned_pg():
    """A PostgreSQL server of the test session's own (stopped and started by the tests; never
    the suite's shared server)."""
    pg = OwnedPostgres()
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture
def owned_db(owned_pg):
    """`owned_pg`, running, with its tables emptied."""
    import psycopg

    from tests.conftest import truncate_all

    if not owned_pg.running():
        owned_pg.start()
    with psycopg.connect(owned_pg.dsn, autocommit=True) as conn:
        truncate_all(conn)
    return owned_pg
