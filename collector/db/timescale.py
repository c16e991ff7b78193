"""The only module issuing TimescaleDB-specific calls: policies, maintenance, figures.

Policies follow the configuration (`retention.*`, `database.compress_after_days`):
`apply_policies` is called by `kunang db upgrade` and at collector start and
changes only what differs, so calling it again is a no-op. TimescaleDB runs the
policies as background jobs; where those fail (TimescaleDB 2.28 on PostgreSQL
15.20 fails every background job with "cannot drop portal", see docs/deploy.md)
or do not run at all (no background workers), `run_stalled_jobs` runs them from
a session (`CALL run_job`), which works there, and records the outcome in
`kunang_tsdb_job_run` so `kunang db info` can say so.

CI cannot install TimescaleDB (it is not in the package registries the project
can reach); the TimescaleDB-only tests skip there with that reason and are run
by hand against a server built from TimescaleDB's public source.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

from collector.db.migrate import storage_mode
from collector.db.queries import query

log = logging.getLogger(__name__)

RAW_TABLES = ("ap_sample", "ap_ssid_sample", "ap_radio_sample", "if_sample")
DEVICE_HYPERTABLES = ("portal_event",)
CONTINUOUS_AGGREGATES = ("ap_hourly", "ssid_hourly")
# portal_event stays uncompressed: late log imports insert into old days, and its unique
# dedup index would make every such insert decompress the batches it could collide with
COMPRESSED = RAW_TABLES
POLICY_LOCK = 0x6B756E74  # "kunt": one process (re)sets policies at a time

# the continuous aggregates' refresh policy: the collector refreshes the last two
# hours itself after each poll round; the policy catches late rows (a collector
# that was cut off and sends its backlog) within this window
REFRESH_START = dt.timedelta(days=3)
REFRESH_END = dt.timedelta(hours=1)
REFRESH_EVERY = dt.timedelta(minutes=30)
# a job whose next start lies this far in the past is not being run by TimescaleDB
OVERDUE = dt.timedelta(hours=1)
REFRESH_TRIES, REFRESH_RETRY_S = 20, 0.5


def is_timescale(conn) -> bool:
    return storage_mode(conn) == "timescaledb"


@dataclass(frozen=True)
class Policy:
    proc: str  # policy_retention | policy_compression | policy_refresh_continuous_aggregate
    relation: str  # hypertable or continuous aggregate (view) name
    settings: tuple[tuple[str, dt.timedelta], ...]  # the job config's intervals

    def describe(self) -> str:
        return f"{self.proc} on {self.relation} ({', '.join(f'{k} {_interval(v)}' for k, v in self.settings)})"


def _interval(v: dt.timedelta) -> str:
    if v.seconds == 0:
        return f"{v.days} day{'s' if v.days != 1 else ''}"
    hours = v.days * 24 + v.seconds // 3600
    return f"{hours} hour{'s' if hours != 1 else ''}" if v.seconds % 3600 == 0 else str(v)


def desired_policies(retention, compress_after_days: int | None) -> list[Policy]:
    """The policies the configuration asks for (a RetentionSection or anything with its fields).

    `compress_after_days` None leaves the compression policies out (as they are).
    """
    raw = dt.timedelta(days=retention.raw_samples_days)
    device = dt.timedelta(days=retention.device_days)
    out = [Policy("policy_retention", t, (("drop_after", raw),)) for t in RAW_TABLES]
    out += [Policy("policy_retention", t, (("drop_after", device),)) for t in DEVICE_HYPERTABLES]
    out += [Policy("policy_retention", v, (("drop_after", dt.timedelta(days=retention.rollup_days)),))
            for v in CONTINUOUS_AGGREGATES]
    for t in COMPRESSED if compress_after_days is not None else ():
        # compressing a chunk the retention drops the same day is wasted work
        after = min(dt.timedelta(days=compress_after_days), raw)
        out.append(Policy("policy_compression", t, (("compress_after", after),)))
    # a refresh over a range whose raw rows were dropped would empty the rollups there:
    # the refresh window stays inside the raw retention
    start = min(REFRESH_START, raw - dt.timedelta(hours=2))
    for v in CONTINUOUS_AGGREGATES:
        out.append(Policy("policy_refresh_continuous_aggregate", v,
                          (("start_offset", start), ("end_offset", REFRESH_END))))
    return out


def _current(conn) -> dict[tuple[str, str], list[tuple[int, dict]]]:
    cur: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for job_id, proc, relation, config in conn.execute(query("tsdb_policy_jobs")):
        cur.setdefault((proc, relation), []).append((job_id, config or {}))
    return cur


def _same(conn, config: dict, policy: Policy) -> bool:
    for key, want in policy.settings:
        have = config.get(key)
        if have is None or conn.execute(query("tsdb_same_interval"), (have, want)).fetchone()[0] is not True:
            return False
    return True


def _remove(conn, proc: str, relation: str) -> None:
    conn.execute(query(f"tsdb_remove_{proc}"), {"relation": relation})  # sql/tsdb_remove_policy_*.sql


def _add(conn, p: Policy) -> None:
    conn.execute(query(f"tsdb_add_{p.proc}"),  # sql/tsdb_add_policy_*.sql
                 {"relation": p.relation, **dict(p.settings), "schedule_interval": REFRESH_EVERY})


def apply_policies(conn, retention, compress_after_days: int | None) -> list[str]:
    """Make the policy jobs match the configuration; returns what changed (empty: nothing did).

    `conn` must be in autocommit mode. Policies that already match are left alone,
    so their job ids and run history survive restarts.
    """
    changed = []
    conn.execute(query("advisory_lock"), (POLICY_LOCK,))
    try:
        current = _current(conn)
        for p in desired_policies(retention, compress_after_days):
            jobs = current.get((p.proc, p.relation), [])
            if len(jobs) == 1 and _same(conn, jobs[0][1], p):
                continue
            with conn.transaction():
                _remove(conn, p.proc, p.relation)
                _add(conn, p)
            changed.append(p.describe())
    finally:
        conn.execute(query("advisory_unlock"), (POLICY_LOCK,))
    if changed:
        log.info("timescaledb policies set: %s", "; ".join(changed))
    return changed


def follow_config(dsn: str, cfg) -> list[str]:
    """`apply_policies` for a whole configuration, if this database is in TimescaleDB mode."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not is_timescale(conn):
            return []
        return apply_policies(conn, cfg.retention, cfg.database.compress_after_days)


def stalled_jobs(conn, overdue: dt.timedelta = OVERDUE) -> list[dict]:
    """Kunang's policy jobs whose last background run failed or whose start is `overdue`."""
    return [{"job_id": r[0], "proc": r[1], "relation": r[2], "status": r[3]}
            for r in conn.execute(query("tsdb_stalled_jobs"), {"overdue": overdue})]


def run_stalled_jobs(conn, procs: tuple[str, ...] | None = None, overdue: dt.timedelta = OVERDUE) -> list[dict]:
    """Run the stalled policy jobs from this session (`CALL run_job`); returns [{job_id, relation, ok, error}].

    `conn` must be in autocommit mode (the jobs commit as they go). Each outcome is
    kept in `kunang_tsdb_job_run` (the last per job) for `kunang db info`.
    """
    out = []
    jobs = [j for j in stalled_jobs(conn, overdue) if not procs or j["proc"] in procs]
    if not jobs:
        return out
    # a compression backlog may take longer than a query is allowed to (database.statement_timeout_s)
    timeout = conn.execute(query("statement_timeout")).fetchone()[0]
    conn.execute(query("set_statement_timeout"), ("0",))
    try:
        for job in jobs:
            error = None
            try:
                conn.execute(query("tsdb_run_job"), (job["job_id"],))
            except psycopg.Error as exc:
                error = (exc.diag.message_primary or str(exc)).strip()
                log.warning("timescaledb job %d (%s on %s) failed when run by Kunang: %s",
                            job["job_id"], job["proc"], job["relation"], error)
            conn.execute(query("tsdb_record_job_run"),
                         (job["job_id"], job["proc"], job["relation"], job["status"], error is None, error))
            out.append({**job, "ok": error is None, "error": error})
    finally:
        conn.execute(query("set_statement_timeout"), (timeout,))
    if out:
        ok = sum(1 for j in out if j["ok"])
        log.info("timescaledb: ran %d stalled background job(s) from the collector, %d succeeded", len(out), ok)
    return out


def drop_old_chunks(conn, before: dict[str, dt.datetime]) -> dict[str, int]:
    """Drop whole chunks older than each relation's cutoff now; returns rows removed per relation.

    The retention policies do the same in the background, but the daily purge does
    not rely on them (they fail on PostgreSQL 15.20, see the module docstring) and
    reports what it removed as plain mode does. Only chunks wholly older than the
    cutoff go, so a few rows past it may stay until the next day.
    """
    removed = {}
    for rel, cutoff in before.items():
        count = sql.SQL(query("tsdb_count_older")).format(
            relation=sql.Identifier(rel), time_column=sql.Identifier("bucket" if rel in CONTINUOUS_AGGREGATES else "time"))
        n0 = conn.execute(count, (cutoff,)).fetchone()[0]
        if n0:
            conn.execute(query("tsdb_drop_chunks"), (rel, cutoff))
            n0 -= conn.execute(count, (cutoff,)).fetchone()[0]
        removed[rel] = n0
    return removed


def refresh_continuous_aggregates(conn, start: dt.datetime, end: dt.datetime) -> None:
    """CALL refresh_continuous_aggregate on an autocommit connection (a refresh cannot run in a transaction).

    A continuous aggregate refreshes only buckets lying wholly inside the window,
    so the window is widened to whole hours (as the plain refresher does).
    Kunang's own refreshes wait for each other (the advisory lock plain mode's
    kunang_refresh_rollups takes); one that meets the policy job's refresh, which
    TimescaleDB refuses ("due to a concurrent refresh"), is retried for a while.
    """
    hour = 3600
    lo = dt.datetime.fromtimestamp(start.timestamp() // hour * hour, dt.timezone.utc)
    hi = dt.datetime.fromtimestamp(end.timestamp() // hour * hour + hour, dt.timezone.utc)
    conn.execute(query("refresh_rollups_lock"))
    try:
        for v in CONTINUOUS_AGGREGATES:
            for attempt in range(REFRESH_TRIES):
                try:
                    conn.execute(query("tsdb_refresh_continuous_aggregate"), (v, lo, hi))
                    break
                except psycopg.errors.LockNotAvailable:
                    if attempt == REFRESH_TRIES - 1:
                        raise
                    time.sleep(REFRESH_RETRY_S)
    finally:
        conn.execute(query("refresh_rollups_unlock"))


def compression_stats(conn) -> list[dict]:
    """Per hypertable: chunks, compressed chunks, bytes before/after compression and the ratio."""
    out = []
    for t, chunks, compressed, before, after in conn.execute(query("tsdb_compression")):
        out.append({"table": t, "chunks": chunks, "compressed_chunks": compressed, "before_bytes": before,
                    "after_bytes": after, "ratio": (before / after) if before and after else None})
    return out
