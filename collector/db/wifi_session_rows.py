"""Wi-Fi client sessions in PostgreSQL (`client_session`): the open ones loaded into the sessionizer,
the changed ones written back (new ones inserted, the others updated, pipelined).

The rules (when a session starts, moves, ends) are `collector/wifi_sessions.py`; `PollStore` calls
`write` in the transaction of each batch of polls, so sessions and samples commit together.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from psycopg.rows import dict_row

from collector.db.queries import query
from collector.wifi_sessions import OpenSession, Sessionizer


class WifiSessionRows:
    """`live=False` (a history writer, see `PollStore`): the stored open sessions are the live collector's,
    so none are loaded and the sessionizer starts empty."""

    def __init__(self, gap: dt.timedelta, *, live: bool = True) -> None:
        self.live = live
        self.sessions = Sessionizer(gap=gap)
        self._stale = False

    def load(self, conn: psycopg.Connection) -> None:
        if self.live:
            rows = conn.cursor(row_factory=dict_row).execute(query("open_sessions")).fetchall()
            self.sessions.load([OpenSession(**row) for row in rows])
        self._stale = False

    def forget(self, conn: psycopg.Connection | None) -> None:
        """After a rollback: the sessions remembered from it are gone; reloaded now (with `conn`) or before the
        next batch."""
        self.sessions = Sessionizer(gap=self.sessions.gap, stale_after=self.sessions.stale_after)
        self._stale = True
        if conn is not None:
            self.load(conn)

    def load_if_forgotten(self, conn: psycopg.Connection) -> None:
        if self._stale:
            self.load(conn)

    def unwritten(self) -> int:
        return sum(1 for s in self.sessions.open.values() if s.dirty) + len(self.sessions.closed)

    def close_all(self) -> None:
        for key, cur in list(self.sessions.open.items()):
            self.sessions._close(key, cur)

    def write(self, conn: psycopg.Connection) -> None:
        todo = self.sessions.drain()
        new = [s for s in todo if s.id is None]
        old = [s for s in todo if s.id is not None]
        if new:
            with conn.cursor() as cur:
                cur.executemany(query("insert_session"), [_params(s) for s in new], returning=True)
                for s in new:
                    s.id = cur.fetchone()[0]
                    cur.nextset()
        if old:
            with conn.cursor() as cur:
                cur.executemany(query("update_session"), [_params(s) | {"id": s.id} for s in old])
        for s in todo:
            s.dirty = False


def _params(s: OpenSession) -> dict:
    return {
        "site_id": s.site_id, "device": s.device, "randomized": s.randomized, "mac_raw": s.mac_raw,
        "first_seen": s.first_seen, "last_seen": s.last_seen, "closed": s.closed,
        "first_ap_id": s.first_ap_id, "last_ap_id": s.last_ap_id, "ap_ids": s.ap_ids, "ssid": s.ssid,
        "polls": s.polls, "rx_bytes": s.rx_bytes, "tx_bytes": s.tx_bytes,
        "last_rx_raw": s.last_rx_raw, "last_tx_raw": s.last_tx_raw,
        "rssi_min": s.rssi_min, "rssi_max": s.rssi_max,
    }
