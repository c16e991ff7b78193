"""Operator actions on alerts (CLI and dashboard): list, acknowledge, silence, test a channel."""

from __future__ import annotations

import datetime as dt
import time

from psycopg.rows import dict_row

from collector.alerts import channels as channel_mod
from collector.alerts import templates
from collector.alerts.queries import q
from collector.errors import KunangError

KINDS = ("ap_down", "site_down", "network_down", "ap_flapping", "ap_reboot", "high_load", "collector_stalled", "portal_silent",
         "lines_dropped", "village_silent")


def list_alerts(conn, *, include_all: bool = False, since: dt.datetime | None = None, limit: int = 100) -> list[dict]:
    since = since or dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cur = conn.cursor(row_factory=dict_row)
    return cur.execute(q("list_alerts"), {"all": include_all, "since": since, "limit": limit}).fetchall()


def ack(conn, alert_id: int, *, by: str | None = None, note: str | None = None, now: dt.datetime | None = None) -> bool:
    """Acknowledge: stops reminders. False if unknown or already acknowledged."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return conn.execute(q("ack_alert"), {"id": alert_id, "by": by, "note": note, "t": now}).fetchone() is not None


def resolve_target(conn, site: str | None, ap: str | None) -> tuple[int | None, int | None]:
    if site is None:
        if ap is not None:
            raise KunangError("--ap needs --site (AP names are unique within a site)")
        return None, None
    rows = conn.execute(q("find_site_ap"), {"site": site, "ap": ap}).fetchall()
    if not rows:
        raise KunangError(f"unknown site {site!r}")
    ap_ids = [a for _s, a in rows if a is not None]
    if ap is not None and not ap_ids:
        raise KunangError(f"unknown access point {ap!r} in site {site!r}")
    return rows[0][0], (ap_ids[0] if ap is not None else None)


def add_silence(conn, *, starts_at: dt.datetime, ends_at: dt.datetime, site_id: int | None = None,
                ap_id: int | None = None, kind: str | None = None, reason: str = "", maintenance: bool = False,
                by: str | None = None, now: dt.datetime | None = None) -> int:
    if ends_at <= starts_at:
        raise KunangError("a silence must end after it starts")
    if kind is not None and kind not in KINDS:
        raise KunangError(f"--kind must be one of {', '.join(KINDS)}")
    return conn.execute(q("add_silence"), {
        "t": now or dt.datetime.now(dt.timezone.utc), "by": by, "starts_at": starts_at, "ends_at": ends_at,
        "site_id": site_id, "ap_id": ap_id, "kind": kind, "maintenance": maintenance, "reason": reason,
    }).fetchone()[0]


def end_silence(conn, silence_id: int, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now(dt.timezone.utc)
    return conn.execute(q("end_silence"), {"id": silence_id, "t": now}).fetchone() is not None


def list_silences(conn, now: dt.datetime | None = None) -> list[dict]:
    now = now or dt.datetime.now(dt.timezone.utc)
    return conn.cursor(row_factory=dict_row).execute(q("list_silences"), {"t": now}).fetchall()


def test_channel(cfg, name: str, send=channel_mod.send) -> tuple[str, float]:
    """Send a test message now (not queued); returns the server's answer and the time taken."""
    ch = next((c for c in cfg.alerts.channels if c.name == name), None)
    if ch is None:
        names = ", ".join(c.name for c in cfg.alerts.channels) or "none configured"
        raise KunangError(f"unknown channel {name!r} (channels: {names})")
    lang = ch.language or cfg.language
    subject, body = templates.render_test(lang, ch.name)
    payload = {"source": "kunang", "event": "test", "channel": ch.name, "title": subject, "text": body,
               "language": lang, "sent_at": dt.datetime.now(dt.timezone.utc).isoformat()}
    started = time.monotonic()
    try:
        answer = send(ch, subject, body, payload)
    except channel_mod.DeliveryError as exc:
        raise KunangError(f"channel {name!r} ({ch.type}): {exc}") from None
    return answer, time.monotonic() - started
