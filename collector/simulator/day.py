"""One site's day: who comes, when, for how long, on which APs, with which devices, who logs in.

Pure and deterministic: `site_day(fleet, site, date)` depends on the seed, the site, the
fleet's visitor knobs and the date only. Times are POSIX seconds (UTC). Arrivals follow a non-homogeneous
Poisson process shaped by a school-hours peak (around 10:00), an afternoon bump
(around 14:00) and a lunch dip (12:00-13:00), within the site's opening hours;
nobody comes on closed days or holidays and everyone has left at closing.

Every arrival is a *person* (`Visit.person`, stable across days for the site's regular
members, new for each walk-in). A person brings one or two devices
(`Fleet.multi_device_share`); a second device arrives and leaves within a minute of the
first and roams with its owner (the same APs). Devices have randomised
(locally administered) MACs with `Fleet.randomized_share`; of those, `Fleet.rotating_share`
get a new MAC every day (per-day rotation), the others keep a per-network MAC.
Members log in with their username on their first device; other logins are trial logins
`T-<MAC>`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from collector.simulator.rand import poisson, stream

PHONE_OUIS = ("f0:99:bf", "a4:50:46", "3c:cd:5d", "d4:63:c6", "8c:79:f5", "60:ab:67", "28:3f:69", "b4:c4:fc")
RANDOMIZED_SHARE = 0.40
ROTATING_SHARE = 0.25  # of the randomised devices: a new MAC every day
MULTI_DEVICE_SHARE = 0.20
REGULAR_SHARE = 0.55
LOGIN_SHARE = 0.65


@dataclass(frozen=True, slots=True)
class Device:
    mac: str  # the MAC it uses on days it does not rotate
    randomized: bool
    rotating: bool  # a new randomised MAC each day


@dataclass(frozen=True, slots=True)
class Member:
    """A regular visitor of a site: a stable person id, a username and one or two devices."""

    person: str
    user: str
    devices: tuple[Device, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    """An association of a device with one AP (counters count from `start`)."""

    ap: str
    start: float
    end: float
    radio: str  # "2.4" | "5"
    rssi: int


@dataclass(frozen=True, slots=True)
class Visit:
    site_index: int
    mac: str
    randomized: bool
    arrive: float
    leave: float
    segments: tuple[Segment, ...]
    ssid: str
    rx_rate: float  # bytes/s the AP receives from the device (upload)
    tx_rate: float  # bytes/s the AP sends to the device (download)
    ip: str
    user: str | None  # hotspot username when the device logs in
    login: float | None
    logout: float | None
    logout_reason: str | None
    login_failed: float | None  # a failed attempt before the login
    token: str
    person: str = ""  # the simulated person this device belongs to (ground truth)


def shape(hour: float) -> float:
    """Relative arrival intensity at a local hour of the day."""
    g = 0.35 + 1.0 * math.exp(-(((hour - 10.0) / 1.1) ** 2)) + 0.7 * math.exp(-(((hour - 14.2) / 0.9) ** 2))
    if 12.0 <= hour < 13.0:
        g *= 0.35
    return g


_NORM = sum(shape(8 + m / 60) for m in range(480))  # a full 08:00-16:00 day


def open_intervals(site, date: dt.date) -> list[tuple[float, float]]:
    """The site's opening intervals on a local date, as POSIX seconds."""
    if any(h.date == date for h in site.holidays):
        return []
    tz = ZoneInfo(site.timezone)
    out = []
    for a, b in site.opening_hours.for_weekday(date.weekday()):
        start = dt.datetime.combine(date, a, tz).timestamp()
        end = dt.datetime.combine(date, b, tz).timestamp()
        out.append((start, end))
    return out


def _mac(rng, randomized: bool) -> str:
    if randomized:
        first = (rng.randrange(256) & 0xFC) | 0x02
        return f"{first:02x}:" + ":".join(f"{rng.randrange(256):02x}" for _ in range(5))
    return rng.choice(PHONE_OUIS) + ":" + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))


@lru_cache(maxsize=64)
def regulars(seed: int, site_index: int, capacity: int, randomized_share: float = RANDOMIZED_SHARE,
             rotating_share: float = ROTATING_SHARE, multi_share: float = MULTI_DEVICE_SHARE) -> tuple[Member, ...]:
    """The site's regular visitors (members), each with one or two devices of their own."""
    rng = stream(seed, "regulars", site_index)
    out = []
    for k in range(max(10, int(capacity * 1.5))):
        n = 2 if rng.random() < multi_share else 1
        devices = []
        for _ in range(n):
            randomized = rng.random() < randomized_share
            rotating = randomized and rng.random() < rotating_share
            devices.append(Device(_mac(rng, randomized), randomized, rotating))
        out.append(Member(f"s{site_index + 1}-m{k + 1:03d}", f"anggota{site_index + 1:02d}{k + 1:03d}",
                          tuple(devices)))
    return tuple(out)


def _day_mac(seed: int, person: str, k: int, date: dt.date) -> str:
    """The MAC a rotating device uses on one date."""
    return _mac(stream(seed, "rotate", person, k, date.isoformat()), True)


def _segments(rng, aps, arrive: float, leave: float, five_ghz: bool) -> tuple[Segment, ...]:
    weights = [3.0 if i == 0 else 1.0 for i in range(len(aps))]
    ap = rng.choices(aps, weights)[0]
    roams = 0 if len(aps) == 1 else rng.choices((0, 1, 2), (0.70, 0.22, 0.08))[0]
    span = leave - arrive
    times = sorted(arrive + 120 + rng.random() * (span - 240) for _ in range(roams)) if span > 600 else []
    out = []
    start = arrive
    for t in [*times, leave]:
        radio = "5" if five_ghz and "5" in ap.radios else "2.4"
        out.append(Segment(ap.name, start, t, radio, rng.randint(-78, -42)))
        if t < leave:
            ap = rng.choice([a for a in aps if a.name != ap.name])
        start = t
    return tuple(out)


def site_day(fleet, site, date: dt.date) -> tuple[Visit, ...]:
    knobs = (getattr(fleet, "randomized_share", RANDOMIZED_SHARE), getattr(fleet, "rotating_share", ROTATING_SHARE),
             getattr(fleet, "multi_device_share", MULTI_DEVICE_SHARE))
    return _site_day(fleet.seed, site.index, date, site.capacity, tuple(site.aps), site.ssid, site.site, knobs)


_CACHE: dict[tuple, tuple[Visit, ...]] = {}


def _site_day(seed, index, date, capacity, aps, ssid, site, knobs) -> tuple[Visit, ...]:
    key = (seed, index, date, capacity, aps, ssid, site.timezone, site.opening_hours,
           tuple(h.date for h in site.holidays), knobs)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if len(_CACHE) > 512:
        _CACHE.clear()
    rshare, rotshare, multi = knobs
    intervals = open_intervals(site, date)
    rng = stream(seed, "visits", index, date.isoformat())
    pool = regulars(seed, index, capacity, rshare, rotshare, multi)
    busy = 1.15 if date.weekday() == 5 else 1.0
    scale = capacity * busy / _NORM
    tz = ZoneInfo(site.timezone)
    present: set[str] = set()
    visits: list[Visit] = []
    walkins = 0
    for start, end in intervals:
        minute = start
        while minute < end:
            local = dt.datetime.fromtimestamp(minute, tz)
            lam = scale * shape(local.hour + local.minute / 60)
            for _ in range(poisson(rng, lam)):
                arrive = minute + rng.random() * 60
                if rng.random() < 0.12:  # passer-by
                    dwell = 60 + rng.random() * 180
                else:
                    dwell = math.exp(rng.gauss(math.log(40 * 60), 0.7))
                leave = min(arrive + dwell, end - rng.random() * 300)
                if leave - arrive < 60:
                    continue
                if rng.random() < REGULAR_SHARE:
                    member = pool[rng.randrange(len(pool))]
                    if member.person in present:
                        continue
                    person, user = member.person, member.user
                    devices = [(_day_mac(seed, person, k, date) if d.rotating else d.mac, d.randomized)
                               for k, d in enumerate(member.devices)]
                else:
                    walkins += 1
                    person, user = f"s{index + 1}-{date:%Y%m%d}-w{walkins:03d}", None
                    devices = []
                    for _k in range(2 if rng.random() < multi else 1):
                        randomized = rng.random() < rshare
                        devices.append((_mac(rng, randomized), randomized))
                present.add(person)
                five = rng.random() < 0.6
                segs = _segments(rng, aps, arrive, leave, five)
                for k, (mac, randomized) in enumerate(devices):
                    a, b = arrive, leave
                    if k:  # a second device connects and disconnects within a minute of its owner's first
                        a = min(arrive + rng.random() * 60, leave - 30)
                        b = max(leave - rng.random() * 60, a + 30)
                    own = tuple(Segment(sg.ap, max(sg.start, a), min(sg.end, b), sg.radio, sg.rssi)
                                for sg in segs if sg.end > a and sg.start < b)
                    visits.append(_visit(rng, index, own, ssid, mac, randomized, user if k == 0 else None,
                                         a, b, len(visits), person))
            minute += 60
    out = tuple(visits)
    _CACHE[key] = out
    return out


def _visit(rng, index, segs, ssid, mac, randomized, user, arrive, leave, n, person) -> Visit:
    tx = math.exp(rng.gauss(math.log(15_000), 1.0))
    rx = tx * (0.1 + 0.2 * rng.random())
    ip = f"10.5.{50 + n // 250}.{2 + n % 250}"
    login = logout = reason = failed = None
    if leave - arrive > 240 and rng.random() < LOGIN_SHARE:
        login = arrive + 30 + rng.random() * 150
        if rng.random() < 0.15:
            logout, reason = leave - 20 - rng.random() * 20, "user request"
        else:
            logout, reason = leave + 120, "keepalive timeout"
        if rng.random() < 0.05:
            failed = login - 20
        if user is None:
            user = "T-" + mac.upper()
    token = f"{rng.getrandbits(32):08x}"
    return Visit(index, mac, randomized, arrive, leave, segs, ssid, rx, tx, ip, user if login else None,
                 login, logout, reason, failed, token, person)
