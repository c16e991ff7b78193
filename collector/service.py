"""The collector service (`kunang collect`): one event loop that polls, listens and stores.

- one loop per device (`collector.cadence`): polls at a stable phase of its interval, so a
  fleet's polls spread uniformly over the interval; a device never overlaps itself, a slow one
  delays only itself, and slots it misses are counted as skipped;
- polls run concurrently, bounded by `snmp.concurrency`;
- results go through a queue to ONE writer (a single worker thread owning the
  PollStore), which stores them in batches and hands state changes to the hooks
  (the alert manager);
- a heartbeat per poll interval records the round, refreshes rollups and closes
  sessions whose devices left;
- in TimescaleDB mode, hourly: the policy jobs TimescaleDB's scheduler failed or
  skipped are run from here (collector/db/timescale.py).

No global state: tests run several collectors side by side.

Size: the wiring of the collector process (poll loops, the writer thread, intake, portal sources,
scheduled jobs, clean stop); the work itself is in the modules it wires.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable


from collector import cadence, privacy, scheduler, targets
from collector.config import Config
from collector.db.pool import Pool, log_failure
from collector.db.queries import query
from collector.db.inventory import ApRef
from collector.db.ap_state import StateChange
from collector.db.writer import PollStore
from collector.district.backfill import refresh_backfilled

log = logging.getLogger(__name__)

Hook = Callable[[list[tuple[ApRef, Any]], list[StateChange]], None]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class RoundStats:
    started: float = field(default_factory=time.monotonic)
    polled: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # slots not polled: the device's previous poll, or a free poll slot, came too late


class Collector:
    def __init__(self, cfg: Config, dsn: str, *, name: str = "default", profiles: dict | None = None,
                 poll_fn: Callable | None = None):
        self.cfg = cfg
        self.name = name
        if profiles is None:
            from collector.profiles.loader import load_profiles

            profiles = load_profiles(cfg.snmp.profile_dirs)  # fail fast on a broken profile
        self.profiles = profiles
        self._poll_fn = poll_fn or self._snmp_poll
        # one SNMP engine shared by every poll; per device the hints (table sizes, to size requests)
        # and its identification, reused (no probe GET per poll)
        from collector.poller import DevicePolls

        self._polls = DevicePolls()
        # the PollStore is used only from this one thread: one writer
        self._io = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kunang-writer")
        # the one owner of this process's database connections (writer, portal store, alerts)
        self.pool = Pool(dsn, size=cfg.database.pool_size, name=f"kunang-{name}")
        self.closers: list[Callable[[], None]] = []  # run at stop, before the pool closes (the alert manager)
        self.store = PollStore(self.pool, privacy.from_config(cfg),
                           session_gap_minutes=cfg.analytics.session_gap_minutes,
                           down_after_failures=cfg.snmp.down_after_failures,
                           up_after_successes=cfg.snmp.up_after_successes,
                           pool_size=cfg.database.pool_size)
        self.refs = self.store.sync_inventory(cfg)
        self._configure_analytics()
        self.devices = targets.devices(cfg, self.refs)
        self.hooks: list[Hook] = []
        self.tick_hooks: list[Callable[[dt.datetime], None]] = []
        self.schedule_hooks: list[Callable[[Any], None]] = []  # add jobs to the scheduler at start
        self._queue: asyncio.Queue | None = None
        self.spool = None  # the service's durable intake (`run`); `run_once` stores directly
        self.intake = None
        self._sem: asyncio.Semaphore | None = None
        self._round = RoundStats()
        self.writes = 0  # batches stored (for tests and `--once`)

    def _configure_analytics(self) -> None:
        a = self.cfg.analytics
        with self.store.pool.connection() as conn, conn.transaction():
            conn.execute(query("configure_analytics"),
                         (a.session_gap_minutes, a.visitor_min_minutes, a.returning_window_days,
                          self.cfg.privacy.rotating_salt, self.cfg.snmp.poll_interval_s))
            conn.execute(query("configure_district"),
                         (self.cfg.alerts.village_silent_hours, a.late_after_minutes))

    def refresh_analytics(self, now: dt.datetime) -> None:
        """Derived usage tables (visits, site days, ...) for the recent hours; after the rollups."""
        with self.store.pool.connection() as conn, conn.transaction():
            conn.execute(query("refresh_analytics"), (now - dt.timedelta(hours=2), now))
            conn.execute(query("refresh_probes"), {"now": now})  # probe sightings -> hourly/daily footfall
        with self.store.pool.connection(autocommit=True) as conn:
            refresh_backfilled(conn, now - dt.timedelta(hours=2))  # late village data, where it belongs

    def purge(self, now: dt.datetime) -> None:
        from collector import retention

        with self.pool.connection(autocommit=True) as conn:
            deleted = retention.purge(conn, self.cfg.retention, now)
        if any(deleted.values()):
            log.info("retention: deleted %s", ", ".join(f"{n} {t}" for t, n in deleted.items() if n))

    def timescaledb_maintenance(self) -> None:
        """Run the TimescaleDB policy jobs the background scheduler failed or skipped (plain mode: nothing)."""
        from collector.db import timescale

        if self.store.mode != "timescaledb":
            return
        with self.pool.connection(autocommit=True) as conn:  # a connection of its own from the one pool
            timescale.run_stalled_jobs(conn)

    async def maintenance_job(self) -> None:
        # on its own thread and connection: a compression backlog must not hold up the poll writes
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.timescaledb_maintenance)
        except Exception as exc:
            log_failure(log, "timescaledb maintenance", exc)

    async def _job(self, name: str, fn: Callable, *args) -> None:
        try:
            await self._in_writer(fn, *args)
        except Exception as exc:
            log_failure(log, name, exc)

    async def analytics_job(self) -> None:
        await self._job("analytics refresh", self.refresh_analytics, utcnow())

    async def retention_job(self) -> None:
        await self._job("retention", self.purge, utcnow())

    async def _snmp_poll(self, target, profiles, profile_name):
        return await self._polls.poll(target, profiles, profile_name)

    async def _in_writer(self, fn: Callable, *args) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io, fn, *args)

    # ------------------------------------------------------------------ jobs

    async def poll_device(self, dev: targets.Device, slot: float | None = None) -> None:
        """Poll one device and queue its result. With `slot` (Unix time it was due), a poll that
        could not start before the device's next slot is dropped and counted as skipped."""
        assert self._sem is not None and self._queue is not None
        async with self._sem:
            if slot is not None and time.time() >= slot + dev.interval_s:
                self._round.skipped += 1
                return
            try:
                result = await self._poll_fn(dev.target, self.profiles, dev.profile)
            except Exception:  # the poller reports device faults as states; this is a bug guard
                log.exception("poll of %s/%s failed unexpectedly", dev.ref.site, dev.ref.name)
                return
        self._round.polled += 1
        if result.reachable:
            self._round.ok += 1
        else:
            self._round.failed += 1
        if self.spool is not None:  # accepted: on disk within the spool's sync interval
            from collector.intake import encode_poll

            self.spool.append(encode_poll(dev.ref.ap_id, result))
            return
        await self._queue.put((dev.ref, result))

    def _skipped(self, n: int) -> None:
        self._round.skipped += n

    async def _device_loop(self, dev: targets.Device, stop: asyncio.Event) -> None:
        try:
            await cadence.run_device(f"ap:{dev.ref.ap_id}", dev.interval_s, functools.partial(self.poll_device, dev),
                                     self._skipped, stop)
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug guard: the device's loop must not end silently
            log.exception("polling loop of %s/%s failed", dev.ref.site, dev.ref.name)

    async def _writer(self) -> None:
        assert self._queue is not None
        while True:
            batch = [await self._queue.get()]
            while len(batch) < 500 and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                changes = await self._in_writer(self.store.write_polls, batch)
                self.writes += 1
                for hook in self.hooks:
                    await self._in_writer(hook, batch, changes)
            except Exception as exc:
                log_failure(log, f"storing {len(batch)} poll result(s)", exc)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def heartbeat(self) -> None:
        now = utcnow()
        r, self._round = self._round, RoundStats()
        duration = int((time.monotonic() - r.started) * 1000)
        try:
            await self._in_writer(self.store.record_round, now, r.polled, r.ok, r.failed, duration, self.name,
                                  r.skipped)
            await self._in_writer(self.store.flush_sessions, now)
            await self._in_writer(self.store.refresh_rollups, now - dt.timedelta(hours=2), now)
            for hook in self.tick_hooks:
                await self._in_writer(hook, now)
        except Exception as exc:
            log_failure(log, "heartbeat", exc)

    # ------------------------------------------------------------------ running

    def _start(self) -> asyncio.Task:
        self._queue = asyncio.Queue()
        self._sem = asyncio.Semaphore(self.cfg.snmp.concurrency)
        return asyncio.create_task(self._writer(), name="kunang-writer")

    async def _stop(self, writer: asyncio.Task) -> None:
        assert self._queue is not None
        await asyncio.wait_for(self._queue.join(), timeout=30)
        writer.cancel()
        await self._in_writer(self.store.close)
        self._io.shutdown(wait=True)
        for close in self.closers:
            close()
        self.pool.close()
        self._polls.close()

    async def run_once(self) -> RoundStats:
        """Poll every device once, store everything, close sessions as due; returns the round."""
        writer = self._start()
        try:
            await asyncio.gather(*(self.poll_device(d) for d in self.devices))
            await self._queue.join()
            stats = self._round
            await self.heartbeat()
            await self.analytics_job()
        finally:
            await self._stop(writer)
        return stats

    def spool_dir(self):
        from pathlib import Path

        base = self.cfg.spool.dir or Path(self.cfg.database.data_dir).resolve().parent / "spool"
        return Path(base) / self.name

    def _open_intake(self) -> None:
        """The spool and its consumer (the service's write path)."""
        from collector.intake import Intake
        from collector.intake_state import Counters
        from collector.portal.service import line_sources
        from collector.portal.store import PortalStore
        from collector.spool import Spool, SpoolError

        try:
            self.spool = Spool(self.spool_dir(), max_bytes=self.cfg.spool.max_mb << 20)
        except SpoolError as exc:
            from collector.errors import KunangError

            raise KunangError(f"spool: {exc}") from None
        counters = Counters(self.spool_dir(), self.name)
        self.portal_store = None
        if self.cfg.portal.sources:
            self.portal_store = PortalStore(
                self.pool, self.store.pseudo,
                session_timeout=dt.timedelta(minutes=self.cfg.portal.session_timeout_minutes),
                site_zones={s.name: s.timezone for s in self.cfg.sites})
        self.intake = Intake(self.spool, store=self.store, portal=self.portal_store, sources=line_sources(self.cfg),
                             refs={r.ap_id: r for r in self.refs.values()}, hooks=self.hooks, counters=counters)
        if self.spool.pending:
            log.info("spool: %d record(s) kept from before, storing them", self.spool.pending)

    async def _intake_loop(self, stop: asyncio.Event) -> None:
        """Store what the spool holds, in the writer thread; wait and retry while the database is away."""
        backoff = 0.5
        while True:
            try:
                n = await self._in_writer(self.intake.step)
                backoff = 0.5
            except Exception as exc:
                log_failure(log, "storing from the spool", exc)
                if stop.is_set():
                    return
                await asyncio.sleep(backoff)
                backoff = min(5.0, backoff * 2)
                continue
            if n == 0:
                if stop.is_set():
                    return
                await asyncio.sleep(0.05)

    async def _portal(self, stop: asyncio.Event) -> None:
        """Syslog receiver and file tailers of `portal.*`, spooling what they accept."""
        import errno

        from collector.errors import KunangError
        from collector.intake_state import FileOffsets
        from collector.portal.service import run_portal

        from collector.portal.offsets import DbOffsets

        offsets = FileOffsets(self.spool_dir(), fallback=DbOffsets(self.pool))
        try:
            await run_portal(self.cfg, self.portal_store, offsets, stop, spool=self.spool,
                             counters=self.intake.counters)
        except OSError as exc:
            lc = self.cfg.portal.syslog
            if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                raise KunangError(f"portal.syslog: cannot listen on {lc.address}:{lc.port}: {exc.strerror}") from None
            raise

    async def run(self, stop: asyncio.Event) -> None:
        self._open_intake()
        drained = asyncio.Event()  # set at stop, after the sources stopped: the intake drains, then ends
        intake = asyncio.create_task(self._intake_loop(drained), name="kunang-intake")
        portal = None
        if self.cfg.portal.sources:
            portal = asyncio.create_task(self._portal(stop), name="kunang-portal")
            await asyncio.sleep(0.2)  # let it bind (a port in use ends the service at once)
            if portal.done():
                portal.result()
        writer = self._start()
        sched = scheduler.new_scheduler()
        polling = [asyncio.create_task(self._device_loop(dev, stop), name=f"kunang-poll-{dev.ref.ap_id}")
                   for dev in self.devices]
        interval = self.cfg.snmp.poll_interval_s
        scheduler.every(sched, self.heartbeat, interval, "heartbeat", first_in=interval)
        scheduler.every(sched, self.analytics_job, 300, "analytics", first_in=interval + 5)
        scheduler.every(sched, self.retention_job, 86400, "retention", first_in=30)
        if self.store.mode == "timescaledb":
            scheduler.every(sched, self.maintenance_job, 3600, "timescaledb-maintenance", first_in=120)
        for add_jobs in self.schedule_hooks:
            add_jobs(sched)
        sched.start()
        log.info("collector %r polling %d device(s) at %d site(s)", self.name, len(self.devices),
                 len(self.cfg.sites))
        try:
            await stop.wait()
        finally:
            sched.shutdown(wait=False)
            stop.set()
            # polls under way finish (each is bounded by its SNMP timeout); then the loops end
            _done, pending = await asyncio.wait(polling, timeout=60) if polling else (set(), set())
            for task in pending:
                task.cancel()
            if portal is not None:
                await asyncio.gather(portal, return_exceptions=True)
            drained.set()
            try:  # what is left (the database is away) stays in the spool for the next start
                await asyncio.wait_for(intake, timeout=30)
            except asyncio.TimeoutError:
                intake.cancel()
            if self.portal_store is not None:
                await self._in_writer(self.portal_store.close)
            self.spool.sync()
            if self.spool.pending:
                log.warning("spool: %d record(s) not stored yet; kept in %s for the next start", self.spool.pending,
                            self.spool.dir)
            self.intake.flush_counters(every_s=0)
            self.spool.close()
            await self._stop(writer)
            log.info("collector stopped")
