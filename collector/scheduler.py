"""APScheduler 3 wiring; the only module that imports APScheduler.

Jobs never overlap themselves (max_instances=1) and missed runs are coalesced into
one. Device polls are not APScheduler jobs: `collector.cadence` places them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}


def new_scheduler() -> AsyncIOScheduler:
    return AsyncIOScheduler(job_defaults=JOB_DEFAULTS, timezone=dt.timezone.utc)


def every(sched: AsyncIOScheduler, func: Callable[..., Awaitable[Any]], seconds: float, job_id: str, *,
          jitter: float | None = None, first_in: float = 0.0, args: tuple = ()) -> None:
    start = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=first_in)
    sched.add_job(func, IntervalTrigger(seconds=seconds, jitter=jitter, start_date=start), id=job_id,
                  args=args, next_run_time=start, replace_existing=True)


def monthly(sched: AsyncIOScheduler, func: Callable[..., Awaitable[Any]], job_id: str, *, day: int,
            hour: int, minute: int, timezone: str) -> None:
    sched.add_job(func, CronTrigger(day=day, hour=hour, minute=minute, timezone=timezone), id=job_id,
                  replace_existing=True)


def daily(sched: AsyncIOScheduler, func: Callable[..., Awaitable[Any]], job_id: str, *, hour: int,
          minute: int, timezone: str) -> None:
    sched.add_job(func, CronTrigger(hour=hour, minute=minute, timezone=timezone), id=job_id,
                  replace_existing=True)
