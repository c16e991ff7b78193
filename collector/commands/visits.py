"""`kunang visits`: library visits from the INLISLite guest book.

- `kunang visits import --from 2026-01-01 --to 2026-11-30`: backfill from the
  configured INLISLite database (`inlislite:` in kunang.yaml), a month at a time;
- `kunang visits import --csv FILE [--site SITE]`: a guest-book CSV export, for a
  library whose database Kunang cannot reach;
- `kunang visits status`: the source's state as the data-quality page shows it.
Only hourly aggregates are stored; see docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
import sys

from collector.errors import KunangError


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="visits_command", metavar="SUBCOMMAND", required=True)
    imp = sub.add_parser("import", help="backfill from INLISLite, or import a guest-book CSV export")
    imp.add_argument("--from", dest="start", type=dt.date.fromisoformat, help="first day (YYYY-MM-DD)")
    imp.add_argument("--to", dest="end", type=dt.date.fromisoformat, help="last day, included (default: today)")
    imp.add_argument("--csv", metavar="FILE", help="a guest-book CSV export instead of the database")
    imp.add_argument("--site", help="with --csv: the site every row belongs to (else the location column maps)")
    imp.add_argument("--tz", help="time zone of the guest book's times (default: inlislite.timezone or the site's)")
    sub.add_parser("status", help="the guest-book source's state")


def run(args) -> int:
    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import database

    cfg = load_config(getattr(args, "config", None), required=True)
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        if args.visits_command == "status":
            return _status(db.dsn)
        if args.csv:
            return _csv(cfg, db.dsn, args)
        return _backfill(cfg, db.dsn, args)


def _zone(cfg, args, site: str | None = None):
    from zoneinfo import ZoneInfo

    from collector.inlislite import sync

    if args.tz:
        try:
            return ZoneInfo(args.tz)
        except Exception:  # noqa: BLE001 - any bad name
            raise KunangError(f"--tz: unknown time zone {args.tz!r}") from None
    if site is not None:
        return ZoneInfo(cfg.site(site).timezone)
    if cfg.inlislite is not None:
        return sync.zone(cfg)
    return ZoneInfo(cfg.sites[0].timezone if cfg.sites else "Asia/Makassar")


def _status(dsn: str) -> int:
    import psycopg

    from collector.db.queries import query

    with psycopg.connect(dsn) as conn:
        row = conn.execute(query("visit_source_state")).fetchone()
    if row is None:
        print("inlislite: never pulled")
        return 0
    state, detail, checked, last_ok, until, visits, unmapped = row
    print(f"inlislite: {state} (checked {checked:%Y-%m-%d %H:%M} UTC; last good pull "
          f"{last_ok:%Y-%m-%d %H:%M} UTC)" if last_ok else f"inlislite: {state} (checked {checked:%Y-%m-%d %H:%M} UTC)")
    if detail:
        print(f"  {detail}")
    if visits is not None:
        print(f"  {visits} visit(s) in the last window up to {until:%Y-%m-%d %H:%M} UTC, {unmapped} unmapped")
    return 0 if state == "ok" else 4


def _backfill(cfg, dsn: str, args) -> int:
    from collector.inlislite import sync

    if cfg.inlislite is None:
        raise KunangError("no inlislite: section in the configuration (or use --csv FILE)")
    if args.start is None:
        raise KunangError("--from is required (or use --csv FILE)")
    tz = sync.zone(cfg)
    now = dt.datetime.now(dt.timezone.utc)
    end = args.end or now.astimezone(tz).date()
    if end < args.start:
        raise KunangError("--to is before --from")
    day, total = args.start, 0
    try:
        while day <= end:  # a month at a time: progress, and Ctrl-C keeps the months done
            nxt = min(end + dt.timedelta(days=1), (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1))
            res = sync.pull(cfg, dsn, now, start=dt.datetime.combine(day, dt.time()),
                            end=dt.datetime.combine(nxt, dt.time()))
            if res.state != "ok":
                raise KunangError(res.detail or res.state)
            total += res.visits
            print(f"visits import: {day} .. {nxt - dt.timedelta(days=1)}: {res.visits} visit(s)"
                  + (f", {res.unmapped} at unmapped locations" if res.unmapped else ""), file=sys.stderr, flush=True)
            day = nxt
    except KeyboardInterrupt:
        print(f"visits import: interrupted; stored up to {day} (run again to finish)", file=sys.stderr)
        return 130
    print(f"imported {total} visit(s) from {args.start} to {end}")
    return 0


def _csv(cfg, dsn: str, args) -> int:
    import psycopg

    from collector.inlislite import csvfile, store

    if args.site is not None and args.site not in {s.name for s in cfg.sites}:
        raise KunangError(f"--site: unknown site {args.site!r}")
    mapping = cfg.inlislite.sites if cfg.inlislite is not None else []
    if not mapping and args.site is None:
        raise KunangError("--site is required when the configuration maps no INLISLite locations")
    tz = _zone(cfg, args, args.site)
    agg, sites, window = csvfile.read(args.csv, mapping, tz, site=args.site)
    unmapped = sum(agg.unmapped.values())
    if window is None:
        raise KunangError(f"{args.csv}: no visit of a known site"
                          + (f" ({unmapped} at unmapped locations)" if unmapped else ""))
    utc = tuple(w.replace(tzinfo=tz).astimezone(dt.timezone.utc) for w in window)
    with psycopg.connect(dsn) as conn:
        store.ensure_sites(conn, cfg, sorted(sites))
        store.replace_window(conn, agg, sorted(sites), utc[0], utc[1], source="csv")
    print(f"imported {agg.total()} visit(s) for {', '.join(sorted(sites))} from {window[0]:%Y-%m-%d} to "
          f"{window[1] - dt.timedelta(days=1):%Y-%m-%d}" + (f"; {unmapped} at unmapped locations" if unmapped else ""))
    return 0
