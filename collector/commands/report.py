"""`kunang report`: a monthly usage report (PDF, XLSX, CSV), or the scheduled
delivery (`--previous-month --all --deliver`).

The collector never imports the dashboard package: this command resolves the
configuration and the database, then runs `python -m dashboard.reports` (the
same command as `python -m dashboard report`) as a child process, passing the
DSN and the settings the report needs through its environment.

For the collector service's scheduler: `cron_spec(cfg)` gives the APScheduler
CronTrigger arguments of the monthly job and `run_scheduled(config_path)` runs
the delivery as a subprocess (no dashboard import, no APScheduler import here).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from collector.errors import KunangError
from contract import ENV_DSN, ENV_REPORT_SETTINGS

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # holds collector/ and dashboard/
CHILD_MODULE = "dashboard.reports"


def add_arguments(p) -> None:
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", help="the month to report, YYYY-MM")
    when.add_argument("--previous-month", action="store_true", help="the month before the current one (site time)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--site", help="one library by name")
    who.add_argument("--all", action="store_true",
                     help="the district roll-up of all libraries (with --deliver: every library and the roll-up)")
    p.add_argument("--format", choices=("pdf", "xlsx", "csv"), default="pdf",
                   help="output format (csv: a ZIP with one CSV per table)")
    p.add_argument("--lang", choices=("id", "en"), help="language (default: the configured `language`)")
    p.add_argument("--out", help="output file")
    p.add_argument("--deliver", action="store_true",
                   help="produce reports.formats x reports.languages, store them (dashboard Reports page) "
                        "and e-mail them through reports.channel")
    p.add_argument("--no-email", action="store_true", help="with --deliver: store only")
    p.add_argument("--force", action="store_true", help="with --deliver: produce and send again what was sent")


def site_timezone(cfg) -> str:
    """The time zone of "site time" for the district's schedule: the first site's."""
    return cfg.sites[0].timezone if cfg.sites else "Asia/Makassar"


def smtp_settings(cfg) -> tuple[dict | None, list[str]]:
    """(SMTP settings of reports.channel, recipients); (None, []) when no channel is set."""
    name = cfg.reports.channel
    if not name:
        return None, list(cfg.reports.recipients)
    for ch in cfg.alerts.channels:
        if ch.name == name:
            if ch.type != "email":
                raise KunangError(f"reports.channel: channel {name!r} is of type {ch.type}, not email")
            smtp = {
                "host": ch.host, "port": ch.port, "security": ch.security, "username": ch.username,
                "password": ch.password.reveal() if ch.password else None, "sender": ch.sender,
            }
            return smtp, list(cfg.reports.recipients or ch.recipients)
    raise KunangError(f"reports.channel: no channel named {name!r} in alerts.channels")


def child_settings(cfg) -> dict:
    smtp, recipients = smtp_settings(cfg)
    return {
        "organisation": cfg.name,
        "language": cfg.language,
        "timezone": site_timezone(cfg),
        "session_gap_minutes": cfg.analytics.session_gap_minutes,
        "visitor_min_minutes": cfg.analytics.visitor_min_minutes,
        "returning_window_days": cfg.analytics.returning_window_days,
        "rotating_salt": cfg.privacy.rotating_salt,
        "reports": {
            "languages": list(cfg.reports.languages),
            "formats": list(cfg.reports.formats),
            "recipients": recipients,
            "output_dir": str(Path(cfg.reports.output_dir).resolve()),
        },
        "smtp": smtp,
    }


def child_argv(args) -> list[str]:
    argv = [sys.executable, "-m", CHILD_MODULE]
    argv += ["--month", args.month] if args.month else ["--previous-month"]
    if args.site:
        argv += ["--site", args.site]
    elif args.all:
        argv += ["--all"]
    argv += ["--format", args.format]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.out:
        argv += ["--out", str(Path(args.out).resolve())]
    for flag in ("deliver", "no_email", "force"):
        if getattr(args, flag, False):
            argv.append("--" + flag.replace("_", "-"))
    if getattr(args, "debug", False):
        argv.append("--debug")
    return argv


def run(args) -> int:
    from collector.config import load_config
    from collector.db.connect import open_database

    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        raise KunangError(f"--month: {args.month!r} is not a month of the form YYYY-MM (for example 2026-10)")
    if not args.deliver and not args.out:
        raise KunangError("--out FILE is required (or use --deliver)")
    if not args.site and not args.all:
        raise KunangError("give --site NAME or --all")
    cfg = load_config(getattr(args, "config", None), required=True)
    settings = child_settings(cfg)
    db = open_database(cfg.database)
    try:
        env = dict(os.environ)
        env[ENV_DSN] = db.dsn
        env[ENV_REPORT_SETTINGS] = json.dumps(settings)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
        env.setdefault("MPLBACKEND", "Agg")
        env.setdefault("MPLCONFIGDIR", str(Path(cfg.reports.output_dir).resolve() / ".mpl"))
        proc = subprocess.run(child_argv(args), env=env, check=False)
        return proc.returncode
    finally:
        db.close()


# --------------------------------------------------------------------------- for the collector's scheduler


def cron_spec(cfg) -> dict | None:
    """APScheduler `CronTrigger(**cron_spec(cfg))` of the monthly report job; None when reports are disabled.

    Default: the 1st of the month at 07:00 site time.
    """
    if not cfg.reports.enabled:
        return None
    hour, minute = (int(x) for x in cfg.reports.time.split(":"))
    return {"day": cfg.reports.day_of_month, "hour": hour, "minute": minute, "timezone": site_timezone(cfg)}


def scheduled_argv(config_path: str | os.PathLike | None) -> list[str]:
    argv = [sys.executable, "-m", "collector"]
    if config_path:
        argv += ["--config", str(Path(config_path).resolve())]
    return argv + ["report", "--previous-month", "--all", "--deliver"]


def run_scheduled(config_path: str | os.PathLike | None, timeout_s: float = 3600) -> int:
    """Run `kunang report --previous-month --all --deliver` as a subprocess; returns its exit code.

    Safe to call from a scheduler job: never raises for a failed report (it logs).
    """
    argv = scheduled_argv(config_path)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
    try:
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        log.error("monthly report delivery did not finish within %.0f s", timeout_s)
        return 124
    except OSError as exc:
        log.error("monthly report delivery could not start: %s", exc)
        return 127
    for line in proc.stdout.splitlines():
        log.info("report: %s", line)
    for line in proc.stderr.splitlines():
        (log.error if proc.returncode else log.info)("report: %s", line)
    if proc.returncode:
        log.error("monthly report delivery failed (exit %d)", proc.returncode)
    return proc.returncode


async def run_scheduled_async(config_path: str | os.PathLike | None, timeout_s: float = 3600) -> int:
    """`run_scheduled` for an asyncio scheduler job (the subprocess waits in a worker thread)::

        spec = cron_spec(cfg)
        if spec:
            scheduler.monthly(sched, functools.partial(run_scheduled_async, config_path), "monthly-report", **spec)
    """
    import asyncio

    return await asyncio.to_thread(run_scheduled, config_path, timeout_s)
