"""`kunang simulate`: a simulated library Wi-Fi fleet (real SNMP agents on loopback, hotspot
logs), or `--backfill 30d` of history written into the store from the same model."""

from __future__ import annotations

import re

DURATION = re.compile(r"^(\d+)\s*([dhm])$")


def _duration_s(text: str) -> int:
    m = DURATION.match(text.strip().lower())
    if not m:
        from collector.errors import KunangError

        raise KunangError(f"--backfill {text!r}: use a duration such as 30d, 12h or 90m")
    return int(m.group(1)) * {"d": 86400, "h": 3600, "m": 60}[m.group(2)]


def _hostport(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        from collector.errors import KunangError

        raise KunangError(f"--syslog {text!r}: use HOST:PORT, e.g. 127.0.0.1:5514")
    return host, int(port)


def add_arguments(p) -> None:
    from collector.simulator.defaults import DEFAULT_BASE_PORT, DEFAULT_COMMUNITY

    p.add_argument("--aps", type=int, default=12, help="simulated access points (default 12)")
    p.add_argument("--sites", type=int, default=4, help="simulated library sites (default 4)")
    p.add_argument("--seed", type=int, default=1, help="random seed: same seed, same fleet and days (default 1)")
    p.add_argument("--crowd", type=float, default=1.0,
                   help="visitor volume factor (default 1: about 4 clients per AP at the 10:00 peak; 7: about 30)")
    p.add_argument("--speed", type=float, default=1.0, help="simulated time runs N times faster (default 1)")
    p.add_argument("--start", help="simulated start time, ISO 8601 (default: now)")
    p.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT,
                   help=f"UDP port of the first agent; the others follow (default {DEFAULT_BASE_PORT})")
    p.add_argument("--community", default=DEFAULT_COMMUNITY, help=f"SNMP community (default {DEFAULT_COMMUNITY})")
    p.add_argument("--syslog", type=_hostport, default=None,
                   help="where hotspot syslog goes, HOST:PORT "
                        "(default: the config's portal.syslog, else 127.0.0.1:5514)")
    p.add_argument("--log-dir", default=".kunang/sim", help="directory of the openNDS log files (default .kunang/sim)")
    p.add_argument("--write-config", metavar="FILE", help="write a kunang.yaml for this fleet")
    p.add_argument("--config-only", action="store_true", help="with --write-config: write it and exit")
    p.add_argument("--truth", metavar="FILE", help="append the ground truth (JSON lines) to FILE")
    p.add_argument("--no-events", action="store_true", help="no reboots, outages or uplink losses")
    p.add_argument("--outage-in", type=float, metavar="SECONDS",
                   help="also take one access point down this many (simulated) seconds after the start")
    p.add_argument("--outage-for", type=float, default=150, metavar="SECONDS",
                   help="... for this many seconds (default 150)")
    p.add_argument("--for", dest="run_for", type=float, metavar="SECONDS", help="stop after this many real seconds")
    p.add_argument("--backfill", metavar="DURATION",
                   help="write this much history (e.g. 30d) into the store through its writer, then exit")
    p.add_argument("--backfill-interval", type=int, default=None, metavar="S",
                   help="seconds between backfilled polls while libraries are open "
                        "(default: the configuration's snmp.poll_interval_s, 60)")
    p.add_argument("--clock-file", help=argparse_suppress())


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS


def build(args, cfg=None):
    """The fleet and model the arguments describe (and the config file, for its syslog/data dir)."""
    from collector.errors import KunangError
    from collector.simulator.fleet import build_fleet
    from collector.simulator.model import Model

    syslog = args.syslog
    data_dir = ".kunang/pgdata"
    poll = 60
    if cfg is not None:
        if syslog is None and cfg.portal.syslog.enabled:
            host = cfg.portal.syslog.address
            syslog = ("127.0.0.1" if host in ("0.0.0.0", "::") else host, cfg.portal.syslog.port)
        data_dir = cfg.database.data_dir
        poll = cfg.snmp.poll_interval_s
    try:
        fleet = build_fleet(args.aps, args.sites, seed=args.seed, base_port=args.base_port,
                            community=args.community, syslog=syslog or ("127.0.0.1", 5514), log_dir=args.log_dir,
                            data_dir=data_dir, poll_interval_s=poll, crowd=args.crowd)
    except ValueError as exc:
        raise KunangError(str(exc)) from None
    if cfg is not None:  # an operator's edits of the written config (hours, holidays, zone) drive the model
        known = {s.name: s for s in cfg.sites}
        for s in fleet.sites:
            if s.name in known:
                s.site = known[s.name]
    extra = []
    if getattr(args, "outage_in", None) is not None:
        import datetime as dt

        from collector.simulator.events import Event

        start = dt.datetime.fromisoformat(args.start).timestamp() if getattr(args, "start", None) else \
            dt.datetime.now(dt.timezone.utc).timestamp()
        agent = next(a for a in fleet.agents if not a.is_controller)
        t0 = start + args.outage_in
        extra.append(Event("ap_down", agent.site_index, agent.name, t0, t0 + args.outage_for))
    return fleet, Model(fleet, extra, random_events=not args.no_events), syslog or ("127.0.0.1", 5514)


def _config(args):
    from collector.config import load_config, resolve_path

    path = resolve_path(getattr(args, "config", None))
    return load_config(path) if path is not None else None


def run(args) -> int:
    import asyncio
    import datetime as dt
    import signal
    import sys

    from collector.errors import KunangError
    from collector.simulator.clock import FileClock, SimClock
    from collector.simulator.fleet import write_config
    from collector.simulator.live import run_live

    cfg = _config(args)
    fleet, model, syslog = build(args, cfg)
    if args.write_config:
        p = write_config(fleet, args.write_config)
        print(f"wrote {p} ({len(fleet.sites)} sites, {len(fleet.agents)} SNMP agents)", file=sys.stderr)
        if args.config_only:
            return 0
    if args.backfill:
        from collector.simulator.backfill import run_backfill

        return run_backfill(fleet, model, cfg or fleet.config, _duration_s(args.backfill),
                            interval_s=args.backfill_interval, truth_path=args.truth)
    if args.speed <= 0:
        raise KunangError("--speed must be positive")
    try:
        start = dt.datetime.fromisoformat(args.start) if args.start else None
    except ValueError:
        raise KunangError(f"--start {args.start!r}: use ISO 8601, e.g. 2026-11-24T09:00:00+08:00") from None
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=model.tz)
    clock = FileClock(args.clock_file) if args.clock_file else SimClock(start, args.speed)

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if args.run_for:
            loop.call_later(args.run_for, stop.set)
        stats = await run_live(fleet, model, clock, syslog=syslog, log_dir=args.log_dir, truth_path=args.truth,
                               stop=stop)
        print(f"kunang simulate: stopped ({stats['requests']} SNMP requests served, "
              f"{stats['portal_lines']} hotspot lines sent)", file=sys.stderr)
        return 0

    return asyncio.run(main())
