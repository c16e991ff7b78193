"""`kunang alerts list|ack|silence|test-channel`."""

from __future__ import annotations

import datetime as dt
import json
import re

from collector.errors import KunangError

DURATION = re.compile(r"^(\d+)\s*([mhd])$")


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="open alerts and those of the last --hours (default 24)")
    ls.add_argument("--all", action="store_true", help="the whole history (newest first, up to --limit)")
    ls.add_argument("--hours", type=float, default=24.0, help="also show alerts opened in the last HOURS")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--lang", choices=("id", "en"), help="language of the titles (default: the config's)")
    ack = sub.add_parser("ack", help="acknowledge an alert: no more reminders")
    ack.add_argument("id", type=int)
    ack.add_argument("--by", help="who acknowledges (name)")
    ack.add_argument("--note", help="e.g. 'technician on the way'")
    si = sub.add_parser("silence", help="mute notifications for a site, an AP or a kind (maintenance windows)")
    si.add_argument("--site", help="site name (default: every site)")
    si.add_argument("--ap", help="access point name within --site")
    si.add_argument("--kind", help="alert kind, e.g. ap_down (default: every kind)")
    si.add_argument("--for", dest="duration", help="how long: 30m, 2h, 3d")
    si.add_argument("--start", help="start time, ISO 8601 (default: now); naive times are the site's local time")
    si.add_argument("--until", help="end time, ISO 8601; naive times are the site's local time")
    si.add_argument("--reason", default="", help="shown in the dashboard")
    si.add_argument("--maintenance", action="store_true", help="planned work (a maintenance window)")
    si.add_argument("--by", help="who sets it")
    si.add_argument("--list", action="store_true", help="list current and future silences")
    si.add_argument("--end", type=int, metavar="ID", help="end silence ID now")
    tc = sub.add_parser("test-channel", help="send a test message through a channel now and report the result")
    tc.add_argument("name", help="channel name from alerts.channels")


def parse_duration(text: str) -> dt.timedelta:
    m = DURATION.match(text.strip().lower())
    if not m:
        raise KunangError(f"--for: {text!r} is not a duration like 30m, 2h or 3d")
    n, unit = int(m.group(1)), m.group(2)
    if n <= 0:
        raise KunangError("--for: must be positive")
    return dt.timedelta(minutes=n) if unit == "m" else dt.timedelta(hours=n) if unit == "h" else dt.timedelta(days=n)


def parse_time(text: str, tz: str, flag: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    try:
        t = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise KunangError(f"{flag}: {text!r} is not an ISO 8601 time such as 2026-12-01T08:00") from None
    return t.replace(tzinfo=ZoneInfo(tz)) if t.tzinfo is None else t


def run(args) -> int:
    from collector.config import load_config

    cfg = load_config(getattr(args, "config", None), required=True)
    if args.alerts_command == "test-channel":
        from collector.alerts import admin

        answer, took = admin.test_channel(cfg, args.name)
        print(f"channel {args.name!r}: delivered in {took:.2f} s ({answer})")
        return 0

    import psycopg

    from collector.db import migrate
    from collector.db.connect import database

    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        with psycopg.connect(db.dsn, autocommit=True) as conn:
            return _COMMANDS[args.alerts_command](args, cfg, conn)


def _list(args, cfg, conn) -> int:
    from collector.alerts import admin, templates
    from collector.alerts.planner import _ts

    now = dt.datetime.now(dt.timezone.utc)
    rows = admin.list_alerts(conn, include_all=args.all, since=now - dt.timedelta(hours=args.hours), limit=args.limit)
    lang = args.lang or cfg.language
    tz = {s.name: s.timezone for s in cfg.sites}
    out = []
    for r in rows:
        d = r["detail"] or {}
        facts = {**d, "ap": r["ap"] or d.get("ap"), "site": r["site"] or d.get("site"),
                 "source": d.get("source_name"), "since": _ts(d.get("since")) or r["opened_at"],
                 "tz": tz.get(r["site"] or "", "Asia/Makassar")}
        title = templates.render(r["kind"], "firing", lang, facts)[0].removeprefix(templates.PREFIX + " ")
        status = r["state"] if r["state"] == "resolved" else (
            "acked" if r["acked_at"] else (f"held:{r['hold_reason']}" if r["hold_reason"] else
                                           ("inhibited" if r["inhibited_by"] else "firing")))
        out.append({"id": r["id"], "kind": r["kind"], "status": status, "title": title, "site": r["site"],
                    "ap": r["ap"], "opened_at": r["opened_at"].isoformat(),
                    "resolved_at": r["resolved_at"].isoformat() if r["resolved_at"] else None,
                    "notified": r["notified_at"] is not None, "notifications": r["notify_count"],
                    "acked_by": r["acked_by"]})
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not out:
        print("no alerts" if lang == "en" else "tidak ada peringatan")
        return 0
    for a in out:
        opened = templates.fmt_time(dt.datetime.fromisoformat(a["opened_at"]), tz.get(a["site"] or "", "Asia/Makassar"))
        print(f"#{a['id']:<6} {a['status']:<16} {opened}  {a['title']}")
    return 0


def _ack(args, cfg, conn) -> int:
    from collector.alerts import admin

    if not admin.ack(conn, args.id, by=args.by, note=args.note):
        raise KunangError(f"alert #{args.id} does not exist or is already acknowledged")
    print(f"alert #{args.id} acknowledged: no more reminders")
    return 0


def _silence(args, cfg, conn) -> int:
    from collector.alerts import admin

    if args.list:
        rows = admin.list_silences(conn)
        if not rows:
            print("no silences")
        for r in rows:
            scope = " ".join(filter(None, [r["site"] and f"site={r['site']}", r["ap"] and f"ap={r['ap']}",
                                           r["kind"] and f"kind={r['kind']}"])) or "everything"
            what = "maintenance" if r["maintenance"] else "silence"
            print(f"#{r['id']:<5} {what:<11} {r['starts_at']:%Y-%m-%d %H:%M} -> {r['ends_at']:%Y-%m-%d %H:%M} UTC"
                  f"  {scope}  {r['reason']}")
        return 0
    if args.end is not None:
        if not admin.end_silence(conn, args.end):
            raise KunangError(f"silence #{args.end} does not exist or has already ended")
        print(f"silence #{args.end} ended")
        return 0
    if not args.duration and not args.until:
        raise KunangError("silence: give --for (e.g. 2h) or --until, or use --list / --end ID")
    tz = "Asia/Makassar"
    if args.site:
        try:
            tz = cfg.site(args.site).timezone
        except KeyError:
            pass
    start = parse_time(args.start, tz, "--start") if args.start else dt.datetime.now(dt.timezone.utc)
    end = parse_time(args.until, tz, "--until") if args.until else start + parse_duration(args.duration)
    site_id, ap_id = admin.resolve_target(conn, args.site, args.ap)
    sid = admin.add_silence(conn, starts_at=start, ends_at=end, site_id=site_id, ap_id=ap_id, kind=args.kind,
                            reason=args.reason, maintenance=args.maintenance, by=args.by)
    print(f"silence #{sid} until {end.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    return 0


_COMMANDS = {"list": _list, "ack": _ack, "silence": _silence}
