"""Benchmark of the analytics query layer on a synthetic year (bench/synth.py).

    .venv/bin/python -m bench.analytics [--dsn SERVER_DSN] [--sites 50 --aps 5 --days 365] [--reps 30] [--reuse]
                                        [--db NAME] [--refresh-only] [--jit-rounds N]

Creates (or reuses, with --reuse) the database `kunang_bench` on the server,
generates the year, then times every query-layer function for one site-month
and for the whole district-month: p50 / p95 over --reps repetitions after two
warm-up calls. Also times the collector's periodic refresh, and prints row
counts and table sizes, and the TimescaleDB compression ratio where available.
Without --dsn an embedded PostgreSQL is started in .bench/pgdata.
--jit-rounds N times the periodic refresh side by side with its anchor: the refresh functions as
shipped (`SET jit = off`) and the same functions with that attribute reset (the server's jit
setting applies, as before the change), alternating N rounds; wall time and, where the server runs
on this machine, the backend's CPU (/proc/PID/stat). --refresh-only skips the query timings.

Size: one benchmark script (generation, query timings, the refresh and its JIT anchor, rendering); the parts
share the database set-up and the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import dashboard.analytics as A  # noqa: E402
from bench.synth import generate  # noqa: E402
from collector.db import migrate  # noqa: E402
from dashboard.periods import add_months, month_last_day  # noqa: E402

DB_NAME = "kunang_bench"
TABLES = ("client_session", "portal_session", "ap_hourly", "ssid_hourly", "site_hourly", "ap_sample", "ap_event",
          "visit", "device_day", "ap_daily", "site_daily", "site_monthly")


def _server(dsn: str | None):
    if dsn:
        return dsn, None
    from collector.db.connect import start_embedded

    db = start_embedded(Path(__file__).resolve().parents[1] / ".bench" / "pgdata")
    return db.dsn, db


def _bench_db(server_dsn: str, reuse: bool, params: dict, name: str = DB_NAME) -> tuple[str, bool]:
    """The benchmark database `name` on that server, (re)generated unless `reuse` finds one made with `params`."""
    info = psycopg.conninfo.conninfo_to_dict(server_dsn)
    info["dbname"] = name
    dsn = psycopg.conninfo.make_conninfo(**info)
    marker = json.dumps(params, sort_keys=True)
    with psycopg.connect(server_dsn, autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists and reuse:
        with psycopg.connect(dsn) as c:
            row = c.execute("SELECT value FROM kunang_meta WHERE key = 'bench.synth'").fetchone()
        if row and row[0] == marker:
            return dsn, False
    with psycopg.connect(server_dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    migrate.upgrade(dsn)
    return dsn, True


def _time(fn, reps: int) -> dict:
    for _ in range(2):
        out = fn()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    n = len(out) if isinstance(out, list) else (len(out.get("sites", [])) if isinstance(out, dict) and "sites" in out
                                                else 1)
    return {"p50_ms": statistics.median(samples), "p95_ms": samples[max(0, int(round(0.95 * len(samples))) - 1)],
            "rows": n}


def run(conn, reps: int, raw_days: int) -> dict:
    site_q, district_q, ctx = queries(conn, raw_days)
    out = {"month": ctx["month"].isoformat(), "site_id": ctx["site_id"], "sites": len(ctx["ids"]),
           "site_month": {k: _time(f, reps) for k, f in site_q.items()},
           "district_month": {k: _time(f, reps) for k, f in district_q.items()}}
    t = time.perf_counter()
    for x in ctx["ids"]:
        A.site_month_summary(conn, x, ctx["month"])
    out["all_site_month_summaries_s"] = time.perf_counter() - t
    return out


def queries(conn, raw_days: int) -> tuple[dict, dict, dict]:
    """The timed calls, {name: callable} for the site-month and for the district, and their context."""
    sites = A.sites(conn)
    last = conn.execute("SELECT max(day) FROM site_daily").fetchone()[0]
    month = add_months(last.replace(day=1), -1) if last != month_last_day(last.replace(day=1)) else last.replace(day=1)
    m_end = month_last_day(month)
    # the busiest site of the month is the heaviest case
    site_id = conn.execute("SELECT site_id FROM site_daily WHERE day BETWEEN %s AND %s GROUP BY site_id"
                           " ORDER BY sum(sessions) DESC LIMIT 1", (month, m_end)).fetchone()[0]
    group = sites[0]["grp"]
    s, e = month, m_end
    site_q = {
        "occupancy(by=hour)": lambda: A.occupancy(conn, site_id, s, e, by="hour"),
        "occupancy(by=day)": lambda: A.occupancy(conn, site_id, s, e, by="day"),
        "occupancy(by=ap)": lambda: A.occupancy(conn, site_id, s, e, by="ap"),
        "occupancy(by=ssid)": lambda: A.occupancy(conn, site_id, s, e, by="ssid"),
        "visitors_daily": lambda: A.visitors_daily(conn, site_id, s, e),
        "unique_visitors": lambda: A.unique_visitors(conn, site_id, s, e),
        "sessions_count(by=day)": lambda: A.sessions_count(conn, site_id, s, e, by="day"),
        "dwell_distribution": lambda: A.dwell_distribution(conn, site_id, s, e),
        "usage_bytes(by=day)": lambda: A.usage_bytes(conn, site_id, s, e, by="day"),
        "usage_bytes(by=ap)": lambda: A.usage_bytes(conn, site_id, s, e, by="ap"),
        "usage_bytes(by=ssid)": lambda: A.usage_bytes(conn, site_id, s, e, by="ssid"),
        "portal_vs_associated": lambda: A.portal_vs_associated(conn, site_id, s, e),
        "busiest_hours": lambda: A.busiest_hours(conn, site_id, s, e),
        "ap_availability": lambda: A.ap_availability(conn, site_id, s, e),
        "outages": lambda: A.outages(conn, site_id, s, e),
        "coverage": lambda: A.coverage(conn, site_id, s, e),
        "site_month_summary": lambda: A.site_month_summary(conn, site_id, month),
    }
    if raw_days:
        ge = last + dt.timedelta(days=1)
        gs = ge - dt.timedelta(days=raw_days)
        site_q[f"coverage_gaps (raw, {raw_days} d)"] = lambda: A.coverage_gaps(conn, site_id, gs, last)
    ids = [x["site_id"] for x in sites]
    district_q = {
        "district_summary": lambda: A.district_summary(conn, group, month),
        "period_figures (all sites, month)": lambda: A.period_figures(conn, ids, s, e, whole_month=True),
        "period_figures (all sites, 10 days)": lambda: A.period_figures(conn, ids, s, s + dt.timedelta(days=9)),
        "visitors_daily (year, 1 site)": lambda: A.visitors_daily(conn, site_id, last - dt.timedelta(days=364), last),
    }
    return site_q, district_q, {"month": month, "site_id": site_id, "ids": ids}


def refresh_timing(conn) -> dict:
    end = conn.execute("SELECT max(bucket) FROM site_hourly").fetchone()[0] + dt.timedelta(hours=1)
    res = {}
    for label, span in (("last 2 hours", dt.timedelta(hours=2)), ("last day", dt.timedelta(days=1))):
        t = time.perf_counter()
        conn.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (end - span, end))
        res[label] = (time.perf_counter() - t) * 1000
    return res


def _backend_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) of the server backend `pid`, if the server runs on this machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def jit_compare(conn, rounds: int) -> dict:
    """The periodic refresh (last 2 hours) and a day's refresh with the functions' `SET jit = off` and with it
    reset, alternating (ABBA order per pair of rounds); the attribute is restored at the end whatever happens."""
    info = conn.execute("SELECT current_setting('jit'), current_setting('jit_above_cost'), pg_jit_available(),"
                        " pg_backend_pid()").fetchone()
    funcs = [r[0] for r in conn.execute(
        "SELECT p.proname::text FROM pg_proc p WHERE p.proname LIKE 'kunang\\_refresh\\_%'"
        " AND 'jit=off' = ANY(p.proconfig) ORDER BY 1")]
    if not funcs:
        return {"error": "no refresh function carries SET jit = off here (a tree before the change)"}
    end = conn.execute("SELECT max(bucket) FROM site_hourly").fetchone()[0] + dt.timedelta(hours=1)
    res = {"server_jit": info[0], "jit_above_cost": info[1], "jit_available": info[2], "functions": funcs,
           "runs": {}}

    def variant(shipped: bool, span: dt.timedelta, out: dict):
        for f in funcs:
            conn.execute(sql.SQL("ALTER FUNCTION {} SET jit = off" if shipped else "ALTER FUNCTION {} RESET jit")
                         .format(sql.Identifier(f)))
        cpu, t = _backend_cpu_s(info[3]), time.perf_counter()
        conn.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (end - span, end))
        wall, cpu2 = (time.perf_counter() - t) * 1000, _backend_cpu_s(info[3])
        key = "shipped (jit = off)" if shipped else "attribute reset (server's jit)"
        out.setdefault(key, []).append({"wall_ms": wall,
                                        "backend_cpu_ms": None if cpu is None else (cpu2 - cpu) * 1000})

    try:
        for label, span in (("last 2 hours", dt.timedelta(hours=2)), ("last day", dt.timedelta(days=1))):
            out = res["runs"][label] = {}
            variant(True, span, {})  # warm-up: caches, plans
            for i in range(rounds):
                for shipped in ((True, False) if i % 2 == 0 else (False, True)):
                    variant(shipped, span, out)
    finally:
        for f in funcs:
            conn.execute(sql.SQL("ALTER FUNCTION {} SET jit = off").format(sql.Identifier(f)))
    return res


def render_jit(cmp: dict) -> str:
    if "error" in cmp:
        return cmp["error"]
    lines = [f"Refresh side by side: server jit = {cmp['server_jit']}, jit_above_cost = "
             f"{cmp['jit_above_cost']}, pg_jit_available() = {cmp['jit_available']}; {len(cmp['functions'])} functions",
             "", "| refresh | variant | calls | wall p50 ms | wall min..max ms | backend CPU p50 ms | CPU sum s |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for label, out in cmp["runs"].items():
        for k, xs in out.items():
            w = [x["wall_ms"] for x in xs]
            c = [x["backend_cpu_ms"] for x in xs if x["backend_cpu_ms"] is not None]
            cs = f"{statistics.median(c):.0f} | {sum(c) / 1000:.2f}" if c else "n/a | n/a"
            lines.append(f"| {label} | {k} | {len(w)} | {statistics.median(w):.0f} | "
                         f"{min(w):.0f}..{max(w):.0f} | {cs} |")
    return "\n".join(lines)


def sizes(conn) -> list[dict]:
    out = []
    for t in TABLES:
        rows = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
        size = conn.execute("SELECT pg_total_relation_size(%s)", (t,)).fetchone()[0]
        out.append({"table": t, "rows": rows, "mb": size / 1e6})
    return out


def compression(conn) -> str:
    mode = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
    if mode != "timescaledb":
        return ("TimescaleDB not available on this server (storage mode: plain PostgreSQL); "
                "compression ratio not measured")
    from collector.db import timescale

    return json.dumps(timescale.compression_stats(conn), default=str)


def render(meta: dict, res: dict | None, ref: dict, tables: list[dict], comp: str) -> str:
    lines = [f"Synthetic data: {meta}"]
    if res is not None:  # None with --refresh-only
        lines += ["", f"Site-month ({res['month']}, site {res['site_id']}, the busiest):", "",
                  "| query | p50 ms | p95 ms | rows |", "|---|---:|---:|---:|"]
        for k, v in res["site_month"].items():
            lines.append(f"| {k} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['rows']} |")
        lines += ["", f"District-month ({res['sites']} sites):", "", "| query | p50 ms | p95 ms | rows |",
                  "|---|---:|---:|---:|"]
        for k, v in res["district_month"].items():
            lines.append(f"| {k} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['rows']} |")
        lines += ["", f"site_month_summary for all {res['sites']} sites in turn: "
                  f"{res['all_site_month_summaries_s']:.2f} s"]
    lines += ["", "Refresh (kunang_refresh_analytics, all sites): "
              + ", ".join(f"{k}: {v:.0f} ms" for k, v in ref.items()), "",
              "| table | rows | MB |", "|---|---:|---:|"]
    for t in tables:
        lines.append(f"| {t['table']} | {t['rows']:,} | {t['mb']:.1f} |")
    lines += ["", comp]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", help="server DSN (a database kunang_bench is created there)")
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--aps", type=int, default=5)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw-days", type=int, default=2)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--reuse", action="store_true", help="reuse kunang_bench if generated with the same parameters")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--db", default=DB_NAME, help=f"benchmark database name (default {DB_NAME})")
    ap.add_argument("--refresh-only", action="store_true", help="skip the query-layer timings")
    ap.add_argument("--jit-rounds", type=int, default=0, help="refresh with/without SET jit = off, N rounds each")
    args = ap.parse_args(argv)
    server, handle = _server(args.dsn)
    try:
        params = {"sites": args.sites, "aps": args.aps, "days": args.days, "seed": args.seed,
                  "raw_days": args.raw_days}
        dsn, fresh = _bench_db(server, args.reuse, params, args.db)
        meta = {"generated": fresh, **params}
        if fresh:
            stats = generate(dsn, sites=args.sites, aps_per_site=args.aps, days=args.days, seed=args.seed,
                             raw_days=args.raw_days, progress=lambda m: print(m, file=sys.stderr, flush=True))
            meta["generation"] = stats["seconds"]
            meta["period"] = f"{stats['first']} .. {stats['end']}"
            with psycopg.connect(dsn, autocommit=True) as c:
                c.execute("INSERT INTO kunang_meta (key, value) VALUES ('bench.synth', %s) ON CONFLICT (key)"
                          " DO UPDATE SET value = EXCLUDED.value", (json.dumps(params, sort_keys=True),))
        with psycopg.connect(dsn, autocommit=True) as conn:
            load_before = os.getloadavg()[0]
            res = None if args.refresh_only else run(conn, args.reps, args.raw_days)
            ref = refresh_timing(conn)
            cmp = jit_compare(conn, args.jit_rounds) if args.jit_rounds else None
            meta["load_avg_1min"] = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)"
            tables = sizes(conn)
            comp = compression(conn)
        if args.json:
            print(json.dumps({"meta": meta, "queries": res, "refresh_ms": ref, "tables": tables,
                              "compression": comp, "jit_compare": cmp}, indent=2, default=str))
        else:
            print(render(meta, res, ref, tables, comp))
            if cmp:
                print("\n" + render_jit(cmp))
    finally:
        if handle is not None:
            handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
