"""Portal ingestion benchmark: parse rate per format (one core) and end-to-end
import into PostgreSQL compared, in the same run, with a raw COPY of the same rows.

    .venv/bin/python bench/portal_ingest.py [--lines 200000] [--import-lines 200000] [--rounds 5] [--import-only]

Uses $KUNANG_TEST_DSN (a server where a scratch database may be created) or an
embedded PostgreSQL in a temporary directory. Prints a Markdown table.
Targets (issue 4): >= 200k MikroTik lines/s parsed; import >= 50 % of raw COPY.
Two references are printed: a raw COPY of the event rows alone (the import also pairs and
writes sessions, so this one is stricter) and a raw COPY of every row the import stored
(events, then sessions: "the same rows").

Size: the parse and import benchmarks and their two COPY references are measured in the same run on purpose
(the references share the rows and the database).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collector.portal.context import ParseContext  # noqa: E402
from collector.portal.parser import iter_parse  # noqa: E402

WITA = ZoneInfo("Asia/Makassar")
T0 = datetime(2026, 11, 20, 7, 0, tzinfo=WITA)


def _ts(i: int) -> datetime:
    return T0 + timedelta(seconds=i // 3)


def _mac(i: int) -> str:
    return ":".join(f"{(i >> s) & 0xFF:02x}" for s in (40, 32, 24, 16, 8, 0))


# one generator per format: (line number) -> line; a session-heavy mix with some noise
def mikrotik(i: int) -> str:
    t, u = _ts(i), i % 5000
    act = ("logged in", "logged out: keepalive timeout", "trying to log in by http-chap",
           "login failed: invalid username or password", "logged in")[(i // 5000) % 5]
    topics = "hotspot,account,info,debug" if act.startswith("logged") else "hotspot,info,debug"
    return f"<134>{t:%b} {t.day:2d} {t:%H:%M:%S} desa-{u % 40:02d} {topics} u{u} (10.5.{u // 250}.{u % 250}): {act}"


def mikrotik_native(i: int) -> str:
    t, u = _ts(i), i % 5000
    act = ("logged in", "logged out: keepalive timeout", "trying to log in by http-chap")[(i // 5000) % 3]
    return f"{t:%b}/{t.day:02d}/{t.year} {t:%H:%M:%S} hotspot,account,info,debug u{u} (10.5.{u // 250}.{u % 250}): {act}".lower()


def coova(i: int) -> str:
    t, u = _ts(i), i % 5000
    msg = (f"Successful UAM login from username=u{u} IP=10.1.{u // 250}.{u % 250}",
           f"Received UAM logoff from username=u{u} IP=10.1.{u // 250}.{u % 250}",
           "dhcp_receive_ip(3775): Address found")[(i // 5000) % 3]
    return f"<30>{t:%b} {t.day:2d} {t:%H:%M:%S} ap-{u % 40} chilli[1858]: chilli.c: 6018: {msg}"


def opennds(i: int) -> str:
    t, u = _ts(i), i % 5000
    ip, mac = f"10.2.{u // 250}.{u % 250}", _mac(u)
    msg = (f"Authenticating {ip} {mac}",
           f"Timeout authenticated idle user: {ip} {mac}, inactive: 601s, in: 1479kB, out: 400kB",
           f"Deleting {ip} {mac} token 816c3cff from client list")[(i // 5000) % 3]
    return f"{t:%a %b} {t.day:2d} {t:%H:%M:%S %Y} daemon.notice opennds[4060]: {msg}"


def nodogsplash(i: int) -> str:
    return opennds(i).replace("opennds[", "nodogsplash[")


def pfsense(i: int) -> str:
    t, u = _ts(i), i % 5000
    status = ("ACCEPT", "DISCONNECT", "FAILURE")[(i // 5000) % 3]
    return (f"<166>{t:%b} {t.day:2d} {t:%H:%M:%S} fw logportalauth[11593]: Zone: desa - {status}: "
            f"u{u}, {_mac(u)}, 10.3.{u // 250}.{u % 250}")


def opnsense(i: int) -> str:
    t, u = _ts(i), i % 5000
    what = ("AUTH", "LOGOUT", "DENY")[(i // 5000) % 3]
    return f"<166>{t:%b} {t.day:2d} {t:%H:%M:%S} fw captiveportal[6155]: {what} u{u} (10.4.{u // 250}.{u % 250}) zone 0"


def radius_record(i: int) -> list[str]:
    t, u = _ts(i * 7), i % 5000
    status = ("Start", "Interim-Update", "Stop")[(i // 5000) % 3]
    return [f"{t:%a %b} {t.day:2d} {t:%H:%M:%S %Y}", f"\tAcct-Status-Type = {status}", f'\tUser-Name = "u{u}"',
            f'\tAcct-Session-Id = "{u:08x}"', f"\tFramed-IP-Address = 10.6.{u // 250}.{u % 250}",
            f'\tCalling-Station-Id = "{_mac(u).upper().replace(":", "-")}"', f"\tAcct-Input-Octets = {i * 1000}",
            f"\tAcct-Output-Octets = {i * 5000}", "\tAcct-Input-Gigawords = 0", "\tAcct-Output-Gigawords = 0",
            f"\tAcct-Session-Time = {i % 3600}", f'\tEvent-Timestamp = "{t:%b} {t.day:2d} {t:%Y %H:%M:%S} UTC"',
            '\tNAS-Identifier = "desa-01"', f"\tTimestamp = {int(t.timestamp())}", ""]


GENERATORS = {
    "mikrotik": mikrotik, "mikrotik (native /log)": mikrotik_native, "coova": coova, "opennds": opennds,
    "nodogsplash": nodogsplash, "pfsense": pfsense, "opnsense": opnsense,
}


def parse_rate(name: str, fmt: str, lines: list[str], repeat: int = 3) -> tuple[float, float, int]:
    """(cold lines/s, best lines/s, session events), CPU time of this process.
    Cold: the timestamp caches emptied first, as for a new file."""
    from collector.portal import timeparse

    rates = []
    events = 0
    for _ in range(repeat):
        timeparse._CACHE.clear()
        timeparse._YEARS.clear()
        ctx = ParseContext(tz=WITA, now=datetime(2026, 11, 28, tzinfo=WITA), site="Desa")
        t = time.process_time()
        n = 0
        for r in iter_parse(enumerate(lines, 1), fmt, ctx, origin="bench.log", keep_raw=True):
            n += getattr(r, "kind", "other") != "other"
        rates.append(len(lines) / (time.process_time() - t))
        events = n
    return rates[0], max(rates), events


def bench_parse(n: int) -> list[tuple[str, float, float, int, int]]:
    out = []
    for name, gen in GENERATORS.items():
        fmt = name.split(" ")[0]
        lines = [gen(i) for i in range(n)]
        cold, best, events = parse_rate(name, fmt, lines)
        out.append((name, cold, best, len(lines), events))
    lines = [line for i in range(n // 15) for line in radius_record(i)]
    cold, best, events = parse_rate("radius-detail", "radius-detail", lines)
    out.append(("radius-detail (lines; 15 per record)", cold, best, len(lines), events))
    auto = [gen(i) for i in range(n // 7) for gen in GENERATORS.values()]
    cold, best, events = parse_rate("auto", "auto", auto)
    out.append(("auto (all formats mixed)", cold, best, len(auto), events))
    return out


def _server():
    dsn = os.environ.get("KUNANG_TEST_DSN")
    if dsn:
        return dsn, None
    from collector.db.connect import start_embedded
    tmp = tempfile.mkdtemp(prefix="kunang-bench-")
    db = start_embedded(Path(tmp) / "pgdata")
    db.bench_tmp = tmp
    return db.dsn, db


def _backend_cpu(conn) -> float | None:
    """CPU seconds of the connection's server process, when the server runs on this machine."""
    try:
        with open(f"/proc/{conn.info.backend_pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _delta(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _child_cpu() -> float:
    """CPU seconds of this process's finished children (the import's parsing process)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_import(n: int, rounds: int = 5, log=None) -> dict:
    """Import `n` MikroTik lines and raw-COPY the rows it stored, interleaved over
    `rounds` rounds (the order of the two alternates), each from empty tables.
    Per round: import wall/CPU time, re-import time, text and binary raw COPY of
    the same rows, load average. The ratio is computed within each round."""
    import psycopg
    from psycopg import sql as psql

    from collector.db import migrate
    from collector.portal.importer import import_file
    from collector.portal.pgcopy import EVENT_TYPES
    from collector.portal.store import EVENT_COLUMNS, PortalStore
    from collector.privacy import Pseudonymizer

    base, server = _server()
    name = f"kunang_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as c:
        c.execute(psql.SQL("CREATE DATABASE {}").format(psql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(base)
    info["dbname"] = name
    dsn = psycopg.conninfo.make_conninfo(**info)
    cols = psql.SQL(", ").join(map(psql.Identifier, EVENT_COLUMNS))
    try:
        migrate.upgrade(dsn)
        pseudo = Pseudonymizer(b"bench-key-0123456789abcdef")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "hotspot.log")
            with open(path, "w") as f:
                for i in range(n):
                    f.write(mikrotik(i) + "\n")
            os.utime(path, (datetime(2026, 11, 28, tzinfo=WITA).timestamp(),) * 2)

            def truncate() -> None:
                with psycopg.connect(dsn, autocommit=True) as c:
                    c.execute("TRUNCATE portal_event, portal_session")

            def run_import(r: dict) -> None:
                truncate()
                with PortalStore(dsn, pseudo) as store:
                    store.site_id("Desa")
                    s0 = _backend_cpu(store.conn)
                    t, c0, k0 = time.perf_counter(), time.process_time(), _child_cpu()
                    stats = import_file(store, path, fmt="mikrotik", site="Desa", source="bench", tz=WITA)
                    r["import_s"] = time.perf_counter() - t
                    r["cpu_import"] = time.process_time() - c0 + _child_cpu() - k0
                    r["server_import"] = _delta(_backend_cpu(store.conn), s0)
                    r["events"], r["sessions"] = stats.events, stats.sessions
                    t = time.perf_counter()
                    again = import_file(store, path, fmt="mikrotik", site="Desa", source="bench", tz=WITA)
                    r["reimport_s"] = time.perf_counter() - t
                    r["reimport_new"] = again.events

            def run_copy(r: dict, rows: list) -> None:
                for binary in (False, True):
                    truncate()
                    fmt = psql.SQL(" (FORMAT BINARY)" if binary else "")
                    with psycopg.connect(dsn) as c:
                        s0 = _backend_cpu(c)
                        t, c0 = time.perf_counter(), time.process_time()
                        with c.cursor() as cur:
                            for i in range(0, len(rows), 20000):
                                with cur.copy(psql.SQL("COPY portal_event ({}) FROM STDIN{}").format(cols, fmt)) as cp:
                                    if binary:
                                        cp.set_types(EVENT_TYPES)
                                    for row in rows[i:i + 20000]:
                                        cp.write_row(row)
                                c.commit()
                        key = "bcopy" if binary else "copy"
                        r[f"{key}_s"] = time.perf_counter() - t
                        r[f"cpu_{key}"] = time.process_time() - c0
                        r[f"server_{key}"] = _delta(_backend_cpu(c), s0)

            def run_copy_all(r: dict, rows: list, session_rows: list, session_cols) -> None:
                """Text COPY of every row the import stored: its events, then its sessions."""
                truncate()
                with psycopg.connect(dsn) as c:
                    t, c0 = time.perf_counter(), time.process_time()
                    with c.cursor() as cur:
                        for table, columns, data in (("portal_event", cols, rows), ("portal_session", session_cols, session_rows)):
                            for i in range(0, len(data), 20000):
                                with cur.copy(psql.SQL("COPY {} ({}) FROM STDIN").format(psql.Identifier(table), columns)) as cp:
                                    for row in data[i:i + 20000]:
                                        cp.write_row(row)
                                c.commit()
                    r["copy_all_s"] = time.perf_counter() - t
                    r["cpu_copy_all"] = time.process_time() - c0

            dumps: dict[str, tuple[str, str]] = {}  # table -> (column list, file of its rows in COPY text format)

            def dump_stored() -> None:
                """The rows the import stored, as COPY text files: the input of `psql \\copy`."""
                with psycopg.connect(dsn) as c:
                    for table in ("portal_event", "portal_session"):
                        names = [col.name for col in c.execute(psql.SQL("SELECT * FROM {} LIMIT 0").format(psql.Identifier(table))).description]
                        if table == "portal_event":
                            names = list(EVENT_COLUMNS)
                        path = os.path.join(d, f"{table}.copy")
                        with open(path, "wb") as f, c.cursor().copy(psql.SQL("COPY {} ({}) TO STDOUT").format(
                                psql.Identifier(table), psql.SQL(", ").join(map(psql.Identifier, names)))) as cp:
                            for block in cp:
                                f.write(block)
                        dumps[table] = (", ".join(names), path)

            def run_psql_copy(r: dict) -> None:
                """The fair anchor for the import: psql's own \\copy of every stored row (events, then
                sessions), one psql process per table; wall time and the psql processes' CPU."""
                truncate()
                t, k0 = time.perf_counter(), _child_cpu()
                for table, (names, path) in dumps.items():
                    subprocess.run([shutil.which("psql") or "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-c",
                                    f"\\copy {table} ({names}) FROM '{path}'"], check=True)
                r["psql_copy_s"] = time.perf_counter() - t
                r["cpu_psql_copy"] = _child_cpu() - k0

            results = []
            rows: list = []
            session_rows: list = []
            session_cols = None
            for k in range(rounds):
                r: dict = {"round": k + 1}
                if k % 2 == 0 or not rows:
                    run_import(r)
                    with psycopg.connect(dsn) as c:  # the rows the import stored: the raw COPY's input
                        rows = c.execute(psql.SQL("SELECT {} FROM portal_event").format(cols)).fetchall()
                        cur = c.execute("SELECT * FROM portal_session ORDER BY id")
                        session_rows = cur.fetchall()
                        session_cols = psql.SQL(", ").join(psql.Identifier(d.name) for d in cur.description)
                    if not dumps:
                        dump_stored()
                    run_psql_copy(r)
                    run_copy(r, rows)
                    run_copy_all(r, rows, session_rows, session_cols)
                else:
                    run_copy_all(r, rows, session_rows, session_cols)
                    run_copy(r, rows)
                    run_psql_copy(r)
                    run_import(r)
                r["copy_rows"] = len(rows)
                r["copy_all_rows"] = len(rows) + len(session_rows)
                r["ratio"] = (r["events"] / r["import_s"]) / (len(rows) / r["copy_s"])
                r["bratio"] = (r["events"] / r["import_s"]) / (len(rows) / r["bcopy_s"])
                r["ratio_all"] = r["copy_all_s"] / r["import_s"]  # same rows stored, time against time
                r["ratio_psql"] = r["psql_copy_s"] / r["import_s"]  # the same, against psql's \copy
                r["load"] = os.getloadavg()
                results.append(r)
                if log is not None:
                    log(f"round {k + 1}: import {r['import_s']:.2f} s (CPU {r['cpu_import']:.2f} s), "
                        f"raw COPY {r['copy_s']:.2f} s, binary {r['bcopy_s']:.2f} s, import/raw COPY "
                        f"{100 * r['ratio']:.0f} %, raw COPY of events + sessions {r['copy_all_s']:.2f} s, "
                        f"import/that {100 * r['ratio_all']:.0f} %, psql \\copy of them {r['psql_copy_s']:.2f} s, "
                        f"import/that {100 * r['ratio_psql']:.0f} %, re-import {r['reimport_s']:.2f} s, load "
                        f"{' / '.join(f'{x:.1f}' for x in r['load'])}")
        return {"lines": n, "rounds": results}
    finally:
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(psql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psql.Identifier(name)))
        if server is not None:
            server.close()
            shutil.rmtree(server.bench_tmp, ignore_errors=True)


def _best_median(values: list[float], best=min) -> tuple[float, float]:
    return best(values), statistics.median(values)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=200_000, help="lines per format for the parse rate")
    ap.add_argument("--import-lines", type=int, default=200_000, help="MikroTik lines for the import run")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved import / raw COPY rounds")
    ap.add_argument("--import-only", action="store_true", help="skip the parse-rate table")
    ap.add_argument("--json", action="store_true", help="print the import rounds as JSON only (for comparisons)")
    args = ap.parse_args()
    random.seed(4)
    if args.json:
        import json
        print(json.dumps(bench_import(args.import_lines, args.rounds)))
        return 0
    print(f"## Portal ingestion ({datetime.now():%Y-%m-%d}, Python {sys.version.split()[0]}, one core)\n")
    if not args.import_only:
        print("| format | lines/s, cold (CPU time) | lines/s, best of 3 | lines | session events |")
        print("|---|---:|---:|---:|---:|")
        for name, cold, best, n, ev in bench_parse(args.lines):
            print(f"| {name} | {cold:,.0f} | {best:,.0f} | {n:,} | {ev:,} |")
    res = bench_import(args.import_lines, args.rounds, log=lambda m: print(m, file=sys.stderr, flush=True))
    rs = res["rounds"]
    n, ev, rows = res["lines"], rs[0]["events"], rs[0]["copy_rows"]

    def row(label: str, key: str, fmt: str = "{:.2f}", best=min, scale: float = 1.0) -> None:
        b, m = _best_median([r[key] * scale for r in rs], best)
        print(f"| {label} | {fmt.format(b)} | {fmt.format(m)} |")

    print(f"\n| end-to-end into PostgreSQL (MikroTik, RFC 3164): {n:,} lines -> {ev:,} events + "
          f"{rs[0]['sessions']:,} session rows; {len(rs)} interleaved rounds | best | median |")
    print("|---|---:|---:|")
    row("import wall time, s (parse, pseudonymise, COPY with dedup, pair, write sessions)", "import_s")
    print(f"| import: stored events/s | {ev / min(r['import_s'] for r in rs):,.0f} | "
          f"{ev / statistics.median(r['import_s'] for r in rs):,.0f} |")
    row(f"raw COPY (text) of the same {rows:,} rows, 20,000 per transaction, s", "copy_s")
    print(f"| raw COPY: rows/s | {rows / min(r['copy_s'] for r in rs):,.0f} | "
          f"{rows / statistics.median(r['copy_s'] for r in rs):,.0f} |")
    row("**import / raw COPY (text)**, stored rows per second, per round", "ratio", "**{:.0f} %**", max, 100)
    row(f"raw COPY (text) of every row the import stored ({rs[0]['copy_all_rows']:,}: events, then sessions), s", "copy_all_s")
    row("**import / raw COPY of every stored row (text)**, same rows, per round", "ratio_all", "**{:.0f} %**", max, 100)
    row(f"**psql `\\copy` of every row the import stored** ({rs[0]['copy_all_rows']:,}, one psql process per table), s", "psql_copy_s")
    row("**import / psql `\\copy` of every stored row**, same rows, per round (the fair anchor)", "ratio_psql", "**{:.0f} %**", max, 100)
    row("CPU s of the psql processes", "cpu_psql_copy")
    row("raw binary COPY of the same rows, s", "bcopy_s")
    row("import / raw binary COPY, per round", "bratio", "{:.0f} %", max, 100)
    row("client CPU s of the import (incl. its parsing process)", "cpu_import")
    row("client CPU s of the raw COPY (text)", "cpu_copy")
    if all(r["server_import"] is not None and r["server_copy"] is not None for r in rs):
        row("server CPU s of the import (its connection)", "server_import")
        row("server CPU s of the raw COPY (text)", "server_copy")
    row(f"re-import of the same file ({rs[0]['reimport_new']} new events), s", "reimport_s")
    loads = [r["load"][0] for r in rs]
    print(f"\n1-min load average at the end of each round: {', '.join(f'{x:.1f}' for x in loads)} "
          f"on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
