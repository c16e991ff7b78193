"""Storage modes side by side: plain PostgreSQL and TimescaleDB on the same server, in one run.

    .venv/bin/python -m bench.storage --dsn SERVER_DSN [--raw-days 30] [--reps 20] [--json]

The server must have TimescaleDB loaded (shared_preload_libraries). Two
databases are (re)created there: `kunang_bench_plain` (migrated with
`database.timescaledb: off`) and `kunang_bench_tsdb` (TimescaleDB mode, the
policies of the default configuration). Each gets the same synthetic year of
bench/synth.py (50 sites x 5 APs, seed 1) with the raw samples of the last
--raw-days days (ap_sample, ap_ssid_sample, ap_radio_sample, if_sample: one row
per poll, SSID, radio and interface, as the collector stores them). Then:

- insert rate: rows per second of the raw samples' COPY (the storage's ingest);
- TimescaleDB: the compression policy jobs are run (CALL run_job, what the
  background scheduler does) and timed; compression ratio per raw table from
  hypertable_compression_stats (compressed chunks, before -> after);
- disk: every raw table's size, bytes per AP-day of raw samples, and from that
  the raw samples of one AP-year; the whole database per AP at the year's end;
- queries: every dashboard query-layer call of bench/analytics.py plus the AP
  board and the "now" figures, on connections like the dashboard's (never
  prepared), each timed --reps times alternating between the two databases
  after warm-up calls: p50 / p95 per mode and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dashboard.analytics as A  # noqa: E402
from bench.analytics import queries  # noqa: E402
from bench.synth import RAW_COLS, generate  # noqa: E402
from collector.db import migrate, timescale  # noqa: E402

MODES = {"plain": "off", "tsdb": "auto"}


def _db(server: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(server)
    with psycopg.connect(server, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build(server: str, mode: str, raw_days: int, defaults, sites: int = 50, days: int = 365) -> dict:
    dsn = _db(server, f"kunang_bench_{mode}")
    migrate.upgrade(dsn, timescaledb=MODES[mode])
    with psycopg.connect(dsn, autocommit=True) as conn:
        got = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
        if (got == "timescaledb") != (mode == "tsdb"):
            raise SystemExit(f"{mode}: the database is in {got} mode (is TimescaleDB loaded on this server?)")
        if mode == "tsdb":
            timescale.apply_policies(conn, defaults.retention, defaults.database.compress_after_days)
    _log(f"{mode}: generating the synthetic year with {raw_days} days of raw samples")
    l0 = os.getloadavg()[0]
    stats = generate(dsn, sites=sites, aps_per_site=5, days=days, seed=1, raw_days=raw_days,
                     progress=lambda m: _log(f"{mode}: {m}") if m.endswith("0/50") or "refreshed" in m else None)
    out = {"dsn": dsn, "generation": stats, "load": f"{l0:.1f} .. {os.getloadavg()[0]:.1f}"}
    with psycopg.connect(dsn, autocommit=True) as conn:
        if mode == "tsdb":
            jobs = [r[0] for r in conn.execute(
                "SELECT job_id FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"
                " AND hypertable_schema = 'public'")]
            t = time.perf_counter()
            for j in jobs:
                conn.execute("CALL run_job(%s)", (j,))
            out["compress_s"] = time.perf_counter() - t
            out["compression"] = timescale.compression_stats(conn)
        conn.execute("VACUUM ANALYZE")
        sizes = {}
        for t in list(RAW_COLS) + ["ap_hourly", "ssid_hourly", "client_session", "portal_session"]:
            if mode == "tsdb" and t in timescale.CONTINUOUS_AGGREGATES:
                b = conn.execute("SELECT hypertable_size(format('%%I.%%I', materialization_hypertable_schema,"
                                 " materialization_hypertable_name)::regclass)"
                                 " FROM timescaledb_information.continuous_aggregates WHERE view_name = %s",
                                 (t,)).fetchone()[0]
            elif mode == "tsdb" and t in timescale.RAW_TABLES:
                b = conn.execute("SELECT hypertable_size(%s::regclass)", (t,)).fetchone()[0]
            else:
                b = conn.execute("SELECT pg_total_relation_size(%s::regclass)", (t,)).fetchone()[0]
            sizes[t] = {"bytes": b, "rows": stats["rows"].get(t)}
        out["sizes"] = sizes
        out["database_bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return out


def timings(dsns: dict[str, str], raw_days: int, reps: int) -> dict:
    conns = {m: psycopg.connect(d, autocommit=True, prepare_threshold=None) for m, d in dsns.items()}
    try:
        calls = {}
        for m, conn in conns.items():
            site_q, district_q, ctx = queries(conn, raw_days)
            board = (ROOT / "dashboard" / "sql" / "ap_board.sql").read_text()
            extra = {
                "occupancy_now (district)": lambda c=conn: A.occupancy_now(c),
                "aps_now (site)": lambda c=conn, s=ctx["site_id"]: A.aps_now(c, s),
                "ap_board (all APs)": lambda c=conn: c.execute(board, {"site_id": None}).fetchall(),
            }
            calls[m] = site_q | district_q | extra
        names = list(calls["plain"])
        res = {}
        for name in names:
            samples = {m: [] for m in conns}
            for _ in range(2):
                for m in conns:
                    calls[m][name]()
            for _ in range(reps):
                for m in conns:
                    t = time.perf_counter()
                    calls[m][name]()
                    samples[m].append((time.perf_counter() - t) * 1000)
            res[name] = {m: {"p50": statistics.median(v), "p95": sorted(v)[max(0, round(0.95 * len(v)) - 1)]}
                         for m, v in samples.items()}
        return res
    finally:
        for c in conns.values():
            c.close()


def _mb(b) -> str:
    return f"{b / 1e6:,.1f}" if b is not None else "-"


def render(out: dict) -> str:
    p, t = out["plain"], out["tsdb"]
    rd = out["raw_days"]
    lines = [f"Load average (1 min) {out['load']}; server PostgreSQL {out['server']}, TimescaleDB {out['tsdb_version']}.",
             "", "| | plain PostgreSQL | TimescaleDB |", "|---|---:|---:|"]
    for k in ("raw_rows_per_s",):
        lines.append(f"| raw samples COPY, rows/s | {p['generation'][k]:,} | {t['generation'][k]:,} |")
    lines.append(f"| generation (data + COPY), s | {p['generation']['seconds']['generate_copy']} | "
                 f"{t['generation']['seconds']['generate_copy']} |")
    lines.append(f"| rollups of the raw days (Kunang's refresh), s | {p['generation']['seconds']['rollup_refresh']} | "
                 f"{t['generation']['seconds']['rollup_refresh']} |")
    lines.append(f"| compression jobs (run_job), s | - | {t['compress_s']:.1f} |")
    lines.append(f"| load average during the generation | {p['load']} | {t['load']} |")
    for name in list(RAW_COLS) + ["ap_hourly", "ssid_hourly", "client_session", "portal_session"]:
        rows = p["sizes"][name]["rows"]
        lines.append(f"| {name} ({rows:,} rows), MB | {_mb(p['sizes'][name]['bytes'])} | {_mb(t['sizes'][name]['bytes'])} |")
    raw_p = sum(p["sizes"][n]["bytes"] for n in RAW_COLS)
    raw_t = sum(t["sizes"][n]["bytes"] for n in RAW_COLS)
    lines.append(f"| raw samples, all four tables ({rd} days), MB | {_mb(raw_p)} | {_mb(raw_t)} |")
    lines.append(f"| whole database, MB | {_mb(p['database_bytes'])} | {_mb(t['database_bytes'])} |")
    comp = {c["table"]: c for c in t["compression"]}
    before = sum(comp[n]["before_bytes"] or 0 for n in RAW_COLS)
    after = sum(comp[n]["after_bytes"] or 0 for n in RAW_COLS)
    lines += ["", "| raw table | compressed chunks | before MB | after MB | ratio |", "|---|---:|---:|---:|---:|"]
    for n in RAW_COLS:
        c = comp[n]
        lines.append(f"| {n} | {c['compressed_chunks']}/{c['chunks']} | {_mb(c['before_bytes'])} | "
                     f"{_mb(c['after_bytes'])} | {c['ratio']:.1f}x |" if c["ratio"] else f"| {n} | 0 | - | - | - |")
    ratio = before / after if after else float("nan")
    lines.append(f"| **all raw samples** | | {_mb(before)} | {_mb(after)} | **{ratio:.1f}x** |")
    # per AP-year: plain = every raw day at its size; TimescaleDB = compressed rows' size
    aps = p["generation"]["aps"]
    ap_days = aps * rd
    plain_year = raw_p / ap_days * 365
    # the compressed chunks' bytes per byte they held uncompressed, applied to the plain figure
    tsdb_year = plain_year * after / before if before else float("nan")
    lines += ["", f"Raw samples per AP-year (all four tables): plain {plain_year / 1e6:,.0f} MB, "
                  f"TimescaleDB compressed {tsdb_year / 1e6:,.1f} MB.", "",
              "| query | plain p50 | plain p95 | TimescaleDB p50 | TimescaleDB p95 | p95 ratio |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, r in out["queries"].items():
        lines.append(f"| {name} | {r['plain']['p50']:.1f} | {r['plain']['p95']:.1f} | {r['tsdb']['p50']:.1f} | "
                     f"{r['tsdb']['p95']:.1f} | {r['tsdb']['p95'] / r['plain']['p95']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", help="server DSN (TimescaleDB loaded); two databases are created there")
    ap.add_argument("--raw-days", type=int, default=10)
    ap.add_argument("--sites", type=int, default=50, help="(5 APs each)")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--reuse", action="store_true", help="keep the databases of the last run (queries only)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.dsn:  # `make bench` runs every script bare
        print("bench/storage.py: skipped, needs --dsn of a PostgreSQL server with TimescaleDB loaded "
              "(TimescaleDB is not installable from this project's package registries)")
        return 0
    from collector.config.model import Config

    defaults = Config()
    cache = ROOT / ".bench" / "storage.json"
    if args.reuse and cache.exists():
        out = json.loads(cache.read_text())
    else:
        out = {"raw_days": args.raw_days}
        for mode in MODES:
            out[mode] = build(args.dsn, mode, args.raw_days, defaults, args.sites, args.days)
        cache.parent.mkdir(exist_ok=True)
        cache.write_text(json.dumps(out, default=str))
    with psycopg.connect(args.dsn) as c:
        out["server"] = c.execute("SHOW server_version").fetchone()[0]
        out["tsdb_version"] = c.execute(
            "SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'").fetchone()[0]
    _log("timing the queries")
    l0 = os.getloadavg()[0]
    out["queries"] = timings({m: out[m]["dsn"] for m in MODES}, out["raw_days"], args.reps)
    out["load"] = f"{l0:.1f} before the queries, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)"
    print(json.dumps(out, indent=2, default=str) if args.json else render(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
