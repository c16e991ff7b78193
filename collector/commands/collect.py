"""`kunang collect`: the collector service (runs until SIGINT/SIGTERM)."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal

log = logging.getLogger("kunang.collect")


def add_arguments(p) -> None:
    p.add_argument("--once", action="store_true", help="poll every device once, store the results and exit")
    p.add_argument("--name", default="default", help="collector name (when several share one database)")


def run(args) -> int:
    from collector.config import load_config
    from collector.db import migrate, timescale
    from collector.db.connect import database

    cfg = load_config(getattr(args, "config", None), required=True)
    if not cfg.sites:
        log.warning("no sites configured: nothing to poll (see config/kunang.example.yaml)")
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        timescale.follow_config(db.dsn, cfg)  # TimescaleDB policies as configured (no-op in plain mode)
        return asyncio.run(_main(cfg, db.dsn, args))


async def _main(cfg, dsn: str, args) -> int:
    from collector import scheduler
    from collector.alerts.manager import AlertManager
    from collector.commands import report as report_cmd
    from collector.config import resolve_path
    from collector.service import Collector

    collector = Collector(cfg, dsn, name=args.name)
    alerts = AlertManager(collector.pool, cfg, background_delivery=not args.once)  # issue 7: alerting hooks
    collector.closers.append(alerts.close)
    collector.hooks.append(alerts.process)  # after each stored poll batch: (batch, changes)
    collector.tick_hooks.append(alerts.tick)  # every heartbeat (poll interval)
    spec = report_cmd.cron_spec(cfg)
    if spec and not args.once:  # issue 8: the monthly reports, produced by a `kunang report` child process
        job = functools.partial(report_cmd.run_scheduled_async, resolve_path(getattr(args, "config", None)))
        collector.schedule_hooks.append(lambda sched: scheduler.monthly(sched, job, "monthly-report", **spec))
    if cfg.inlislite is not None:  # issue 21: the INLISLite guest book, pulled on its own schedule
        pull = functools.partial(_pull_guest_book, cfg, collector.pool)
        collector.schedule_hooks.append(
            lambda sched: scheduler.every(sched, pull, cfg.inlislite.interval_minutes * 60, "inlislite", first_in=5))
    if cfg.sensors and not args.once:  # issue 20: passive sensors, capture threads beside the other intakes
        _start_sensing(cfg, collector)
    try:
        if args.once:
            if cfg.inlislite is not None:
                await _pull_guest_book(cfg, collector.pool)
            r = await collector.run_once()
            print(f"polled {r.polled} device(s): {r.ok} ok, {r.failed} failed")
            return 0 if r.failed == 0 else 3
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await collector.run(stop)
        return 0
    finally:
        alerts.close()


def _start_sensing(cfg, collector) -> None:
    """The sensors of `sensors:`; their records stored by the collector's one writer every 2 s, and at stop."""
    from collector import scheduler
    from collector.db.pool import log_failure
    from collector.sensing.service import SensingService

    sensing = SensingService(cfg, collector.store.pseudo, pool=collector.pool)

    async def store_job() -> None:
        await collector._job("storing sensor records", sensing.store_pending)

    def close() -> None:
        sensing.stop()
        try:
            sensing.store_pending()
        except Exception as exc:  # the database away at stop: what the sensors saw last is lost, said once
            log_failure(log, "storing sensor records at stop", exc)

    collector.schedule_hooks.append(lambda sched: scheduler.every(sched, store_job, 2, "sensing", first_in=2))
    collector.closers.insert(0, close)
    sensing.start()
    log.info("sensing with %d sensor(s): %s", len(sensing.sensors), ", ".join(sensing.sensors))


async def _pull_guest_book(cfg, db) -> None:
    """One guest-book pull in a worker thread; a fault is a stored state, never the end of the service."""
    import datetime as dt

    from collector.inlislite import sync

    try:
        await asyncio.to_thread(sync.pull, cfg, db, dt.datetime.now(dt.timezone.utc))
    except Exception as exc:  # the job boundary: log, keep collecting (the database away: a state, logged once)
        from collector.db.pool import log_failure

        log_failure(log, "INLISLite guest-book pull", exc)
