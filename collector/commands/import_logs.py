"""`kunang import-logs FILE... --format F --site S`: import historical portal logs.

Idempotent: every stored line carries a hash of its source, time and text, so
importing a file again (or a rotated copy of it) adds nothing. Progress goes to
stderr; Ctrl-C stops after rolling back the batch in flight (what was committed
stays, and a new run completes the import).
"""

from __future__ import annotations

import sys
import time

from collector.errors import KunangError


def add_arguments(p) -> None:
    from collector.portal.parser import CHOICES

    p.add_argument("files", nargs="+", metavar="FILE", help="log file(s), in chronological order (.gz accepted)")
    p.add_argument("--format", "-f", choices=CHOICES, default="auto", help="log format (default: auto, per line)")
    p.add_argument("--site", "-s", required=True, help="site the logs belong to (a site name from the config)")
    p.add_argument("--source", default=None,
                   help="source name to store (default: the configured portal source of the site, else import:SITE)")
    p.add_argument("--tz", default=None, help="zone of lines without one (default: the site's time zone)")
    p.add_argument("--batch", type=int, default=20000, help="lines per transaction (default 20000)")


def _source_for(cfg, site: str) -> str | None:
    names = [s.name for s in cfg.portal.sources if s.site == site]
    return names[0] if len(names) == 1 else None


def run(args) -> int:
    from datetime import timedelta

    from collector import privacy
    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import database
    from collector.portal import timeparse
    from collector.portal.importer import Progress, import_file
    from collector.portal.store import PortalStore, WriteStats

    cfg = load_config(getattr(args, "config", None), required=True)
    sites = {s.name: s for s in cfg.sites}
    if sites and args.site not in sites:
        raise KunangError(f"--site: unknown site {args.site!r} (configured: {', '.join(sorted(sites))})")
    zone_name = args.tz or (sites[args.site].timezone if args.site in sites else "Asia/Makassar")
    try:
        tz = timeparse.get_zone(zone_name)
    except timeparse.TimeError as exc:
        raise KunangError(f"--tz: {exc}") from None
    for path in args.files:
        if path != "-":
            try:
                with open(path, "rb"):
                    pass
            except OSError as exc:
                raise KunangError(f"{path}: {exc.strerror or exc}") from None
    source = args.source or _source_for(cfg, args.site) or f"import:{args.site}"
    pseudo = privacy.from_config(cfg)

    def progress(p: Progress) -> None:
        s = p.stats
        done = "done" if p.lines < 0 else f"line {p.lines}"
        rate = "" if p.elapsed_s <= 0 else f", {(s.events + s.duplicates + s.other + s.quarantined) / p.elapsed_s:,.0f} lines/s"
        print(f"import-logs: {p.path}: {done}: {s.events} new event(s), {s.duplicates} already stored, "
              f"{s.quarantined} quarantined, {s.other} other{rate}", file=sys.stderr, flush=True)

    total = WriteStats()
    started = time.monotonic()
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        zones = {s.name: s.timezone for s in cfg.sites} or {args.site: zone_name}
        with PortalStore(db.dsn, pseudo, site_zones=zones,
                         session_timeout=timedelta(minutes=cfg.portal.session_timeout_minutes)) as store:
            try:
                for path in args.files:
                    total.add(import_file(store, path, fmt=args.format, site=args.site, source=source, tz=tz,
                                          batch=max(1, args.batch), progress=progress))
                store.expire()
            except KeyboardInterrupt:
                print(f"import-logs: interrupted; {total.events} event(s) committed before this file's last "
                      "batch; importing again is safe (nothing is stored twice)", file=sys.stderr)
                return 130
    print(f"import-logs: {len(args.files)} file(s) in {time.monotonic() - started:.1f} s: {total.events} new "
          f"event(s), {total.duplicates} already stored, {total.quarantined} quarantined line(s), "
          f"{total.sessions} session update(s)", file=sys.stderr)
    return 0
