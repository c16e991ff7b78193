"""What `kunang db info` reports: mode, versions, sizes, row counts, failing jobs."""

from __future__ import annotations

import psycopg

from collector.db.connect import Database, describe
from collector.db.queries import query

COUNTED = ("site", "ap", "ap_sample", "client_session", "portal_event", "portal_session", "log_quarantine")


def collect(db: Database) -> dict:
    with psycopg.connect(db.dsn) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
        mode = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
        tsdb = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'").fetchone()
        if mode != "timescaledb":
            tsdb = None  # the extension may exist on the server, but Kunang's tables are plain
        version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        tables = {r[0]: {"bytes": r[1]} for r in conn.execute(query("db_info"))}
        if tsdb:
            for name, size in conn.execute(query("hypertable_sizes")):
                tables.setdefault(name, {})["bytes"] = size or 0
        for name in COUNTED:
            if name in tables:
                # exact counts for the tables people ask about (small or indexed enough)
                tables[name]["rows"] = conn.execute(
                    psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(name))
                ).fetchone()[0]
        jobs = []
        if tsdb:
            jobs = [
                {"job_id": r[0], "proc": r[1], "hypertable": r[2], "last_run_status": r[3], "total_failures": r[4]}
                for r in conn.execute(
                    "SELECT j.job_id, j.proc_name, j.hypertable_name, s.last_run_status, s.total_failures"
                    " FROM timescaledb_information.jobs j"
                    " LEFT JOIN timescaledb_information.job_stats s USING (job_id) ORDER BY j.job_id"
                )
            ]
    return {
        "mode": db.mode,
        "location": str(db.data_dir) if db.data_dir else describe(db.dsn),
        "server_version": server,
        "storage": mode,
        "timescaledb_version": tsdb[0] if tsdb else None,
        "schema_version": version,
        "database_bytes": size,
        "tables": tables,
        "timescaledb_jobs": jobs,
    }


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def render(d: dict) -> str:
    storage = f"TimescaleDB {d['timescaledb_version']}" if d["timescaledb_version"] else "plain PostgreSQL"
    lines = [
        f"database:  {d['mode']} ({d['location']})",
        f"server:    PostgreSQL {d['server_version']}",
        f"storage:   {storage}",
        f"schema:    version {d['schema_version']}",
        f"size:      {_size(d['database_bytes'])}",
        "tables:",
    ]
    for name, t in sorted(d["tables"].items()):
        rows = f"{t['rows']:>12,} rows" if "rows" in t else " " * 17
        lines.append(f"  {name:<20} {rows}  {_size(t['bytes']):>10}")
    failing = [j for j in d["timescaledb_jobs"] if j.get("last_run_status") == "Failed"]
    if d["timescaledb_jobs"]:
        lines.append(f"timescaledb jobs: {len(d['timescaledb_jobs'])}, failing: {len(failing)}")
        for j in failing:
            lines.append(f"  job {j['job_id']} {j['proc']} on {j['hypertable']}: failed {j['total_failures']} time(s)")
    return "\n".join(lines)
