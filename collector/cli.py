"""The `kunang` command.

Each subcommand lives in its own module under `collector/commands/` and exposes
`add_arguments(parser)` and `run(args) -> int`. Only the module of the command
given is imported (`kunang --help` imports none: the one-line help is here), and
heavy libraries (pysnmp, scapy, Dash) must be imported inside `run`, never at
module top level, so that every command starts quickly.

Commands of the dashboard package (`dashboard`, `report`) are run as a separate
process (`python -m dashboard ...`): collector and dashboard never import each
other; they share the database schema and the configuration file.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys
import warnings

from collector.errors import KunangError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "check-config": ("collector.commands.check_config", "validate the configuration file and report every problem"),
    "db": ("collector.commands.db", "database: upgrade (apply migrations), info"),
    "poll": ("collector.commands.poll", "poll one device once over SNMP and print JSON (stores nothing)"),
    "record": ("collector.commands.record", "walk a device into an snmpsim recording, MACs/IPs/serials/names scrubbed"),
    "profile": ("collector.commands.profile", "vendor profiles: list, test PROFILE RECORDING [--expected FILE]"),
    "parse-log": ("collector.commands.parse_log", "parse captive-portal / RADIUS log files and print JSON events (stores nothing)"),
    "import-logs": ("collector.commands.import_logs", "import historical captive-portal log files into the store"),
    "visits": ("collector.commands.visits", "library visits from the INLISLite guest book: import, status"),
    "collect": ("collector.commands.collect", "run the collector service (SNMP polling, syslog, log tailing)"),
    "edge": ("collector.commands.edge", "run a village's edge collector: spool polls and portal logs, forward them to the district hub"),
    "ingest": ("collector.commands.ingest", "store the village edges' batches from the district hub (NATS JetStream)"),
    "sense": ("collector.commands.sense", "passive sensing: devices on a LAN (DHCP, ARP) and probe requests (IFACE or --pcap FILE)"),
    "simulate": ("collector.commands.simulate", "run a simulated Wi-Fi fleet (real SNMP agents on loopback) or backfill history"),
    "demo": ("collector.commands.demo", "start database, simulator, collector and dashboard for a demo"),
    "dashboard": ("collector.commands.dashboard", "run the web dashboard (separate process)"),
    "report": ("collector.commands.report", "produce a monthly usage report (PDF, XLSX, CSV)"),
    "alerts": ("collector.commands.alerts", "alerts: list, ack, silence, test-channel"),
    "privacy": ("collector.commands.privacy", "data-subject requests: export or erase a device's data"),
    "district": ("collector.commands.district", "district hub security: add-village (credentials, TLS), hub-config"),
}


def _available() -> dict[str, tuple[str, str]]:
    found = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            found[name] = (module, help_text)
    return found


def _chosen(argv: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is one), if any."""
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word in ("--config", "-c"):
            skip = True
            continue
        if word.startswith("-"):
            continue
        return word if word in COMMANDS else None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; the options of the chosen command only (all of them when `argv` is None)."""
    chosen = None if argv is None else _chosen(argv)
    parser = argparse.ArgumentParser(prog="kunang", description="Kunang: Wi-Fi usage monitoring and analytics")
    parser.add_argument("--config", "-c", help="configuration file (default: $KUNANG_CONFIG or ./kunang.yaml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    parser.add_argument("--version", action="version", version="kunang 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in (_available() if argv is None else COMMANDS).items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--config", "-c", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.set_defaults(_module=module)
        if argv is None or name == chosen:
            importlib.import_module(module).add_arguments(p)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"kunang: warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    warnings.showwarning = _show_warning
    if not args.debug:  # under faults: our own state logs say it once; no line per poll or per retry
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)
    if not args.debug:  # libraries' deprecation notices are for developers, not operators
        warnings.filterwarnings("ignore", category=DeprecationWarning)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    mod = importlib.import_module(args._module)
    try:
        return int(mod.run(args) or 0)
    except KunangError as exc:
        if args.debug:
            raise
        print(f"kunang: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kunang: interrupted", file=sys.stderr)
        return 130
