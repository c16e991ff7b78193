"""`python -m dashboard report ...` (also `python -m dashboard.reports ...`).

Run by `kunang report` as a child process: the database comes from `--dsn` or
$KUNANG_DSN, the deployment's settings (organisation name, analytics G/M,
report languages/formats/recipients/output folder, SMTP channel) from the
JSON in $KUNANG_REPORT_SETTINGS. Errors print one line and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from contract import ENV_DSN, ENV_REPORT_SETTINGS
from dashboard.periods import Month, previous_month

PROG = "kunang report"


def add_arguments(p: argparse.ArgumentParser) -> None:
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", help="the month to report, YYYY-MM")
    when.add_argument("--previous-month", action="store_true", help="the month before the current one (site time)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--site", help="one library (default with --all: the district roll-up)")
    who.add_argument("--all", action="store_true", help="all libraries: the district roll-up (with --deliver: "
                                                        "every library and the roll-up)")
    p.add_argument("--format", choices=("pdf", "xlsx", "csv"), default="pdf",
                   help="output format (csv: a ZIP with one CSV per table)")
    p.add_argument("--lang", choices=("id", "en"), default=None, help="language (default: the configured one)")
    p.add_argument("--out", help="output file (single-report mode)")
    p.add_argument("--deliver", action="store_true",
                   help="produce the configured formats and languages, store them and e-mail them")
    p.add_argument("--no-email", action="store_true", help="with --deliver: store only")
    p.add_argument("--force", action="store_true", help="with --deliver: produce and send again what was sent")
    p.add_argument("--dsn", default=None, help=argparse.SUPPRESS)


class UsageError(Exception):
    pass


def _settings() -> dict:
    raw = os.environ.get(ENV_REPORT_SETTINGS)
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"KUNANG_REPORT_SETTINGS is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise UsageError("KUNANG_REPORT_SETTINGS must be a JSON object")
    return data


def run(args: argparse.Namespace) -> int:
    """Run the command; operator errors print one line and return 1."""
    try:
        return _run(args)
    except UsageError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    import psycopg

    from dashboard.reports.builder import ReportError, Settings, build_report
    from dashboard.reports.deliver import DeliverySettings, deliver
    from dashboard.reports.mailer import MailError
    from dashboard.reports.render import render

    conf = _settings()
    dsn = args.dsn or os.environ.get(ENV_DSN)
    if not dsn:
        raise UsageError("no database: set KUNANG_DSN (kunang report does this)")
    if args.month:
        try:
            month = Month.parse(args.month)
        except ValueError as exc:
            raise UsageError(f"--month: {exc}") from None
    else:
        tz = ZoneInfo(conf.get("timezone") or "Asia/Makassar")
        month = previous_month(dt.datetime.now(tz).date())
    settings = Settings.from_dict(conf)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            if args.deliver:
                ds = DeliverySettings.from_dict({**(conf.get("reports") or {}), "smtp": conf.get("smtp")})
                if args.site is None and not args.all:
                    raise UsageError("--deliver needs --site NAME or --all")
                result = deliver(conn, month, args.site, settings, ds, email=not args.no_email, force=args.force)
                for p in result.produced:
                    print(f"{p.filename}\t{len(p.content)} bytes\tid {p.id}")
                for name in result.skipped:
                    print(f"already delivered: {name} {month}", file=sys.stderr)
                if result.emails:
                    print(f"e-mailed {result.emails} message(s) to {', '.join(result.recipients)}", file=sys.stderr)
                elif not args.no_email and not (ds.smtp and ds.recipients) and result.produced:
                    print("not e-mailed: no reports.channel (e-mail) or no recipients configured", file=sys.stderr)
                for r in result.refused:
                    print(f"warning: recipient refused: {r}", file=sys.stderr)
                return 0
            if not args.out:
                raise UsageError("--out FILE is required (or use --deliver)")
            if not args.site and not args.all:
                raise UsageError("give --site NAME or --all")
            lang = args.lang or conf.get("language") or "id"
            model = build_report(conn, month, args.site, settings)
            content = render(model, args.format, lang)
    except psycopg.OperationalError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UsageError(f"cannot use the database: {first}") from None
    except (ReportError, MailError) as exc:
        raise UsageError(str(exc)) from None
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(content)
        tmp.replace(out)
    except OSError as exc:
        raise UsageError(f"--out: cannot write {out}: {exc.strerror}") from None
    print(f"{out}\t{len(content)} bytes")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="produce a monthly usage report (PDF, XLSX, CSV)")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    return run(args)
