"""802.11 probe requests from a monitor-mode interface -> per device-hour sightings (no raw MAC, no SSID).

A phone looking for networks sends probe requests every few seconds to minutes while its screen is on.
`ProbeHandler` reads each one (collector/sensing/radiotap.py: transmitter address, radiotap signal),
keeps per clock hour and transmitter: frames, frames at or above the site's RSSI threshold ("strong"),
frames without a signal field, first and last strong frame, strongest signal. The raw address lives only
in that in-memory table for the current hour; `flush` turns each entry into a `ProbeSighting` whose
`device` is a pseudonym under a key that changes every local day (so nothing can follow a passer-by from
one day to the next, whatever `privacy.rotating_salt` says) and whose `link` is the pseudonym the rest of
Kunang gives the same MAC (client_session.device), used only to tell a visitor's own probes from a
passer-by's on that day. Sightings are stored in `probe_sighting` and deleted once their day is summed
into `probe_hourly` / `probe_daily` (kunang_refresh_probes, collector/db/functions/probes.sql).
Probed SSIDs are never read into an object, let alone stored: they say where people live and work.

Policies (per site, `ProbeSettings`):
- `rssi_threshold` (dBm): frames weaker than this are someone far away or behind walls; they are
  counted (`weak`) but do not make a device "nearby".
- `min_dwell_s`: a device counts only when its strong frames of the day span at least this long
  (applied in SQL over the day, so it spans hours and restarts).
- `no_signal`: a frame without a radiotap signal field is counted (`no_signal`) and then either
  ignored (`ignore`, the default: its distance is unknown) or taken as strong (`strong`).

Malformed frames (truncated, bad radiotap, bad FCS, broken elements, group transmitter) are counted by
reason and skipped; `handle` never raises.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from collector.identifiers import is_randomized, normalise_mac
from collector.privacy import Pseudonymizer
from collector.sensing.radiotap import Malformed, parse_probe

log = logging.getLogger(__name__)

BPF = "type mgt subtype probe-req"
NO_SIGNAL_POLICIES = ("ignore", "strong")
MAX_DEVICES_PER_HOUR = 100_000  # a flood of forged addresses cannot exhaust memory
COUNTERS = ("frames", "probes", "not_probe", "no_signal", "weak", "strong", "randomized", "dropped_flood",
            "truncated", "bad_radiotap", "bad_fcs", "bad_elements", "bad_address", "malformed")


@dataclass(frozen=True)
class ProbeSettings:
    site: str
    timezone: str = "Asia/Makassar"
    rssi_threshold: int = -75     # dBm
    min_dwell_s: int = 0
    no_signal: str = "ignore"
    emit_every_s: float = 300.0   # partial rows of the current hour, so pages are live and a crash loses little

    def __post_init__(self):
        if self.no_signal not in NO_SIGNAL_POLICIES:
            raise ValueError(f"no_signal must be one of {', '.join(NO_SIGNAL_POLICIES)}, not {self.no_signal!r}")
        if not -120 <= self.rssi_threshold <= 0:
            raise ValueError(f"rssi_threshold must be between -120 and 0 dBm, not {self.rssi_threshold}")
        if self.min_dwell_s < 0:
            raise ValueError("min_dwell_s must not be negative")
        ZoneInfo(self.timezone)  # unknown zone: ZoneInfoNotFoundError, a clear error at start


@dataclass(frozen=True)
class ProbeSighting:
    """One transmitter in one clock hour at one site; `first_strong`..`last_strong` are Unix times."""
    site: str
    hour: float                 # Unix time of the hour's start
    device: str                 # day-rotating pseudonym
    link: str                   # the install's pseudonym of the MAC (client_session.device), same day only
    randomized: bool
    frames: int
    strong: int
    no_signal: int
    first_strong: float | None
    last_strong: float | None
    max_rssi: int | None
    rssi_threshold: int
    min_dwell_s: int


class _Entry:
    __slots__ = ("frames", "strong", "no_signal", "first", "last", "max_rssi")

    def __init__(self):
        self.frames = self.strong = self.no_signal = 0
        self.first = self.last = None
        self.max_rssi = None


def _raw_bytes(pkt) -> bytes:
    if isinstance(pkt, (bytes, bytearray, memoryview)):
        return bytes(pkt)
    original = getattr(pkt, "original", None)  # a dissected scapy packet keeps its captured bytes
    return original if original else bytes(pkt)


class ProbeHandler:
    """The `PacketHandler` for probe requests of one site's monitor-mode interface."""

    name = "probes"
    bpf = BPF
    raw_link = ("RadioTap",)  # reads the captured bytes itself: the sensor skips scapy's dissection

    def __init__(self, settings: ProbeSettings, pseudo: Pseudonymizer):
        self.settings = settings
        self.pseudo = pseudo
        self.counters: dict[str, int] = dict.fromkeys(COUNTERS, 0)
        self._tz = ZoneInfo(settings.timezone)
        self._hours: dict[float, dict[bytes, _Entry]] = {}
        self._last_emit: float | None = None
        self._threshold = settings.rssi_threshold
        self._no_signal_strong = settings.no_signal == "strong"

    def handle(self, pkt, ts: float) -> None:
        c = self.counters
        c["frames"] += 1
        try:
            parsed = parse_probe(_raw_bytes(pkt))
        except Malformed as e:
            c[e.args[0]] += 1
            c["malformed"] += 1
            return
        except Exception:  # anything a packet object could throw when turned into bytes
            c["malformed"] += 1
            return
        if parsed is None:
            c["not_probe"] += 1
            return
        mac, rssi = parsed
        c["probes"] += 1
        hour = ts - ts % 3600
        table = self._hours.get(hour)
        if table is None:
            table = self._hours[hour] = {}
        entry = table.get(mac)
        if entry is None:
            if len(table) >= MAX_DEVICES_PER_HOUR:
                c["dropped_flood"] += 1
                return
            entry = table[mac] = _Entry()
            if mac[0] & 2:
                c["randomized"] += 1
        entry.frames += 1
        if rssi is None:
            c["no_signal"] += 1
            entry.no_signal += 1
            if not self._no_signal_strong:
                return
        else:
            if entry.max_rssi is None or rssi > entry.max_rssi:
                entry.max_rssi = rssi
            if rssi < self._threshold:
                c["weak"] += 1
                return
        c["strong"] += 1
        entry.strong += 1
        if entry.first is None:
            entry.first = ts
        entry.last = ts

    def flush(self, now: float) -> list[ProbeSighting]:
        """Sightings of every finished hour, and of the current one every `emit_every_s` (rows are
        added up in the store, so a partial hour is never counted twice)."""
        current = now - now % 3600
        due = [h for h in self._hours if h < current]
        if self._last_emit is None:
            self._last_emit = now
        elif now - self._last_emit >= self.settings.emit_every_s:
            self._last_emit = now
            if current in self._hours:
                due.append(current)
        out: list[ProbeSighting] = []
        for hour in sorted(due):
            out.extend(self._sightings(hour, self._hours.pop(hour)))
        return out

    def finish(self, now: float) -> list[ProbeSighting]:
        """At the end of a capture (collector/sensing/sensor.py): every hour still held, the current one
        too (rows add up in the store), so stopping the collector or the end of a pcap loses nothing."""
        out: list[ProbeSighting] = []
        for hour in sorted(self._hours):
            out.extend(self._sightings(hour, self._hours.pop(hour)))
        return out

    def _sightings(self, hour: float, table: dict[bytes, _Entry]) -> list[ProbeSighting]:
        s = self.settings
        day = dt.datetime.fromtimestamp(hour, self._tz).date()  # probe pseudonyms rotate daily, whatever the salt
        link_day = self.pseudo.day_of(hour, self._tz)
        out = []
        for raw, e in table.items():
            mac = normalise_mac(raw)
            out.append(ProbeSighting(
                site=s.site, hour=hour, device=self.pseudo.probe_device(mac, day),
                link=self.pseudo.device(mac, link_day),
                randomized=is_randomized(mac), frames=e.frames, strong=e.strong, no_signal=e.no_signal,
                first_strong=e.first, last_strong=e.last, max_rssi=e.max_rssi,
                rssi_threshold=s.rssi_threshold, min_dwell_s=s.min_dwell_s))
        return out
