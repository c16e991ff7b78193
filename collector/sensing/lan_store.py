"""Storing a LAN sensor's sessions as client sessions of its site (`client_session`, source 'lan').

One `LanStore` per sensor: it knows which database row each of the sensor's sessions is. At start it
closes the sensor site's 'lan' sessions a previous run left open (their devices' departure was not
seen; they end at their last sighting). Records hold pseudonyms only, unless the operator opted in to
raw identifiers (collector/sensing/lan.py decides).
"""

from __future__ import annotations

import datetime as dt

from collector.db.queries import query
from collector.sensing.lan import LanSession

UTC = dt.timezone.utc


class LanStore:
    def __init__(self, pool, site: str):
        self.pool = pool
        self.site = site
        self._ids: dict[int, int] = {}  # session_no -> client_session.id
        with pool.connection() as conn, conn.transaction():
            row = conn.execute(query("site_id"), (site,)).fetchone()
            if row is None:
                raise KeyError(site)
            self.site_id = row[0]
            conn.execute(query("close_lan_sessions"), (self.site_id,))
        self.written = 0

    def write(self, records: list[LanSession]) -> None:
        if not records:
            return
        latest: dict[int, LanSession] = {}
        for r in records:  # the last state of each session wins
            latest[r.session_no] = r
        new = [r for n, r in latest.items() if n not in self._ids]
        old = [r for n, r in latest.items() if n in self._ids]
        with self.pool.connection() as conn, conn.transaction():
            with conn.cursor() as cur:
                if new:
                    cur.executemany(query("insert_lan_session"), [self._params(r) for r in new], returning=True)
                    for r in new:
                        self._ids[r.session_no] = cur.fetchone()[0]
                        cur.nextset()
                if old:
                    cur.executemany(query("update_lan_session"),
                                    [self._params(r) | {"id": self._ids[r.session_no]} for r in old])
        for r in latest.values():
            if r.closed:
                self._ids.pop(r.session_no, None)
        self.written += len(latest)

    def _params(self, r: LanSession) -> dict:
        return {"site_id": self.site_id, "device": r.device, "randomized": r.randomized, "mac_raw": r.mac_raw,
                "hostname": r.hostname, "device_type": r.device_type,
                "first_seen": dt.datetime.fromtimestamp(r.first_seen, UTC),
                "last_seen": dt.datetime.fromtimestamp(r.last_seen, UTC), "closed": r.closed}
