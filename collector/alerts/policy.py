"""When an alert's notification is due: pure decisions, no I/O.

A firing alert is notified once when nothing holds it (site inhibition, a
silence or maintenance window, the site being closed, or sibling APs still
being confirmed), then reminded with back-off until acknowledged or resolved.
A resolved alert gets a recovery notice only if its firing was notified and it
was not superseded (e.g. folded into a flapping alert); otherwise it is closed
out silently. Held notifications stay held in the database, so a restart loses
nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class AlertView:
    state: str  # firing | resolved
    notified: bool
    acked: bool = False
    inhibited: bool = False
    next_notify_at: dt.datetime | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class Context:
    site_open: bool = True  # alerts without a site are always "open"
    outside_hours_ok: bool = False  # rule.notify_outside_hours
    silenced: bool = False
    grouping: bool = False  # sibling APs of the site are failing but not yet confirmed


@dataclass(frozen=True)
class Decision:
    event: str | None = None  # firing | reminder | resolved
    hold: str | None = None  # inhibited | silenced | closed | grouping
    close_out: bool = False  # nothing more will ever be sent for this alert


def decide(a: AlertView, ctx: Context, now: dt.datetime) -> Decision:
    closed = not ctx.site_open and not ctx.outside_hours_ok
    if a.state == "firing":
        if a.inhibited:
            return Decision(hold="inhibited")
        if ctx.silenced:
            return Decision(hold="silenced")
        if closed:
            return Decision(hold="closed")
        if not a.notified:
            if ctx.grouping:
                return Decision(hold="grouping")
            return Decision(event="firing")
        if not a.acked and a.next_notify_at is not None and now >= a.next_notify_at:
            return Decision(event="reminder")
        return Decision()
    # resolved
    if not a.notified or a.resolution == "superseded" or ctx.silenced:
        return Decision(close_out=True)
    if closed:
        return Decision(hold="closed")
    return Decision(event="resolved", close_out=True)


@dataclass(frozen=True)
class Silence:
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    site_id: int | None = None
    ap_id: int | None = None
    kind: str | None = None


def silenced(silences: list[Silence], now: dt.datetime, *, kind: str, site_id: int | None,
             ap_id: int | None) -> bool:
    for s in silences:
        if not (s.starts_at <= now < s.ends_at):
            continue
        if s.kind is not None and s.kind != kind:
            continue
        if s.site_id is not None and s.site_id != site_id:
            continue
        if s.ap_id is not None and s.ap_id != ap_id:
            continue
        return True
    return False
