"""Versioned, forward-only SQL migrations, and the SQL functions.

Tables, indexes and views: `migrations/NNNN_name.sql`, each applied once, in
number order. 0001_baseline and 0002_rollups are the schema of 0.1.0 (the
development history squashed); later changes are new files numbered 0100 and
up. Functions (and the aggregates built on them): `functions/*.sql`, every
file re-applied by every upgrade, before the pending migrations, with
`CREATE OR REPLACE` and check_function_bodies off (so they may name tables a
pending migration creates). A function lives in exactly one of those files and
is changed there, never in a migration; one whose signature changes drops the
old signature in its own file.

Where a `.timescaledb.sql` variant of a file exists it is used instead when
the database uses TimescaleDB. The storage mode (timescaledb or plain) is
chosen once, at the first upgrade, and recorded in `kunang_meta`. Applying is
idempotent and safe when several processes start together: a session advisory
lock serialises them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

from collector.db.queries import query

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
FUNCTIONS = Path(__file__).with_name("functions")
LOCK_ID = 0x6B756E61  # "kuna"
FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+?)(\.timescaledb)?\.sql$")
FUNCTION_FILE_RE = re.compile(r"^([a-z0-9_]+?)(\.timescaledb)?\.sql$")
# the development migrations squashed into 0001_baseline + 0002_rollups
SQUASHED = frozenset({1, 2, 3, 20, 30, 31, 32, 33, 34, 35, 36, 40, 50})


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]


def available(mode: str) -> list[Migration]:
    plain: dict[int, Path] = {}
    tsdb: dict[int, Path] = {}
    names: dict[int, str] = {}
    for p in sorted(MIGRATIONS.glob("*.sql")):
        m = FILE_RE.match(p.name)
        if not m:
            raise RuntimeError(f"badly named migration file {p.name}")
        v = int(m.group(1))
        names[v] = m.group(2)
        (tsdb if m.group(3) else plain)[v] = p
    out = []
    for v in sorted(names):
        path = tsdb.get(v) if mode == "timescaledb" and v in tsdb else plain.get(v)
        if path is not None:
            out.append(Migration(v, names[v], path))
    return out


def function_files(mode: str) -> list[Path]:
    """The function files for a storage mode, in name order (a `.timescaledb.sql` variant replaces its plain file)."""
    chosen: dict[str, Path] = {}
    for p in sorted(FUNCTIONS.glob("*.sql")):
        m = FUNCTION_FILE_RE.match(p.name)
        if not m:
            raise RuntimeError(f"badly named function file {p.name}")
        if m.group(2):
            if mode == "timescaledb":
                chosen[m.group(1)] = p
        else:
            chosen.setdefault(m.group(1), p)
    return [chosen[k] for k in sorted(chosen)]


def apply_functions(conn: psycopg.Connection, mode: str) -> None:
    """(Re)create every SQL function, in one transaction."""
    with conn.transaction():
        conn.execute(query("migrate_defer_function_checks"))
        for p in function_files(mode):
            conn.execute(p.read_text())


def _squashed_history(conn: psycopg.Connection, done: set[int]) -> set[int]:
    """A database made by the development migrations 0001-0050 has the baseline's schema: its rows
    become the baseline's. A partial history (a development build older than 0050) is refused."""
    old = done & (SQUASHED - {1, 2})
    if not old:
        return done
    if not SQUASHED <= done:
        raise RuntimeError(
            "this database was made by a development build of Kunang older than 0.1.0 "
            f"(migrations {sorted(done & SQUASHED)}): drop it and run `kunang db upgrade` on an empty one")
    with conn.transaction():
        conn.execute(query("migrate_forget_versions"), (sorted(old),))
        for mig in available(storage_mode(conn) or "plain"):
            if mig.version in (1, 2):
                conn.execute(query("migrate_rename_version"),
                             (mig.name, mig.checksum, mig.version))
    return done - old


def timescaledb_available(conn: psycopg.Connection) -> bool:
    return bool(conn.execute(query("timescaledb_available")).fetchone()[0])


def storage_mode(conn: psycopg.Connection) -> str | None:
    """'timescaledb' or 'plain', as chosen at the first upgrade; None before it. The one reading of it."""
    if not conn.execute(query("meta_exists")).fetchone()[0]:
        return None
    row = conn.execute(query("storage_mode")).fetchone()
    return row[0] if row else None


def upgrade(dsn: str, *, timescaledb: str = "auto") -> list[str]:
    """Apply pending migrations; returns the names applied (empty if up to date)."""
    applied_now: list[str] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(query("advisory_lock"), (LOCK_ID,))
        try:
            conn.execute(query("migrate_bookkeeping"))
            mode = storage_mode(conn)
            if mode is None:
                mode = "timescaledb" if timescaledb == "auto" and timescaledb_available(conn) else "plain"
            done = _squashed_history(conn, {v for (v,) in conn.execute(query("migrate_applied"))})
            apply_functions(conn, mode)
            for mig in available(mode):
                if mig.version in done:
                    continue
                log.info("applying migration %04d_%s (%s)", mig.version, mig.name, mode)
                with conn.transaction():
                    conn.execute(mig.path.read_text())
                    conn.execute(query("migrate_record"), (mig.version, mig.name, mig.checksum))
                    if mig.version == 1:
                        conn.execute(query("migrate_storage_mode"), (mode,))
                applied_now.append(f"{mig.version:04d}_{mig.name}")
        finally:
            conn.execute(query("advisory_unlock"), (LOCK_ID,))
    return applied_now
