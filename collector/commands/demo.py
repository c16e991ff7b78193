"""`kunang demo` (what `make demo` runs): database, a month of history, the simulated fleet, the
collector and the dashboard, started together; Ctrl-C stops everything; a rerun reuses the data.

Everything lives in ./.kunang: the embedded PostgreSQL (pgdata), the demo configuration
(demo/kunang.yaml, written for the simulated fleet, with a demo admin user), the openNDS logs
of the simulated sites (sim/). The simulator, the collector and the dashboard run as child
processes (as systemd would run them), their output prefixed with their name.

Size: it starts and supervises five things (database, history, simulator, collector, dashboard) and
its alert inbox, with progress and a clean Ctrl-C; the parts are small functions.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from collector.errors import KunangError
from contract import hash_password

# the demo writes its month of history quickly: polls every 10 min by day (its dwell times are then
# resolved to +/- 10 min; `kunang simulate --backfill` polls at the live interval by default)
DEMO_BACKFILL_S = 600
DEMO_USER = "admin"
DEMO_PASSWORD = "kunang-demo"
CHILD_ORDER = ("dashboard", "collector", "simulator")  # stop order
DEMO_POLL_S = 30  # the demo polls every 30 s: an AP down is confirmed (3 failed polls) within two minutes
DEMO_OUTAGE = (60, 150)  # an AP goes down a minute after the start, for 2.5 minutes: an alert and its recovery


def add_arguments(p) -> None:
    p.add_argument("--aps", type=int, default=12, help="simulated access points (default 12)")
    p.add_argument("--sites", type=int, default=4, help="simulated sites (default 4)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the simulated fleet (default 1)")
    p.add_argument("--speed", type=float, default=1.0, help="simulated time speed-up (default 1: real time)")
    p.add_argument("--port", type=int, default=8050, help="dashboard port (default 8050)")
    p.add_argument("--dir", default=".kunang", help="where the demo keeps its data (default ./.kunang)")
    p.add_argument("--backfill", default="30d", help="history written when the database is empty (default 30d)")
    p.add_argument("--no-backfill", action="store_true", help="start with an empty history")
    p.add_argument("--verbose", action="store_true", help="show the children's INFO log lines too")
    p.add_argument("--for", dest="run_for", type=float, metavar="SECONDS", help="stop after this many seconds")
    p.add_argument("--outage-in", type=int, default=DEMO_OUTAGE[0], metavar="SECONDS",
                   help=f"an access point goes down this long after the start (default {DEMO_OUTAGE[0]})")
    p.add_argument("--poll-interval", type=int, default=DEMO_POLL_S, metavar="SECONDS",
                   help=f"seconds between polls of each access point (default {DEMO_POLL_S}; at least 10)")
    p.add_argument("--down-after", type=int, default=None, metavar="POLLS",
                   help="failed polls that confirm an access point is down (snmp.down_after_failures; default 3)")


def _free_udp(port: int, address: str = "127.0.0.1") -> bool:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((address, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def _tcp_busy(port: int, address: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((address, port)) == 0


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


_INFO = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|DEBUG) ")


def _pump(name: str, stream, out, verbose: bool) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        if line and (verbose or not _INFO.match(line)):
            print(f"[{name}] {line}", file=out, flush=True)
    stream.close()


class Children:
    def __init__(self, out, verbose: bool = False):
        self.out = out
        self.verbose = verbose
        self.procs: dict[str, subprocess.Popen] = {}
        self.threads: list[threading.Thread] = []

    def start(self, name: str, argv: list[str], env: dict | None = None) -> None:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)
        self.procs[name] = proc
        t = threading.Thread(target=_pump, args=(name, proc.stdout, self.out, self.verbose), daemon=True)
        t.start()
        self.threads.append(t)

    def exited(self) -> list[tuple[str, int]]:
        return [(n, p.returncode) for n, p in self.procs.items() if p.poll() is not None]

    def stop(self, timeout_s: float = 15.0) -> None:
        for name in CHILD_ORDER:
            proc = self.procs.get(name)
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGINT if name != "dashboard" else signal.SIGTERM)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                print(f"demo: {name} did not stop within {timeout_s:.0f} s; killing it", file=self.out, flush=True)
                proc.kill()
                proc.wait()
        for t in self.threads:
            t.join(2)


def run(args) -> int:
    from collector.commands.simulate import _duration_s
    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import open_database
    from collector.simulator.agent import free_base_port
    from collector.simulator.backfill import backfill
    from collector.simulator.fleet import DEFAULT_BASE_PORT, build_fleet, write_config
    from collector.simulator.model import Model

    out = sys.stderr
    root = Path(args.dir).resolve()
    cfg_path = root / "demo" / "kunang.yaml"
    log_dir = root / "sim"
    if _tcp_busy(args.port):
        raise KunangError(f"port {args.port} is already in use (another demo running?); choose one with --port")
    syslog_port = 5514 if _free_udp(5514) else free_base_port(1, start=15514)
    base_port = DEFAULT_BASE_PORT if all(_free_udp(DEFAULT_BASE_PORT + k) for k in range(args.aps)) \
        else free_base_port(args.aps, start=DEFAULT_BASE_PORT + 100)
    try:
        fleet = build_fleet(args.aps, args.sites, seed=args.seed, base_port=base_port,
                            syslog=("127.0.0.1", syslog_port), log_dir=str(log_dir),
                            data_dir=str(root / "pgdata"))
    except ValueError as exc:
        raise KunangError(str(exc)) from None
    missing: list[str] = []
    inbox = AlertInbox(out)  # the demo's notification channel: a webhook receiver on loopback
    extra: dict = {"dashboard": {"address": "127.0.0.1", "port": args.port, "language": "en"},
                   # an organisation's name reads the same in both languages of the reports
                   "name": "Dinas Perpustakaan Lombok Timur (demo)",
                   "alerts": {"rules": [{"name": "demo", "notify_outside_hours": True, "channels": ["demo-inbox"]}],
                              "channels": [{"name": "demo-inbox", "type": "webhook", "url": inbox.url,
                                            "language": "en"}]}}
    extra["dashboard"]["users"] = [{"username": DEMO_USER, "password_hash": hash_password(DEMO_PASSWORD),
                                    "role": "admin", "language": "en"}]
    if args.poll_interval < 10:
        raise KunangError("--poll-interval must be at least 10 seconds")
    snmp = dict(fleet.raw_config["snmp"], poll_interval_s=args.poll_interval)  # an outage is news within minutes
    if args.down_after is not None:
        snmp["down_after_failures"] = args.down_after
    extra["snmp"] = snmp
    write_config(fleet, cfg_path, extra=extra)
    cfg = load_config(cfg_path)
    print(f"demo: configuration {cfg_path} ({len(fleet.sites)} sites, {len(fleet.agents)} SNMP agents on "
          f"127.0.0.1:{base_port}-{base_port + len(fleet.agents) - 1}, hotspot syslog on 127.0.0.1:{syslog_port})",
          file=out, flush=True)

    db = open_database(cfg.database)  # the embedded server lives as long as the demo
    children = Children(out, args.verbose)
    stop_history = threading.Event()
    history: threading.Thread | None = None
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the demo as Ctrl-C does
    try:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        model = Model(fleet)
        base = [sys.executable, "-m", "collector", "-c", str(cfg_path)]
        dash = _available("dashboard.app") and _available("collector.commands.dashboard")
        if dash:  # first, so the URL answers while the history is written
            children.start("dashboard", base + ["dashboard"])
        else:
            missing.append("the dashboard (`kunang dashboard`)")
        children.start("simulator", base + [
            "simulate", "--aps", str(args.aps), "--sites", str(args.sites), "--seed", str(args.seed),
            "--speed", str(args.speed), "--base-port", str(base_port), "--log-dir", str(log_dir),
            "--outage-in", str(args.outage_in), "--outage-for", str(DEMO_OUTAGE[1])])
        started = dt.datetime.now(dt.timezone.utc)
        # live polling at once: the collector stores what the fleet does from now on, while the history of the
        # past days is written beside it (a PollStore of its own that leaves the live status and sessions alone)
        children.start("collector", base + ["collect"])
        url = f"http://127.0.0.1:{args.port}"
        ready = _wait_port(args.port, children, 60) if dash else False
        if ready:
            _banner(out, url, root)
        for m in missing:
            print(f"demo: not available yet: {m}", file=out, flush=True)
        print(f"demo: live data from now on at {url}; an access point of {fleet.sites[0].name} goes down in "
              f"{_span(args.outage_in)} and comes back {_span(DEMO_OUTAGE[1])} later: its alert and recovery are "
              "printed here as [alert] lines and listed on the Alerts page", file=out, flush=True)
        history = threading.Thread(target=_history_job, name="demo-history", daemon=True,
                                   args=(args, fleet, model, cfg, db.dsn, backfill, _duration_s, out, started,
                                         stop_history))
        history.start()
        guests = threading.Thread(target=_guest_book_job, name="demo-guest-book", daemon=True,
                                  args=(fleet, db.dsn, stop_history))
        guests.start()
        print("demo: ready", file=out, flush=True)
        return _wait(children, args.run_for, out)
    except KeyboardInterrupt:
        print("demo: stopping ...", file=out, flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave children behind
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            stop_history.set()
            if history is not None:
                history.join(120)  # stops after its current batch, keeping what it wrote
            children.stop()
            inbox.close()
            db.close()
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        print("demo: stopped", file=out, flush=True)


def _span(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else f"{seconds // 60} min"


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def _banner(out, url: str, root: Path) -> None:
    print("", file=out)
    print(f"  Kunang demo: {url}", file=out)
    print(f"  Sign in as {DEMO_USER} / {DEMO_PASSWORD}", file=out)
    print(f"  Ctrl-C stops everything; `make demo` again reuses the data in {root}/ (delete it to start afresh).",
          file=out)
    print("", file=out, flush=True)


def _history_job(args, fleet, model, cfg, dsn, backfill, duration, out, now, stop) -> None:
    """The history, in the background: its progress on the console and, for the dashboard, in kunang_meta."""
    import psycopg

    from collector.db.queries import query

    def progress(done: int, total: int, finished: bool = False) -> None:
        value = json.dumps({"done": done, "total": total, "finished": finished})
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(query("demo_history_progress"), (value,))
        if stop.is_set():
            raise KeyboardInterrupt  # Ctrl-C: stop after this day, keeping what was written

    try:
        code = _history(args, fleet, model, cfg, dsn, backfill, duration, out, now, progress)
        if code == 0:
            progress(1, 1, True)
            print("demo: the history is written: every page shows the past days too", file=out, flush=True)
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # the live demo goes on without it
        print(f"demo: writing the history failed: {exc}", file=out, flush=True)


def _guest_book_job(fleet, dsn: str, stop: threading.Event, every_s: float = 300.0) -> None:
    """Today's simulated guest book, kept current as the simulated visitors arrive (what the collector's
    INLISLite pull does for a real library; the demo has no INLISLite database to pull from)."""
    from collector.simulator import guestbook

    while not stop.is_set():
        now = time.time()
        try:
            guestbook.write(fleet, dsn, now - 86400, now)
        except Exception as exc:  # the demo goes on without it
            print(f"demo: writing the guest book failed: {exc}", file=sys.stderr, flush=True)
            return
        stop.wait(every_s)


def _history(args, fleet, model, cfg, dsn, backfill, duration, out, now, progress) -> int:
    """Backfill when the database has no samples before `now`; fill the gap since the last run otherwise."""
    import psycopg

    from collector.simulator.queries import query

    if args.no_backfill:
        return 0
    with psycopg.connect(dsn) as conn:
        last = conn.execute(query("last_sample_before"), {"t": now}).fetchone()[0]
    kw = dict(out=out, end=now, interval_s=DEMO_BACKFILL_S, history=True, progress=progress)
    if last is None:
        print(f"demo: empty database: writing {args.backfill} of simulated history in the background (once; the dashboard shows "
              "live data meanwhile) ...", file=out, flush=True)
        return backfill(fleet, model, cfg, dsn, duration(args.backfill), **kw)
    if now - last > dt.timedelta(minutes=20):
        gap = int((now - last).total_seconds()) - 600
        gap = min(gap, duration(args.backfill))
        print(f"demo: filling the {gap // 3600} h {gap % 3600 // 60} min since the last run in the background ...",
              file=out, flush=True)
        return backfill(fleet, model, cfg, dsn, gap, **kw)
    return 0


class AlertInbox:
    """A webhook receiver on loopback: the demo's alert channel. Each notification is printed on the console
    (the Alerts page of the dashboard lists the alerts themselves)."""

    def __init__(self, out):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(204)
                self.end_headers()
                try:
                    doc = json.loads(body)
                except ValueError:
                    return
                inbox.received.append(doc)
                print(f"[alert] {doc.get('title') or doc.get('subject') or doc.get('kind')}", file=out, flush=True)

            def log_message(self, *_):
                pass

        self.received: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, name="demo-alert-inbox", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _wait_port(port: int, children: Children, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _tcp_busy(port):
            return True
        if any(n == "dashboard" for n, _ in children.exited()):
            return False
        time.sleep(0.3)
    return False


def _wait(children: Children, run_for: float | None, out) -> int:
    stop_at = time.monotonic() + run_for if run_for else None
    reported: set[str] = set()
    while stop_at is None or time.monotonic() < stop_at:
        for name, code in children.exited():
            if name not in reported:
                reported.add(name)
                print(f"demo: {name} exited with code {code}", file=out, flush=True)
                if name == "simulator":
                    return 1
        time.sleep(0.5)
    print("demo: stopping ...", file=out, flush=True)
    return 0
