"""The one write path of the collector: poll results, in one transaction per batch.

`PollStore` coordinates, each job in a module of its own: the inventory (`inventory.py`), APs' state
(`ap_state.py`: up/down, reboots and a controller's managed APs, by the rules of `collector/status.py`),
samples (`sample_rows.py`, COPY) and Wi-Fi sessions (rules in `collector/wifi_sessions.py`, rows in
`wifi_session_rows.py`); a batch the server rejects is halved until the poll at fault is alone and
quarantined. Per-AP client counts come with the poll result (`PollResult.ap_clients`, counted by the
profile engine). A `PollStore` holds no global state; several can coexist (tests, several collectors).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Iterable
from zoneinfo import ZoneInfo

import psycopg

from collector.db import inventory, migrate, rollups
from collector.db.ap_state import ApStateRows, StateChange
from collector.db.inventory import ApRef
from collector.db.pool import DatabaseUnavailable, Pool
from collector.db.sample_rows import SampleRows
from collector.db.wifi_session_rows import WifiSessionRows
from collector.db.queries import query
from collector.db.values import clean_poll, is_row_error, printable
from collector.identifiers import is_randomized, normalise_mac
from collector.privacy import Pseudonymizer
from collector.status import Thresholds
from collector.wifi_sessions import Sighting

log = logging.getLogger(__name__)


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
        # history: past polls written while a collector stores the live ones (the demo's first start). Their
        # up/down changes become events of the past; the live status (ap_status) and the live sessions are
        # the collector's, so this PollStore keeps its own status in memory and starts with no open session.
        self.history = history
        self.state = ApStateRows(Thresholds(down_after_failures, up_after_successes), history=history)
        self.session_rows = WifiSessionRows(dt.timedelta(minutes=session_gap_minutes), live=not history)
        with self.pool.connection() as conn:
            self.mode = storage_mode or migrate.storage_mode(conn)
            self.session_rows.load(conn)

    def close(self) -> None:
        if self.pool.closed:
            return
        try:
            self.flush_sessions()
        except DatabaseUnavailable:
            log.warning("%d client session change(s) not written: the database is not reachable",
                        self.session_rows.unwritten())
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
        self.state.forget()
        self.session_rows.forget(conn)

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
        self.session_rows.load_if_forgotten(conn)
        stored = {(a, t) for a, t in conn.execute(query("stored_polls"), {
            "ap_ids": [ap.ap_id for ap, _ in batch], "times": [r.started_at for _, r in batch]})}
        if stored:  # a replay: each poll is applied once
            batch = [(ap, r) for ap, r in batch if (ap.ap_id, r.started_at) not in stored]
        changes: list[StateChange] = []
        samples = SampleRows()
        for ap, r in batch:
            t = r.started_at
            changes += self.state.polled(conn, ap, r, t)
            samples.add_ap(t, ap.ap_id, r.reachable, r.partial, r.clients_total if r.reachable else None,
                           None, r.sys_uptime_ticks, r.error_kind, int(r.duration_s * 1000))
            if not r.reachable:
                continue
            conn.execute(query("update_ap_identity"), {
                "profile": r.profile, "client_rows": r.client_rows, "sys_descr": r.sys_descr,
                "sys_object_id": r.sys_object_id,
                "is_controller": bool(r.aps), "t": t, "ap_id": ap.ap_id})
            polled = {ap.ap_id}
            by_name: dict[str, int] = {}
            for i, row in enumerate(r.aps):
                mid = self.state.managed_ap(conn, ap, row.name, row.mac, row.model, row.serial, t)
                polled.add(mid)
                by_name[row.name or ""] = by_name[row.mac or ""] = mid
                clients = r.ap_clients(i)  # from the profile engine (PollResult.ap_clients)
                samples.add_ap(t, mid, r.reachable and row.up is not False, r.partial, clients,
                               row.up, None, None, None)
                changes += self.state.managed(conn, mid, row.up, t, clients)
            if r.aps and r.client_rows:
                conn.execute(query("update_managed_client_rows"), {"client_rows": r.client_rows, "ap_id": ap.ap_id})
            samples.add_details(t, ap.ap_id, r)
            self.session_rows.sessions.observe(ap.site_id, polled, t, self._sightings(ap, r, by_name))
        samples.copy(conn)
        self.session_rows.write(conn)
        return changes

    def _sightings(self, ap: ApRef, r, by_name: dict[str, int]) -> list[Sighting]:
        out = []
        for c in r.clients:
            mac = normalise_mac(c.mac) if c.mac else None
            if mac is None:
                continue
            ap_id = by_name.get(c.ap or "") or by_name.get(c.ap_mac or "") or ap.ap_id
            day = self.pseudo.day_of(r.started_at, _zone(ap.timezone))  # rotating pseudonyms: local midnight
            out.append(Sighting(self.pseudo.device(mac, day), is_randomized(mac),
                                mac if self.pseudo.keep_raw else None, ap_id, c.ssid, c.rssi_dbm,
                                c.rx_bytes, c.tx_bytes))
        return out

    # ------------------------------------------------------------------ sessions

    def flush_sessions(self, now: dt.datetime | None = None, *, close_all: bool = False) -> None:
        """Write what changed; close the sessions not seen for a while (with `close_all`: every open one, at the
        end of written history)."""
        if close_all:
            self.session_rows.close_all()
        elif now is not None:
            self.session_rows.sessions.sweep(now)
        with self.pool.connection() as conn, conn.transaction():
            self.session_rows.write(conn)

    # ------------------------------------------------------------------ misc

    def record_round(self, t: dt.datetime, devices: int, ok: int, failed: int, duration_ms: int,
                     collector: str = "default", skipped: int = 0) -> None:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(query("insert_poll_round"), (t, collector, devices, ok, failed, duration_ms, skipped))

    def refresh_rollups(self, start: dt.datetime, end: dt.datetime) -> None:
        """Bring the hourly rollups up to date for [start, end)."""
        with self.pool.connection(autocommit=True) as conn:
            rollups.refresh(conn, start, end)


__all__ = ["PollStore", "ApRef", "StateChange"]
