"""One pull of the guest book: INLISLite -> hourly aggregates -> Kunang's store.

`pull(cfg, dsn, now)` recomputes the last `lookback_days` local days (late
entries and corrections included) and replaces them atomically. A fault is a
state in `library_visit_source` (shown on the data-quality page) and is logged
once, when it starts; the next good pull clears it. Nothing here raises for
an unreachable database or a wrong schema: the collector keeps running.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import psycopg

from collector.inlislite import aggregate, schema, store
from collector.inlislite.source import QueryError, Source, Unreachable

log = logging.getLogger("kunang.inlislite")


@dataclass
class PullResult:
    state: str  # ok | unreachable | schema_error | error
    detail: str | None = None
    visits: int = 0
    rows: int = 0
    unmapped: int = 0
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def zone(cfg) -> ZoneInfo:
    inl = cfg.inlislite
    if inl.timezone:
        return ZoneInfo(inl.timezone)
    sites = {s.name: s for s in cfg.sites}
    first = sites.get(inl.sites[0].site)
    return ZoneInfo(first.timezone if first else "Asia/Makassar")


def local_window(tz: ZoneInfo, now: dt.datetime, days: int) -> tuple[dt.datetime, dt.datetime]:
    """Naive local [start of the day `days-1` days ago, start of tomorrow)."""
    today = now.astimezone(tz).date()
    start = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time())
    return start, dt.datetime.combine(today + dt.timedelta(days=1), dt.time())


def read(src: Source, cfg, start: dt.datetime, end: dt.datetime, tz: ZoneInfo) -> aggregate.Aggregates:
    """Aggregates of [start, end) (naive local times) from an open source."""
    src.check_schema()
    sites = aggregate.location_sites(src.locations(), cfg.inlislite.sites)
    agg = aggregate.Aggregates()
    aggregate.add_individual(agg, src.individual(start, end), sites, tz)
    aggregate.add_groups(agg, src.groups(start, end), sites, tz)
    return agg


def pull(cfg, dsn, now: dt.datetime, *, start: dt.datetime | None = None,
         end: dt.datetime | None = None) -> PullResult:
    """One pull; `start`/`end` (naive local) override the lookback window (backfill). `dsn`: a DSN or
    the collector's connection owner (`collector.db.pool.Pool`)."""
    inl = cfg.inlislite
    tz = zone(cfg)
    if start is None or end is None:
        start, end = local_window(tz, now, inl.lookback_days)
    utc = (start.replace(tzinfo=tz).astimezone(dt.timezone.utc), end.replace(tzinfo=tz).astimezone(dt.timezone.utc))
    mapped = sorted({m.site for m in inl.sites})
    try:
        with Source(inl.dsn.reveal(), connect_timeout_s=inl.connect_timeout_s) as src:
            agg = read(src, cfg, start, end, tz)
    except Unreachable as exc:
        return _record(dsn, PullResult("unreachable", str(exc)), now)
    except schema.SchemaError as exc:
        return _record(dsn, PullResult("schema_error", str(exc)), now)
    except QueryError as exc:
        return _record(dsn, PullResult("error", str(exc)), now)
    with _connection(dsn) as conn:
        store.ensure_sites(conn, cfg, mapped)
        rows = store.replace_window(conn, agg, mapped, utc[0], utc[1])
    res = PullResult("ok", None, visits=agg.total(), rows=rows, unmapped=sum(agg.unmapped.values()),
                     start=utc[0], end=utc[1])
    if res.unmapped:
        res.detail = (f"{res.unmapped} visit(s) at INLISLite location(s) no site maps: "
                      + ", ".join(str(k) for k in sorted(agg.unmapped, key=str)[:10]))
    return _record(dsn, res, now)


def _connection(db):
    """`db`: the collector's connection owner (`collector.db.pool`), or a DSN."""
    return psycopg.connect(db) if isinstance(db, str) else db.connection()


def _record(dsn, res: PullResult, now: dt.datetime) -> PullResult:
    with _connection(dsn) as conn:
        before = store.record_state(conn, res.state, res.detail, now,
                                    synced=(res.start, res.end) if res.state == "ok" else None,
                                    visits=res.visits if res.state == "ok" else None, unmapped=res.unmapped)
    if res.state != "ok" and before != res.state:
        log.warning("INLISLite guest book: %s", res.detail)  # logged once, when the fault starts
    elif res.state == "ok" and before not in (None, "ok"):
        log.info("INLISLite guest book reachable again")
    return res
