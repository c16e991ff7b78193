"""The test harness's own rules (tests/conftest.py): how a test database is emptied between tests."""

from __future__ import annotations

from tests.conftest import truncate_all


def test_truncate_all_empties_filled_tables_and_restarts_identities(db):
    migrations = db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert migrations > 0
    site = db.execute("INSERT INTO site (name) VALUES ('Perpustakaan Desa Sukamulia') RETURNING id").fetchone()[0]
    db.execute("INSERT INTO ap (site_id, name) VALUES (%s, 'ap-1'), (%s, 'ap-2')", (site, site))
    # a table emptied by the test itself still had its identity advanced
    db.execute("INSERT INTO site (name) VALUES ('deleted again')")
    db.execute("DELETE FROM site WHERE name = 'deleted again'")

    truncate_all(db)

    assert db.execute("SELECT count(*) FROM ap").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM site").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == migrations  # kept
    # identities start again at 1, as after TRUNCATE ... RESTART IDENTITY
    assert db.execute("INSERT INTO site (name) VALUES ('again') RETURNING id").fetchone()[0] == 1
    assert db.execute("INSERT INTO ap (site_id, name) VALUES (1, 'ap') RETURNING id").fetchone()[0] == 1


def test_truncate_all_of_an_empty_database_leaves_identities_unused(db):
    truncate_all(db)
    truncate_all(db)
    assert db.execute("SELECT count(*) FROM site").fetchone()[0] == 0
    assert db.execute("INSERT INTO site (name) VALUES ('first') RETURNING id").fetchone()[0] == 1


def test_truncate_all_empties_big_and_small_tables_alike(db):
    """Tables of more than 1,000 rows are truncated, smaller ones deleted (tests/truncate_all.sql): the same end."""
    site = db.execute("INSERT INTO site (name) VALUES ('Perpustakaan Desa Pringgasela') RETURNING id").fetchone()[0]
    db.execute("INSERT INTO ap (site_id, name) SELECT %s, 'ap-' || g FROM generate_series(1, 1001) g", (site,))
    truncate_all(db)
    assert db.execute("SELECT (SELECT count(*) FROM ap), (SELECT count(*) FROM site)").fetchone() == (0, 0)
    assert db.execute("SELECT current_setting('session_replication_role')").fetchone()[0] == "origin"
    assert db.execute("INSERT INTO site (name) VALUES ('again') RETURNING id").fetchone()[0] == 1
    assert db.execute("INSERT INTO ap (site_id, name) VALUES (1, 'ap') RETURNING id").fetchone()[0] == 1
