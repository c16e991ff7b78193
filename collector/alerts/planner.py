"""Turn alert rows into queued notifications, following `policy.decide`.

Runs inside the manager's transaction: the alert's notification bookkeeping
and the queued rows commit together, so a restart neither repeats nor loses.
"""

from __future__ import annotations

import datetime as dt

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from collector.alerts import policy, templates
from collector.alerts.queries import q
from collector.alerts.rules import renotify_delay_s

INSTANT = {"ap_reboot"}  # events, not states: resolved as soon as notified


def _ts(v) -> dt.datetime | None:
    if v is None or isinstance(v, dt.datetime):
        return v
    return dt.datetime.fromisoformat(v)


def facts_for(row: dict, info, now: dt.datetime) -> dict:
    d = row["detail"] or {}
    facts = {
        "alert_id": row["id"], "tz": (info.timezone if info else None) or "Asia/Makassar",
        "site": d.get("site") or (info.site if info else None), "ap": d.get("ap") or (info.name if info else None),
        "source": d.get("source_name"), "since": _ts(d.get("since")) or row["opened_at"],
        "at": row["resolved_at"] or now, "clients": d.get("clients"), "minutes": d.get("minutes"),
        "transitions": d.get("transitions"), "aps": d.get("aps"), "gateway": d.get("gateway"), "sites": d.get("sites"),
        "state": d.get("state", "up"), "held": row.get("hold_reason") == "closed",
        "collector": d.get("collector"), "lines": d.get("lines"), "total": d.get("total"), "hours": d.get("hours"),
    }
    if d.get("via") == "controller":
        facts["detail"] = None
    return facts


def payload_for(row: dict, event: str, facts: dict, lang: str, now: dt.datetime) -> dict:
    messages = {}
    for lg in ("id", "en"):
        s, b = templates.render(row["kind"], event, lg, facts)
        messages[lg] = {"title": s, "text": b}
    return {
        "source": "kunang", "alert_id": row["id"], "kind": row["kind"], "event": event,
        "state": "resolved" if event == "resolved" else "firing", "subject": row["subject"],
        "site": facts["site"], "ap": facts["ap"], "opened_at": row["opened_at"].isoformat(),
        "since": facts["since"].isoformat() if facts["since"] else None,
        "resolved_at": row["resolved_at"].isoformat() if row["resolved_at"] else None,
        "detail": row["detail"] or {}, "language": lang, "title": messages[lang]["title"],
        "text": messages[lang]["text"], "messages": messages, "queued_at": now.isoformat(),
    }


def queue(conn, cfg, row: dict, event: str, seq: int, channel_names, info, now: dt.datetime) -> int:
    facts = facts_for(row, info, now)
    n = 0
    for name in channel_names:
        ch = next((c for c in cfg.alerts.channels if c.name == name), None)
        if ch is None:
            continue
        lang = ch.language or cfg.language
        subject, body = templates.render(row["kind"], event, lang, facts)
        conn.execute(q("queue_notification"), {
            "alert_id": row["id"], "event": event, "channel": ch.name, "channel_type": ch.type, "language": lang,
            "dedup": f"alert:{row['id']}:{event}:{seq}:{ch.name}", "subject": subject, "body": body,
            "payload": Jsonb(payload_for(row, event, facts, lang, now)), "t": now,
        })
        n += 1
    return n


def plan(conn, mgr, now: dt.datetime) -> None:
    """Decide, for every alert not closed out, whether to notify now, hold, or close out."""
    cur = conn.cursor(row_factory=dict_row)
    rows = cur.execute(q("alerts_to_plan")).fetchall()
    if not rows:
        return
    silences = [policy.Silence(**r) for r in cur.execute(q("active_silences"), {"now": now}).fetchall()]
    for row in rows:
        info = mgr.inventory.get(row["ap_id"]) if row["ap_id"] else None
        site_cfg, rule = mgr.context_for(row)
        view = policy.AlertView(
            state=row["state"], notified=row["notified_at"] is not None, acked=row["acked_at"] is not None,
            inhibited=row["inhibited_by"] is not None, next_notify_at=row["next_notify_at"],
            resolution=row["resolution"])
        ctx = policy.Context(
            site_open=site_cfg.is_open(now) if site_cfg is not None else True,
            outside_hours_ok=rule.notify_outside_hours,
            silenced=policy.silenced(silences, now, kind=row["kind"], site_id=row["site_id"], ap_id=row["ap_id"]),
            grouping=mgr.grouping(row, rule, now))
        d = policy.decide(view, ctx, now)
        if info is None and row["site_id"] is not None:
            info = mgr.site_info(row["site_id"])
        if d.event in ("firing", "reminder"):
            seq = row["notify_count"] + 1
            queue(conn, mgr.cfg, row, d.event, seq, rule.channels, info, now)
            nxt = now + dt.timedelta(seconds=renotify_delay_s(mgr.cfg.alerts, seq))
            conn.execute(q("mark_notified"), {"id": row["id"], "t": now, "next": nxt})
            if row["kind"] in INSTANT:
                conn.execute(q("resolve_instant"), {"id": row["id"], "t": now})
        elif d.event == "resolved":
            queue(conn, mgr.cfg, row, "resolved", 0, rule.channels, info, now)
            conn.execute(q("close_out"), {"id": row["id"]})
        elif d.close_out:
            conn.execute(q("close_out"), {"id": row["id"]})
        elif row["kind"] in INSTANT and d.hold in ("inhibited", "silenced"):
            conn.execute(q("resolve_instant"), {"id": row["id"], "t": now})
        elif d.hold != row["hold_reason"]:
            conn.execute(q("set_hold"), {"id": row["id"], "hold": d.hold})
