"""Versioned, forward-only SQL migrations.

Files are `migrations/NNNN_name.sql`. Where a `NNNN_name.timescaledb.sql`
variant exists it is applied instead when the database uses TimescaleDB. The
storage mode (timescaledb or plain) is chosen once, at the first upgrade, and
recorded in `kunang_meta`. Applying is idempotent and safe when several
processes start together: a session advisory lock serialises them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_ID = 0x6B756E61  # "kuna"
FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+?)(\.timescaledb)?\.sql$")


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


def timescaledb_available(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'"
    ).fetchone()
    if not row:
        return False
    loaded = conn.execute("SHOW shared_preload_libraries").fetchone()[0]
    return "timescaledb" in loaded


def storage_mode(conn: psycopg.Connection) -> str | None:
    if not conn.execute("SELECT to_regclass('kunang_meta')").fetchone()[0]:
        return None
    row = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()
    return row[0] if row else None


def upgrade(dsn: str, *, timescaledb: str = "auto") -> list[str]:
    """Apply pending migrations; returns the names applied (empty if up to date)."""
    applied_now: list[str] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_ID,))
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            mode = storage_mode(conn)
            if mode is None:
                mode = "timescaledb" if timescaledb == "auto" and timescaledb_available(conn) else "plain"
            done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
            for mig in available(mode):
                if mig.version in done:
                    continue
                log.info("applying migration %04d_%s (%s)", mig.version, mig.name, mode)
                with conn.transaction():
                    conn.execute(mig.path.read_text())
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                        (mig.version, mig.name, mig.checksum),
                    )
                    if mig.version == 1:
                        conn.execute(
                            "INSERT INTO kunang_meta (key, value) VALUES ('storage_mode', %s)"
                            " ON CONFLICT (key) DO NOTHING",
                            (mode,),
                        )
                applied_now.append(f"{mig.version:04d}_{mig.name}")
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_ID,))
    return applied_now
