"""APs' state as rows: up/down and reboots (`ap_status`, `ap_event`), and the APs a controller manages
(their `ap` rows, their state as the controller reports it). The rules are `collector/status.py`'s
(`advance`, `rebooted`); this module stores what they decide, inside the writer's transaction
(`collector/db/writer.py`), and returns the changes for alerting.

With `history` (past polls written while a collector stores the live ones: the demo's first start) the
state is kept in memory: its changes become events of the past, and the live `ap_status` stays the
collector's.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from collector.db.inventory import ApRef
from collector.db.queries import query
from collector.status import Thresholds, advance, rebooted

log = logging.getLogger("collector.db.writer")  # the writer's log, as before the state moved here


@dataclass(frozen=True)
class StateChange:
    ap_id: int
    time: dt.datetime
    kind: str  # down | up | reboot | controller_down | controller_up | discovered
    detail: dict


class ApStateRows:
    def __init__(self, thresholds: Thresholds, *, history: bool = False) -> None:
        self.thresholds = thresholds  # the one up/down rule (status.py)
        self.history = history
        self._past: dict = {}
        self._managed: dict[tuple[int, str], int] = {}

    def forget(self) -> None:
        """After a rollback: the managed-AP ids remembered from it are gone."""
        self._managed.clear()

    def managed_ap(self, conn: psycopg.Connection, controller: ApRef, name: str | None, mac: str | None,
                   model: str | None, serial: str | None, t: dt.datetime) -> int:
        """The `ap` row of an AP a controller lists (created, with a `discovered` event, when new)."""
        key = (controller.ap_id, name or mac or "?")
        ap_id = self._managed.get(key)
        if ap_id is None:
            ap_id, created = conn.execute(
                query("upsert_managed_ap"),
                (controller.site_id, name or mac, controller.ap_id, mac, model, serial, t),
            ).fetchone()
            self._managed[key] = ap_id
            if created:
                conn.execute(query("insert_ap_event"), (t, ap_id, "discovered", Jsonb({"controller": controller.name})))
        return ap_id

    def polled(self, conn: psycopg.Connection, ap: ApRef, r, t: dt.datetime) -> list[StateChange]:
        """A polled AP's state after poll result `r` (up/down, reboot)."""
        if self.history:
            row = self._past.get(ap.ap_id)
        else:
            row = conn.execute(query("lock_ap_status"), (ap.ap_id,)).fetchone()
        state, fails, oks, uptime = row if row else ("unknown", 0, 0, None)
        changes = []
        new_state, fails, oks, event = advance(state, fails, oks, bool(r.reachable), self.thresholds)
        if event == "up":
            changes.append(StateChange(ap.ap_id, t, "up", {"after_successes": oks}))
            log.info("%s/%s is reachable again", ap.site, ap.name)
        elif event == "down":
            changes.append(StateChange(ap.ap_id, t, "down", {"error_kind": r.error_kind, "failures": fails}))
            log.warning("%s/%s is down after %d failed polls (%s)", ap.site, ap.name, fails, r.error_kind)
        if r.reachable and rebooted(uptime, r.sys_uptime_ticks):
            changes.append(StateChange(ap.ap_id, t, "reboot",
                                       {"uptime_before": uptime, "uptime_after": r.sys_uptime_ticks}))
            log.info("%s/%s rebooted", ap.site, ap.name)
        if self.history:
            self._past[ap.ap_id] = (new_state, fails, oks, r.sys_uptime_ticks if r.sys_uptime_ticks is not None
                                    else uptime)
        else:
            conn.execute(query("upsert_ap_status"), {
                "ap_id": ap.ap_id, "state": new_state, "t": t, "fails": fails, "oks": oks,
                "reachable": r.reachable, "error_kind": r.error_kind,
                "error": "; ".join(r.errors)[:500] if r.errors else None,
                "clients": r.clients_total if r.reachable else None, "uptime": r.sys_uptime_ticks,
            })
        for c in changes:
            conn.execute(query("insert_ap_event"), (c.time, c.ap_id, c.kind, Jsonb(c.detail)))
        return changes

    def managed(self, conn, ap_id: int, up: bool | None, t: dt.datetime, clients: int | None) -> list[StateChange]:
        """A managed AP's state as its controller reports it (`up` None: not reported)."""
        if self.history:
            prev = self._past.get(("managed", ap_id))
            self._past[("managed", ap_id)] = (up,)
        else:
            prev = conn.execute(query("ap_controller_up"), (ap_id,)).fetchone()
            conn.execute(query("upsert_managed_status"), {"ap_id": ap_id, "up": up, "t": t, "clients": clients})
        if up is None or prev is None or prev[0] is None or prev[0] == up:
            return []
        c = StateChange(ap_id, t, "controller_up" if up else "controller_down", {})
        conn.execute(query("insert_ap_event"), (c.time, c.ap_id, c.kind, Jsonb(c.detail)))
        return [c]
