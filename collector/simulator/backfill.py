"""`kunang simulate --backfill 30d`: a month of history from the model, written through the PollStore.

Polls are synthesised (results.ResultMaker: the same profile engine as live polls) every
`interval_s` while libraries may be open (06:30-17:30 local) and every 30 min at night,
written with `PollStore.write_polls` in batches, then the hourly rollups are refreshed. The hotspot
logs of the same visits go through the portal parsers into the portal store. Progress goes to
stderr; Ctrl-C stops after the current batch, keeping (and rolling up) what was written.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from collector.errors import KunangError
from collector.simulator.queries import query

log = logging.getLogger(__name__)
NIGHT_STEP_S = 1800
RECENT_S = 8 * 3600  # the last hours are polled at the collector's interval


def instants(model, start: float, end: float, interval_s: int, recent_from: float | None = None,
             recent_step_s: int = 60):
    """Poll instants: every interval_s by day, 30 min at night; from `recent_from` on, every recent_step_s
    (the collector's own interval, so the latest hours look like live polling to the analytics)."""
    if recent_from is not None:
        recent_from -= recent_from % recent_step_s
    t = start - start % interval_s
    while t < end:
        yield t
        if recent_from is not None and t >= recent_from:
            t += recent_step_s
            continue
        hour = dt.datetime.fromtimestamp(t, model.tz)
        h = hour.hour + hour.minute / 60
        t += interval_s if 6.5 <= h < 17.5 else max(interval_s, NIGHT_STEP_S)
        if recent_from is not None and t > recent_from:
            t = recent_from  # land exactly on the start of the recent part


def run_backfill(fleet, model, cfg, duration_s: int, *, interval_s: int | None = None, out=sys.stderr,
                 end: dt.datetime | None = None, recent_s: int = RECENT_S, truth_path=None) -> int:
    from collector.db import migrate
    from collector.db.connect import database

    if interval_s is None:
        interval_s = cfg.snmp.poll_interval_s
    if interval_s < 10:
        raise KunangError("--backfill-interval must be at least 10 seconds")
    names = {s.name for s in cfg.sites}
    missing = [s.name for s in fleet.sites if s.name not in names]
    if missing:
        raise KunangError(f"the configuration has no site {missing[0]!r} of the simulated fleet: "
                          "use the file `kunang simulate --write-config FILE` wrote (same --aps/--sites/--seed)")
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        return backfill(fleet, model, cfg, db.dsn, duration_s, interval_s=interval_s, out=out, end=end,
                        recent_s=recent_s, truth_path=truth_path)


def backfill(fleet, model, cfg, dsn: str, duration_s: int, *, interval_s: int | None = None, out=sys.stderr,
             end: dt.datetime | None = None, recent_s: int = RECENT_S, truth_path=None, history: bool = False,
             progress=None) -> int:
    """`history`: a collector stores the live polls meanwhile (see PollStore); `progress(done, total)` after each day.
    `interval_s`: seconds between polls while libraries may be open (default: the live poll
    interval, `snmp.poll_interval_s`, so the history has the resolution the collector gives).
    `truth_path`: append the ground truth of the period (`visit` and `event` records, see truth.py)."""
    import psycopg

    from collector.db.writer import PollStore
    from collector.privacy import from_config
    from collector.profiles.loader import load_profiles
    from collector.simulator.results import ResultMaker

    if interval_s is None:
        interval_s = cfg.snmp.poll_interval_s
    end_t = (end or dt.datetime.now(dt.timezone.utc)).timestamp()
    end_t -= end_t % (cfg.snmp.poll_interval_s if recent_s > 0 else interval_s)  # the recent part: live interval
    start_t = end_t - duration_s
    pseudo = from_config(cfg)
    maker = ResultMaker(fleet, load_profiles())
    t_start = dt.datetime.fromtimestamp(start_t, dt.timezone.utc)
    with psycopg.connect(dsn) as conn:
        row = conn.execute(query("samples_since"), {"since": t_start, "sites": [s.name for s in fleet.sites],
                                                    "until": dt.datetime.fromtimestamp(end_t, dt.timezone.utc)}).fetchone()
    if row[0]:
        raise KunangError(f"the store already holds {row[0]} samples of these sites after "
                          f"{t_start:%Y-%m-%d %H:%M} UTC; backfill only fills an empty period "
                          "(use a fresh database, or a shorter --backfill)")
    store = PollStore(dsn, pseudo, session_gap_minutes=cfg.analytics.session_gap_minutes,
                  down_after_failures=cfg.snmp.down_after_failures,
                  up_after_successes=cfg.snmp.up_after_successes, history=history)
    step = cfg.snmp.poll_interval_s
    recent_from = max(start_t, end_t - recent_s) if recent_s > 0 else None
    polls = 0
    written_until = start_t
    began = time.monotonic()
    interrupted = False
    try:
        refs = store.sync_inventory(cfg)
        agents = [(a, refs[(fleet.sites[a.site_index].name, a.name)]) for a in fleet.agents]
        batch: list = []
        pending, pending_t = None, start_t
        io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backfill-writer")
        writer_log = logging.getLogger("collector.db.writer")
        level = writer_log.level
        writer_log.setLevel(logging.ERROR)  # outages of past days are events in the store, not news
        day = None
        days_total = max(1, round(duration_s / 86400))
        days_done = 0
        try:
            for t in instants(model, start_t, end_t, interval_s, recent_from, step):
                when = dt.datetime.fromtimestamp(t, dt.timezone.utc)
                for agent, ref in agents:
                    batch.append((ref, maker.result(agent, model.agent_state(agent, t), when)))
                if len(batch) >= 400:
                    # the next batch is computed while this one is written (psycopg waits without the GIL)
                    if pending is not None:
                        pending.result()
                        written_until = pending_t
                    pending, pending_t = io.submit(store.write_polls, batch), t
                    polls += len(batch)
                    batch = []
                d = model.local_date(t)
                if d != day:
                    if day is not None:
                        days_done += 1
                        print(f"backfill: {day} done ({days_done}/{days_total} days, {polls} polls, "
                              f"{time.monotonic() - began:.0f} s)", file=out, flush=True)
                        if progress is not None:
                            progress(days_done, days_total)
                    day = d
            if pending is not None:
                pending.result()
                pending = None
            if batch:
                store.write_polls(batch)
                polls += len(batch)
            written_until = end_t
        except KeyboardInterrupt:
            interrupted = True
            print("backfill: interrupted; keeping what was written", file=out, flush=True)
            if pending is not None:
                pending.result()
                written_until = pending_t
        finally:
            io.shutdown(wait=True)
            writer_log.setLevel(level)
        store.flush_sessions(dt.datetime.fromtimestamp(written_until, dt.timezone.utc), close_all=history)
        portal = _portal(fleet, model, cfg, dsn, pseudo, start_t, written_until)
        guests = _guest_book(fleet, dsn, start_t, written_until)
        print("backfill: refreshing hourly rollups ...", file=out, flush=True)
        store.refresh_rollups(t_start, dt.datetime.fromtimestamp(written_until, dt.timezone.utc)
                              + dt.timedelta(hours=1))
        _analytics(dsn, cfg, start_t, recent_from, written_until, interval_s, out)
        if truth_path is not None:
            _truth(fleet, model, truth_path, start_t, written_until)
    finally:
        store.close()
    print(f"backfill: {polls} polls of {len(fleet.agents)} agents, {portal} hotspot log lines and {guests} guest-book "
          "visits written for "
          f"{t_start:%Y-%m-%d} .. {dt.datetime.fromtimestamp(written_until, dt.timezone.utc):%Y-%m-%d %H:%M} UTC "
          f"in {time.monotonic() - began:.0f} s", file=out, flush=True)
    return 130 if interrupted else 0


def _analytics(dsn: str, cfg, start_t: float, recent_from: float | None, end_t: float, interval_s: int,
               out) -> None:
    """Refresh the derived analytics of the period (if their migrations exist): the older part with the
    backfill's interval as poll interval (so coverage reads 100%), the recent part with the collector's."""
    import psycopg

    utc = dt.timezone.utc
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not conn.execute(query("has_function"), {"name": "kunang_refresh_analytics"}).fetchone()[0]:
            return
        print("backfill: refreshing analytics ...", file=out, flush=True)
        a = cfg.analytics
        base = {"gap": a.session_gap_minutes, "visitor": a.visitor_min_minutes, "window": a.returning_window_days,
                "rotating": cfg.privacy.rotating_salt}
        cut = min(recent_from or end_t, end_t)
        parts = [(start_t, cut, interval_s), (cut, end_t, cfg.snmp.poll_interval_s)]
        for lo, hi, every in parts:
            if hi <= lo:
                continue
            conn.execute(query("configure_analytics"), base | {"interval": every})
            conn.execute(query("refresh_analytics"), {"start": dt.datetime.fromtimestamp(lo, utc),
                                                      "end": dt.datetime.fromtimestamp(hi, utc)})
        conn.execute(query("configure_analytics"), base | {"interval": cfg.snmp.poll_interval_s})


def _guest_book(fleet, dsn: str, start_t: float, end_t: float) -> int:
    """The libraries' guest book of the period (simulator/guestbook.py), as the INLISLite pull stores it."""
    from collector.simulator import guestbook

    return guestbook.write(fleet, dsn, start_t, end_t)


def _truth(fleet, model, path, start_t: float, end_t: float) -> None:
    from collector.simulator.truth import TruthWriter, visit_records

    writer = TruthWriter(path)
    try:
        for rec in visit_records(fleet, model, start_t, end_t):
            writer.write(rec)
        for e in model.events_between(start_t, end_t):
            writer.write({"type": "event", **e.to_json(), "site": fleet.sites[e.site_index].name})
    finally:
        writer.close()


def _portal(fleet, model, cfg, dsn, pseudo, start_t: float, end_t: float) -> int:
    """The hotspot log lines of the period, parsed by the portal parsers, into the portal store."""
    try:
        from collector.portal.context import ParseContext
        from collector.portal.event import ParseError
        from collector.portal.parser import parse_line
        from collector.portal.store import PortalStore
    except ImportError:  # the portal package has not landed
        return 0
    from zoneinfo import ZoneInfo

    from collector.simulator.portal import PortalEmitter

    emitter = PortalEmitter(fleet, model, syslog=("127.0.0.1", 9), log_dir=".")
    lines = emitter.due(start_t, end_t)
    sources = {s.site: s.name for s in cfg.portal.sources}
    zones = {s.name: s.timezone for s in fleet.config.sites}
    results = []
    for p in lines:
        site = fleet.sites[p.site_index]
        tz = ZoneInfo(site.site.timezone)
        when = dt.datetime.fromtimestamp(p.t, tz)
        ctx = ParseContext(tz=tz, now=when, site=site.name, received_at=when)
        try:
            ev = parse_line(p.text, p.format, ctx)
        except ParseError as err:
            ev = err
        if not isinstance(ev, ParseError):
            ev.site, ev.source = site.name, sources.get(site.name, f"simulated-{p.format}")
            ev.origin = "backfill"
        results.append(ev)
    with PortalStore(dsn, pseudo, site_zones=zones) as store:
        for i in range(0, len(results), 2000):
            store.write(results[i:i + 2000])
        store.expire(dt.datetime.fromtimestamp(end_t, dt.timezone.utc))
    return len(results)
