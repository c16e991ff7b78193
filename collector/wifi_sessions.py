"""Client presence reduced to sessions (pure; the writer stores what it decides).

A *session* is a device's continuous association at a site. Rules (the same as
docs/data-model.md and the simulator's ground truth):

- A device seen at a site with an open session extends it, whichever AP of the
  site saw it (roaming keeps the session).
- A successful poll of the AP a session was last seen on, at time t, that does
  not list the device, closes the session when t - last_seen > gap. Polls
  that failed prove nothing: an outage in the middle of a visit does not split it.
- A device seen with no open session at the site opens a new one.
- A session not seen for `stale_after` (default 1 day) is closed regardless.
- Byte counters are per association on the AP: a counter below the previous
  one is a reset (re-association), and the new value counts from zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class OpenSession:
    id: int | None  # None until inserted
    site_id: int
    device: str
    randomized: bool
    mac_raw: str | None
    first_seen: dt.datetime
    last_seen: dt.datetime
    first_ap_id: int
    last_ap_id: int
    ap_ids: list[int]
    ssid: str | None
    polls: int = 1
    rx_bytes: int = 0
    tx_bytes: int = 0
    last_rx_raw: int | None = None
    last_tx_raw: int | None = None
    rssi_min: int | None = None
    rssi_max: int | None = None
    closed: bool = False
    dirty: bool = True


@dataclass(frozen=True)
class Sighting:
    """One client row of one successful poll."""

    device: str
    randomized: bool
    mac_raw: str | None
    ap_id: int
    ssid: str | None
    rssi_dbm: int | None
    rx_bytes: int | None
    tx_bytes: int | None


def _delta(raw: int | None, last: int | None) -> int:
    if raw is None:
        return 0
    if last is None or raw < last:
        return raw if last is not None else 0
    return raw - last


@dataclass
class Sessionizer:
    gap: dt.timedelta = dt.timedelta(minutes=10)
    stale_after: dt.timedelta = dt.timedelta(days=1)
    open: dict[tuple[int, str], OpenSession] = field(default_factory=dict)
    closed: list[OpenSession] = field(default_factory=list)  # closed since the last drain
    # open sessions by the AP they were last seen on: a poll checks absence on its own APs only
    # (scanning every open session per poll was quadratic in the fleet: 36 % of the collector's
    # CPU at 500 APs x 30 clients, docs/performance.md)
    by_ap: dict[int, set[tuple[int, str]]] = field(default_factory=dict, repr=False)

    def _index(self, key: tuple[int, str], ap_id: int) -> None:
        self.by_ap.setdefault(ap_id, set()).add(key)

    def _unindex(self, key: tuple[int, str], ap_id: int) -> None:
        keys = self.by_ap.get(ap_id)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self.by_ap[ap_id]

    def load(self, sessions: list[OpenSession]) -> None:
        """Restore open sessions from the store after a restart."""
        for s in sessions:
            s.dirty = False
            self.open[(s.site_id, s.device)] = s
            self._index((s.site_id, s.device), s.last_ap_id)

    def observe(self, site_id: int, polled_ap_ids: set[int], t: dt.datetime, sightings: list[Sighting]) -> None:
        """Apply one successful poll of `polled_ap_ids` (an AP, or a controller and its APs) at time t."""
        seen: set[str] = set()
        for s in sightings:
            if s.device in seen:  # a device listed twice (two radios/SSIDs) counts once
                continue
            seen.add(s.device)
            key = (site_id, s.device)
            cur = self.open.get(key)
            if cur is not None and t - cur.last_seen > self.stale_after:
                self._close(key, cur)
                cur = None
            if cur is None:
                self.open[key] = OpenSession(
                    id=None, site_id=site_id, device=s.device, randomized=s.randomized, mac_raw=s.mac_raw,
                    first_seen=t, last_seen=t, first_ap_id=s.ap_id, last_ap_id=s.ap_id, ap_ids=[s.ap_id],
                    ssid=s.ssid, last_rx_raw=s.rx_bytes, last_tx_raw=s.tx_bytes,
                    rssi_min=s.rssi_dbm, rssi_max=s.rssi_dbm,
                )
                self._index(key, s.ap_id)
                continue
            if t < cur.last_seen:  # an older poll arriving late: nothing to extend
                continue
            cur.last_seen = t
            cur.polls += 1
            if s.ap_id != cur.last_ap_id:
                self._unindex(key, cur.last_ap_id)
                self._index(key, s.ap_id)
                cur.last_ap_id = s.ap_id
                # counters are per association: roaming starts them anew
                cur.last_rx_raw = cur.last_tx_raw = None
            if s.ap_id not in cur.ap_ids:
                cur.ap_ids.append(s.ap_id)
            cur.rx_bytes += _delta(s.rx_bytes, cur.last_rx_raw)
            cur.tx_bytes += _delta(s.tx_bytes, cur.last_tx_raw)
            cur.last_rx_raw, cur.last_tx_raw = s.rx_bytes, s.tx_bytes
            if s.rssi_dbm is not None:
                cur.rssi_min = s.rssi_dbm if cur.rssi_min is None else min(cur.rssi_min, s.rssi_dbm)
                cur.rssi_max = s.rssi_dbm if cur.rssi_max is None else max(cur.rssi_max, s.rssi_dbm)
            if cur.ssid is None:
                cur.ssid = s.ssid
            cur.dirty = True
        # absence: sessions last seen on a polled AP, not listed now
        for ap_id in polled_ap_ids:
            for key in list(self.by_ap.get(ap_id, ())):
                cur = self.open[key]
                if key[0] != site_id or cur.device in seen:
                    continue
                if t - cur.last_seen > self.gap:
                    self._close(key, cur)

    def sweep(self, now: dt.datetime) -> None:
        """Close sessions not seen for `stale_after` (their AP was never polled again)."""
        for key, cur in list(self.open.items()):
            if now - cur.last_seen > self.stale_after:
                self._close(key, cur)

    def _close(self, key: tuple[int, str], cur: OpenSession) -> None:
        cur.closed = True
        cur.dirty = True
        del self.open[key]
        self._unindex(key, cur.last_ap_id)
        self.closed.append(cur)

    def drain(self) -> list[OpenSession]:
        """Sessions to write (new, changed or closed) since the last drain."""
        out = [s for s in self.open.values() if s.dirty] + self.closed
        self.closed = []
        return out
