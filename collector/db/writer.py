"""The one write path of the collector: inventory, poll results, sessions, rollups.

Every write goes through `PollStore`. Samples go in with COPY; session changes in
pipelined executemany. A `PollStore` holds no global state; several can coexist
(tests, several collectors). A later durable spool only needs to sit in front
of `write_polls`.

Size: the poll write path (inventory, COPY of samples, status changes through collector/status.py,
sessions through collector/wifi_sessions.py) shares one transaction per batch; the rules it applies
live in those modules.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Iterable
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

from collector.db import inventory, rollups
from collector.db.inventory import ApRef
from collector.db.pool import DatabaseUnavailable, Pool
from collector.db.queries import query
from collector.db.values import clean_poll, is_row_error, printable
from collector.identifiers import is_randomized, normalise_mac
from collector.privacy import Pseudonymizer
from collector.status import Thresholds, advance
from collector.wifi_sessions import OpenSession, Sessionizer, Sighting

log = logging.getLogger(__name__)

TICKS_WRAP = 2**32  # TimeTicks is 32-bit: it wraps after ~497 days


@dataclass(frozen=True)
class StateChange:
    ap_id: int
    time: dt.datetime
    kind: str  # down | up | reboot | controller_down | controller_up | discovered
    detail: dict


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class PollStore:
    def __init__(self, db: "str | Pool", pseudo: Pseudonymizer, *, session_gap_minutes: int = 10,
                 down_after_failures: int = 3, up_after_successes: int = 2, pool_size: int = 4,
                 storage_mode: str | None = None, history: bool = False):
        """`db`: the process's connection owner (`collector.db.pool.Pool`), or a DSN
        (then the store owns a pool of its own)."""
        self._owns_pool = isinstance(db, str)
        self.pool = Pool(db, size=pool_size, name="kunang-writer") if isinstance(db, str) else db
        self.dsn = self.pool.dsn
        self.pseudo = pseudo
        self.thresholds = Thresholds(down_after_failures, up_after_successes)  # the one up/down rule (status.py)
        # history: past polls written while a collector stores the live ones (the demo's first start). Their
        # up/down changes become events of the past; the live status (ap_status) and the live sessions are
        # the collector's, so this PollStore keeps its own status in memory and starts with no open session.
        self.history = history
        self._past: dict = {}
        self.sessions = Sessionizer(gap=dt.timedelta(minutes=session_gap_minutes))
        self._sessions_stale = False
        self._managed: dict[tuple[int, str], int] = {}
        with self.pool.connection() as conn:
            self.mode = storage_mode or conn.execute(
                query("storage_mode")).fetchone()[0]
            if not history:
                self.sessions.load([OpenSession(**row) for row in self._open_sessions(conn)])

    def close(self) -> None:
        if self.pool.closed:
            return
        try:
            self.flush_sessions()
        except DatabaseUnavailable:
            log.warning("%d client session change(s) not written: the database is not reachable",
                        sum(1 for s in self.sessions.open.values() if s.dirty) + len(self.sessions.closed))
        if self._owns_pool:
            self.pool.close()

    def __enter__(self) -> "PollStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ inventory

    def sync_inventory(self, cfg) -> dict[tuple[str, str], ApRef]:
        """Upsert the configured sites and APs (collector/db/inventory.py); returns {(site, ap name): ApRef}."""
        with self.pool.connection() as conn, conn.transaction():
            return inventory.sync(conn, cfg)

    def _managed_ap(self, conn: psycopg.Connection, controller: ApRef, name: str | None, mac: str | None,
                    model: str | None, serial: str | None, t: dt.datetime) -> int:
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

    # ------------------------------------------------------------------ polls

    def write_poll(self, ap: ApRef, result) -> list[StateChange]:
        return self.write_polls([(ap, result)])

    def write_polls(self, batch: Iterable[tuple[ApRef, object]]) -> list[StateChange]:
        """PollStore a batch of PollResults (collector.snmp.model.PollResult) in one transaction.

        Values the database would reject are left out first (`values.clean_poll`,
        each noted in the quarantine). If the server still rejects the batch
        because of a row, the batch is split until the poll at fault is alone; it
        is quarantined and every other poll stored."""
        batch = list(batch)
        cleaned, notes = [], []
        for ap, r in batch:
            r, problems = clean_poll(r)
            cleaned.append((ap, r))
            if problems:
                notes.append((ap, r, "values not stored: " + "; ".join(problems)))
        with self.pool.connection() as conn:
            changes = self._write_isolating(conn, cleaned)
            if notes:
                with conn.transaction():
                    self._quarantine_polls(conn, notes)
        return changes

    def _write_isolating(self, conn: psycopg.Connection, batch: list) -> list[StateChange]:
        try:
            with conn.transaction():
                return self._write_polls(conn, batch)
        except (psycopg.Error, OverflowError) as exc:
            if not is_row_error(exc):
                self._reset_memory(None)
                raise
            reason = printable(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        self._reset_memory(conn)
        if len(batch) == 1:
            ap, r = batch[0]
            log.warning("%s/%s: poll result quarantined: %s", ap.site, ap.name, reason)
            with conn.transaction():
                self._quarantine_polls(conn, [(ap, r, "rejected by the database: " + reason)])
            return []
        mid = len(batch) // 2
        return self._write_isolating(conn, batch[:mid]) + self._write_isolating(conn, batch[mid:])

    def _reset_memory(self, conn: psycopg.Connection | None) -> None:
        """After a rollback: the sessions and managed-AP ids remembered from it are gone."""
        self._managed.clear()
        self.sessions = Sessionizer(gap=self.sessions.gap, stale_after=self.sessions.stale_after)
        self._sessions_stale = True
        if conn is not None:
            self._reload_sessions(conn)

    def _reload_sessions(self, conn: psycopg.Connection) -> None:
        if not self.history:  # the open sessions in the store are the live collector's, not the history's
            self.sessions.load([OpenSession(**row) for row in self._open_sessions(conn)])
        self._sessions_stale = False

    def _quarantine_polls(self, conn: psycopg.Connection, notes: list) -> None:
        import hashlib
        import json

        rows = []
        for ap, r, reason in notes:
            line = printable(json.dumps(r.to_json_dict(), default=str))[:4096]
            key = hashlib.blake2b(f"snmp\x1f{ap.ap_id}\x1f{r.started_at.timestamp()}\x1f{reason}".encode(),
                                  digest_size=16).digest()
            rows.append({"source": f"snmp:{ap.site}/{ap.name}", "site_id": ap.site_id, "origin": r.target,
                         "line": line, "reason": reason[:500], "format": "snmp", "dedup": key})
        with conn.cursor() as cur:
            cur.executemany(query("insert_quarantine"), rows)

    def _write_polls(self, conn: psycopg.Connection, batch: list) -> list[StateChange]:
        if self._sessions_stale:
            self._reload_sessions(conn)
        stored = {(a, t) for a, t in conn.execute(query("stored_polls"), {
            "ap_ids": [ap.ap_id for ap, _ in batch], "times": [r.started_at for _, r in batch]})}
        if stored:  # a replay: each poll is applied once
            batch = [(ap, r) for ap, r in batch if (ap.ap_id, r.started_at) not in stored]
        changes: list[StateChange] = []
        samples, ssids, radios, ifs = [], [], [], []
        for ap, r in batch:
            t = r.started_at
            changes += self._status(conn, ap, r, t)
            samples.append((t, ap.ap_id, r.reachable, r.partial, r.clients_total if r.reachable else None,
                            None, r.sys_uptime_ticks, r.error_kind, int(r.duration_s * 1000)))
            if not r.reachable:
                continue
            conn.execute(query("update_ap_identity"), {
                "profile": r.profile, "client_rows": r.client_rows, "sys_descr": r.sys_descr,
                "sys_object_id": r.sys_object_id,
                "is_controller": bool(r.aps), "t": t, "ap_id": ap.ap_id})
            polled = {ap.ap_id}
            by_name: dict[str, int] = {}
            for row in r.aps:
                mid = self._managed_ap(conn, ap, row.name, row.mac, row.model, row.serial, t)
                polled.add(mid)
                by_name[row.name or ""] = by_name[row.mac or ""] = mid
                clients = row.clients
                if clients is None:  # the controller lists APs and clients but no count per AP
                    clients = sum(1 for c in r.clients if (c.ap and c.ap == row.name)
                                  or (c.ap_mac and c.ap_mac == row.mac))
                samples.append((t, mid, r.reachable and row.up is not False, r.partial, clients,
                                row.up, None, None, None))
                changes += self._controller_state(conn, mid, row.up, t, clients)
            if r.aps and r.client_rows:
                conn.execute(query("update_managed_client_rows"), {"client_rows": r.client_rows, "ap_id": ap.ap_id})
            for s in r.ssids:
                if s.ssid is not None and s.clients is not None:
                    ssids.append((t, ap.ap_id, s.ssid, s.clients))
            for name, rad in zip(_radio_keys(r.radios), r.radios):
                if rad.clients is not None:
                    radios.append((t, ap.ap_id, name, rad.band, rad.channel, rad.clients))
            for f in r.interfaces:
                ifs.append((t, ap.ap_id, f.index, f.name, f.in_octets, f.out_octets, f.counter_bits,
                            r.sys_uptime_ticks, f.oper_up))
            self.sessions.observe(ap.site_id, polled, t, self._sightings(ap, r, by_name))
        self._copy(conn, "ap_sample", ("time", "ap_id", "reachable", "partial", "clients", "controller_up",
                                       "sys_uptime_ticks", "error_kind", "duration_ms"), samples)
        self._copy(conn, "ap_ssid_sample", ("time", "ap_id", "ssid", "clients"), ssids)
        self._copy(conn, "ap_radio_sample", ("time", "ap_id", "radio", "band", "channel", "clients"), radios)
        self._copy(conn, "if_sample", ("time", "ap_id", "if_index", "if_name", "in_octets", "out_octets",
                                       "counter_bits", "sys_uptime_ticks", "oper_up"), ifs)
        self._write_sessions(conn)
        return changes

    def _sightings(self, ap: ApRef, r, by_name: dict[str, int]) -> list[Sighting]:
        out = []
        for c in r.clients:
            mac = normalise_mac(c.mac) if c.mac else None
            if mac is None:
                continue
            ap_id = by_name.get(c.ap or "") or by_name.get(c.ap_mac or "") or ap.ap_id
            # rotating pseudonyms change at local midnight, as the portal store's do
            day = r.started_at.astimezone(_zone(ap.timezone)).date() if self.pseudo.rotating_salt else None
            out.append(Sighting(self.pseudo.device(mac, day), is_randomized(mac),
                                mac if self.pseudo.keep_raw else None, ap_id, c.ssid, c.rssi_dbm,
                                c.rx_bytes, c.tx_bytes))
        return out

    def _status(self, conn: psycopg.Connection, ap: ApRef, r, t: dt.datetime) -> list[StateChange]:
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
        if r.reachable and uptime is not None and r.sys_uptime_ticks is not None and r.sys_uptime_ticks < uptime \
                and uptime < TICKS_WRAP - 360_000:  # not the 497-day wrap
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

    def _controller_state(self, conn, ap_id: int, up: bool | None, t: dt.datetime,
                          clients: int | None) -> list[StateChange]:
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

    # ------------------------------------------------------------------ sessions

    def _open_sessions(self, conn) -> list[dict]:
        cur = conn.cursor(row_factory=psycopg.rows.dict_row)
        return cur.execute(query("open_sessions")).fetchall()

    def _write_sessions(self, conn: psycopg.Connection) -> None:
        todo = self.sessions.drain()
        new = [s for s in todo if s.id is None]
        old = [s for s in todo if s.id is not None]
        if new:
            with conn.cursor() as cur:
                cur.executemany(query("insert_session"), [_session_params(s) for s in new], returning=True)
                for s in new:
                    s.id = cur.fetchone()[0]
                    cur.nextset()
        if old:
            with conn.cursor() as cur:
                cur.executemany(query("update_session"), [_session_params(s) | {"id": s.id} for s in old])
        for s in todo:
            s.dirty = False

    def flush_sessions(self, now: dt.datetime | None = None, *, close_all: bool = False) -> None:
        """Write what changed; close the sessions not seen for a while (with `close_all`: every open one, at the
        end of written history)."""
        if close_all:
            for key, cur in list(self.sessions.open.items()):
                self.sessions._close(key, cur)
        elif now is not None:
            self.sessions.sweep(now)
        with self.pool.connection() as conn, conn.transaction():
            self._write_sessions(conn)

    # ------------------------------------------------------------------ misc

    def record_round(self, t: dt.datetime, devices: int, ok: int, failed: int, duration_ms: int,
                     collector: str = "default", skipped: int = 0) -> None:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(query("insert_poll_round"), (t, collector, devices, ok, failed, duration_ms, skipped))

    def refresh_rollups(self, start: dt.datetime, end: dt.datetime) -> None:
        """Bring the hourly rollups up to date for [start, end)."""
        with self.pool.connection(autocommit=True) as conn:
            rollups.refresh(conn, start, end)

    @staticmethod
    def _copy(conn: psycopg.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        stmt = psycopg.sql.SQL("COPY {} ({}) FROM STDIN").format(
            psycopg.sql.Identifier(table), psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns)))
        with conn.cursor().copy(stmt) as cp:
            for row in rows:
                cp.write_row(row)


def _radio_keys(radios) -> list[str]:
    """Unique radio names for one poll: a controller names each AP's radios after the AP,
    so a repeated name gets its band (or position) appended."""
    names = [rad.name or str(i) for i, rad in enumerate(radios)]
    out, seen = [], set()
    for i, (name, rad) in enumerate(zip(names, radios)):
        key = f"{name} {rad.band or i}" if names.count(name) > 1 else name
        if key in seen:
            key = f"{key} #{i}"
        seen.add(key)
        out.append(key)
    return out


def _session_params(s: OpenSession) -> dict:
    return {
        "site_id": s.site_id, "device": s.device, "randomized": s.randomized, "mac_raw": s.mac_raw,
        "first_seen": s.first_seen, "last_seen": s.last_seen, "closed": s.closed,
        "first_ap_id": s.first_ap_id, "last_ap_id": s.last_ap_id, "ap_ids": s.ap_ids, "ssid": s.ssid,
        "polls": s.polls, "rx_bytes": s.rx_bytes, "tx_bytes": s.tx_bytes,
        "last_rx_raw": s.last_rx_raw, "last_tx_raw": s.last_tx_raw,
        "rssi_min": s.rssi_min, "rssi_max": s.rssi_max,
    }


__all__ = ["PollStore", "ApRef", "StateChange"]
