"""Benchmark of the monthly reports on a synthetic year (bench/synth.py).

    .venv/bin/python -m bench.report [--dsn SERVER_DSN] [--sites 50 --aps 5 --days 365] [--reuse] [--deliver]

Creates (or reuses, with --reuse) the database `kunang_bench_report`, generates
the year, then times for the last complete month:
  * a site-month PDF (the busiest library): model build and rendering in
    process (median of --reps), and `python -m dashboard.reports` as the
    scheduler runs it (a fresh process: imports, connection, build, render);
  * the district roll-up over all libraries: PDF and XLSX, in process and as a
    fresh process;
  * with --deliver, the whole scheduled run (`--all --deliver --no-email`):
    every library and the district in the given --formats, one language.
Targets (issue 8): site-month PDF <= 5 s, 50-site district report <= 60 s.
Without --dsn an embedded PostgreSQL is started in .bench/pgdata.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import generate  # noqa: E402
from bench.analytics import _bench_db as _analytics_bench_db, _server  # noqa: E402
from dashboard import analytics as A  # noqa: E402
from dashboard.reports.builder import Settings, build_report  # noqa: E402
from dashboard.periods import Month  # noqa: E402
from dashboard.reports.render import render  # noqa: E402

DB_NAME = "kunang_bench_report"


def _bench_db(server_dsn: str, reuse: bool, params: dict) -> tuple[str, bool]:
    return _analytics_bench_db(server_dsn, reuse, params, DB_NAME)


def _median(fn, reps: int) -> tuple[float, object]:
    out, samples = None, []
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), out


CPU: dict[str, float] = {}  # CPU seconds (user + system) of the last child, by label


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _child(dsn: str, *args: str, label: str = "", settings: dict | None = None) -> float:
    """Wall seconds of `python -m dashboard.reports ARGS`; its CPU seconds go to CPU[label]."""
    env = {**os.environ, "KUNANG_DSN": dsn, "PYTHONPATH": str(ROOT),
           "KUNANG_REPORT_SETTINGS": json.dumps(settings or {"organisation": "Dinas Perpustakaan Lombok Timur"})}
    cpu = _cpu_children()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard.reports", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    CPU[label] = _cpu_children() - cpu
    return wall


def run(dsn: str, reps: int, deliver: bool, formats: list[str]) -> dict:
    res: dict = {}
    settings = Settings("Dinas Perpustakaan Lombok Timur")
    with psycopg.connect(dsn, autocommit=True) as conn:
        end = conn.execute("SELECT max(day) FROM site_daily").fetchone()[0]
        month = Month.of(end.replace(day=1) - dt.timedelta(days=1))  # the last complete month
        figs = A.period_figures(conn, [s["site_id"] for s in A.sites(conn)], month.first,
                                month.end - dt.timedelta(days=1), whole_month=True)
        busiest = max(figs, key=lambda r: r["sessions"])
        res["month"], res["site"], res["sites"] = str(month), busiest["site"], len(figs)
        res["site_sessions"] = busiest["sessions"]
        render(build_report(conn, month, busiest["site"], settings), "pdf", "id")  # warm-up (fonts, imports)
        res["site_build_s"], model = _median(lambda: build_report(conn, month, busiest["site"], settings), reps)
        res["site_pdf_render_s"], pdf = _median(lambda: render(model, "pdf", "id"), reps)
        res["site_pdf_bytes"], res["site_pdf_pages"] = len(pdf), pdf.count(b"/Type /Page\n")
        res["site_xlsx_render_s"], _ = _median(lambda: render(model, "xlsx", "id"), reps)
        res["district_build_s"], dmodel = _median(lambda: build_report(conn, month, None, settings), max(1, reps // 2))
        res["district_pdf_render_s"], dpdf = _median(lambda: render(dmodel, "pdf", "id"), max(1, reps // 2))
        res["district_pdf_bytes"] = len(dpdf)
        res["district_xlsx_render_s"], _ = _median(lambda: render(dmodel, "xlsx", "id"), max(1, reps // 2))
    with tempfile.TemporaryDirectory() as tmp:
        walls, cpus = [], []
        for _ in range(3):
            walls.append(_child(dsn, "--month", str(month), "--site", res["site"], "--format", "pdf", "--lang", "id",
                                "--out", f"{tmp}/s.pdf", label="site"))
            cpus.append(CPU["site"])
        res["site_pdf_process_s"], res["site_pdf_process_cpu_s"] = statistics.median(walls), statistics.median(cpus)
        res["district_pdf_process_s"] = _child(dsn, "--month", str(month), "--all", "--format", "pdf",
                                               "--lang", "id", "--out", f"{tmp}/d.pdf", label="dpdf")
        res["district_pdf_process_cpu_s"] = CPU["dpdf"]
        res["district_xlsx_process_s"] = _child(dsn, "--month", str(month), "--all", "--format", "xlsx",
                                                "--lang", "id", "--out", f"{tmp}/d.xlsx", label="dxlsx")
        res["district_xlsx_process_cpu_s"] = CPU["dxlsx"]
        if deliver:
            env_settings = {"organisation": "Dinas Perpustakaan Lombok Timur",
                            "reports": {"languages": ["id"], "formats": formats, "output_dir": tmp}}
            res["deliver_all_s"] = _child(dsn, "--month", str(month), "--all", "--deliver", "--no-email", "--force",
                                          label="deliver", settings=env_settings)
            res["deliver_all_cpu_s"] = CPU["deliver"]
            res["deliver_documents"] = (len(figs) + 1) * len(formats)
    res["load_average"] = os.getloadavg()
    return res


def render_text(meta: dict, r: dict) -> str:
    lines = [f"# Reports benchmark ({meta['sites']} sites x {meta['aps']} APs, {meta['days']} days; month {r['month']})",
             "", f"load average at the end: {', '.join(f'{x:.1f}' for x in r['load_average'])} "
             f"({os.cpu_count()} CPUs); CPU = user + system seconds of the process", "",
             "| what | wall s | CPU s | target |", "|---|---|---|---|"]
    rows = [
        (f"site-month model build ({r['site']}, {r['site_sessions']} sessions)", r["site_build_s"], None, ""),
        (f"site-month PDF render ({r['site_pdf_pages']} pages, {r['site_pdf_bytes'] // 1024} KiB)",
         r["site_pdf_render_s"], None, ""),
        ("site-month XLSX render", r["site_xlsx_render_s"], None, ""),
        ("site-month PDF, fresh process (imports + build + render + write)", r["site_pdf_process_s"],
         r["site_pdf_process_cpu_s"], "<= 5"),
        (f"district model build ({r['sites']} libraries)", r["district_build_s"], None, ""),
        (f"district PDF render ({r['district_pdf_bytes'] // 1024} KiB)", r["district_pdf_render_s"], None, ""),
        ("district XLSX render", r["district_xlsx_render_s"], None, ""),
        ("district PDF, fresh process", r["district_pdf_process_s"], r["district_pdf_process_cpu_s"], "<= 60"),
        ("district XLSX, fresh process", r["district_xlsx_process_s"], r["district_xlsx_process_cpu_s"], "<= 60"),
    ]
    if "deliver_all_s" in r:
        rows.append((f"scheduled run, {r['deliver_documents']} documents (--all --deliver --no-email)",
                     r["deliver_all_s"], r["deliver_all_cpu_s"], ""))
    lines += [f"| {w} | {s:.2f} | {'' if c is None else f'{c:.2f}'} | {t} |" for w, s, c, t in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", help="server DSN (a database kunang_bench_report is created there)")
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--aps", type=int, default=5)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="reuse the database if generated with the same parameters")
    ap.add_argument("--deliver", action="store_true", help="also time the whole scheduled run")
    ap.add_argument("--formats", default="pdf,xlsx", help="formats of the scheduled run (default pdf,xlsx)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    server, handle = _server(args.dsn)
    try:
        params = {"sites": args.sites, "aps": args.aps, "days": args.days, "seed": args.seed, "raw_days": 0}
        dsn, fresh = _bench_db(server, args.reuse, params)
        meta = {"generated": fresh, **params}
        if fresh:
            stats = generate(dsn, sites=args.sites, aps_per_site=args.aps, days=args.days, seed=args.seed,
                             progress=lambda m: print(m, file=sys.stderr, flush=True))
            meta["generation"] = stats["seconds"]
            with psycopg.connect(dsn, autocommit=True) as c:
                c.execute("INSERT INTO kunang_meta (key, value) VALUES ('bench.synth', %s) ON CONFLICT (key)"
                          " DO UPDATE SET value = EXCLUDED.value", (json.dumps(params, sort_keys=True),))
        res = run(dsn, args.reps, args.deliver, args.formats.split(","))
        print(json.dumps({"meta": meta, "results": res}, indent=2, default=str) if args.json
              else render_text(meta, res))
    finally:
        if handle is not None:
            handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
