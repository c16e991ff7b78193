"""Deliver queued notifications with retries and back-off; log every attempt.

Notifications are rows (`notification`), so a restart resumes where it
stopped: pending ones are sent, sent ones never again. Delivery is
at-least-once: a crash between the server's acceptance and the status update
(milliseconds) would send that one message again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Callable

import psycopg

from collector.alerts import channels as channel_mod
from collector.alerts.queries import q

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (30, 60, 120, 300, 600, 1200, 1800, 3600)
MAX_ATTEMPTS = 12  # about eight hours of trying


def retry_delay(attempts: int, retry_after: float | None = None) -> float:
    """Delay after failed attempt number `attempts` (1-based)."""
    base = RETRY_DELAYS_S[min(attempts - 1, len(RETRY_DELAYS_S) - 1)]
    return max(base, retry_after or 0)


def deliver_due(conn: psycopg.Connection, channels: dict, now: dt.datetime,
                send: Callable = channel_mod.send, limit: int = 100) -> dict[str, int]:
    """Send every notification due at `now`. `conn` must be in autocommit mode."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    rows = conn.execute(q("due_notifications"), {"now": now, "limit": limit}).fetchall()
    for nid, _alert_id, _event, name, _ctype, subject, body, payload, attempts in rows:
        ch = channels.get(name)
        started = time.monotonic()
        error, response, permanent, retry_after = None, None, False, None
        if ch is None:
            error, permanent = f"channel {name!r} is no longer configured", True
        else:
            try:
                response = send(ch, subject, body, payload)
            except channel_mod.DeliveryError as exc:
                error, permanent, retry_after = str(exc), exc.permanent, exc.retry_after
        ms = int((time.monotonic() - started) * 1000)
        conn.execute(q("record_attempt"), {"id": nid, "t": now, "ok": error is None, "ms": ms,
                                           "error": error, "response": response})
        if error is None:
            conn.execute(q("notification_sent"), {"id": nid, "t": now})
            counts["sent"] += 1
            continue
        n = attempts + 1
        if permanent or n >= MAX_ATTEMPTS:
            conn.execute(q("notification_failed"), {"id": nid, "status": "failed", "error": error, "next": now})
            log.error("notification %d via %s failed for good after %d attempt(s): %s", nid, name, n, error)
            counts["failed"] += 1
        else:
            nxt = now + dt.timedelta(seconds=retry_delay(n, retry_after))
            conn.execute(q("notification_failed"), {"id": nid, "status": "pending", "error": error, "next": nxt})
            log.warning("notification %d via %s failed (attempt %d, retry at %s): %s", nid, name, n,
                        nxt.isoformat(timespec="seconds"), error)
            counts["retry"] += 1
    return counts
