"""Synthetic year of village-library Wi-Fi for benchmarks (analytics, dashboard, reports).

    from bench.synth import generate
    stats = generate(dsn, sites=50, aps_per_site=5, days=365, seed=1)

Writes into a DEDICATED, migrated database (its data tables are emptied first):
sites with opening hours and holidays, standalone APs, client sessions and
portal sessions (COPY), AP outages and reboots (ap_event), AP status, and the
hourly rollups ap_hourly / ssid_hourly / site_hourly computed from minute-level
occupancy. Raw per-poll samples for a whole year (250 APs x 525,600 polls =
131 M rows in ap_sample alone) are too heavy to generate and are not what the
queries read: the raw tables (ap_sample, ap_ssid_sample, ap_radio_sample,
if_sample, as the collector writes them: one row per poll, per SSID, per radio,
per interface) are written only for the last `raw_days` days (default 0), as
retention.raw_samples_days would leave them.

The same path works in both storage modes: for the days with raw samples the
hourly rollups are computed by Kunang's own refresh (collector/db/rollups.py:
kunang_refresh_rollups on plain PostgreSQL, refresh_continuous_aggregate on
TimescaleDB); for the older days, whose raw rows retention would have dropped,
they are written directly where the refresh would have left them: into the
ap_hourly/ssid_hourly tables (plain) or into the continuous aggregates'
materialization hypertables (TimescaleDB). Then kunang_refresh_analytics
builds visits, device-days and the daily/monthly tables.

Daily pattern: opening hours Mon-Thu 08-16, Fri 08-11:30, Sat 08-12, closed
on Sundays and public holidays; arrivals peak 09-10 and 13-15 (after school);
Friday and Ramadan are quieter, school holidays busier, slow growth over the
year. ~60 % of visits by regulars (returning), ~35 % of devices with a
randomised MAC of which a third rotate it daily, 12 % passers-by, 12 % second
visits, 25 % roaming, 45 % portal logins (4 % of them with no SNMP presence).
One site stops reporting 45 days before the end (a "site with no data"), one
has a flaky link (~25 % of polls unanswered).

Run `python -m bench.synth DSN` to generate with the defaults.

Size: one generator that fills every table in the order of their foreign keys, with the two storage modes'
rollup paths side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from zoneinfo import ZoneInfo

import numpy as np
import psycopg
from psycopg import sql

from collector.db import rollups

TZ = "Asia/Makassar"
HOURS = {"mon": [["08:00", "16:00"]], "tue": [["08:00", "16:00"]], "wed": [["08:00", "16:00"]],
         "thu": [["08:00", "16:00"]], "fri": [["08:00", "11:30"]], "sat": [["08:00", "12:00"]], "sun": []}
OPEN = {0: (480, 960), 1: (480, 960), 2: (480, 960), 3: (480, 960), 4: (480, 690), 5: (480, 720)}  # minutes
HOLIDAYS = ["2025-12-25", "2026-01-01", "2026-02-17", "2026-03-20", "2026-03-21", "2026-04-03", "2026-05-01",
            "2026-05-14", "2026-05-27", "2026-06-01", "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-25",
            "2027-01-01"]
RAMADAN = (dt.date(2026, 2, 18), dt.date(2026, 3, 19))
VILLAGES = ["Sembalun", "Suela", "Pringgabaya", "Labuhan Haji", "Masbagik", "Aikmel", "Selong", "Sakra",
            "Keruak", "Jerowaru", "Terara", "Montong Gading", "Sikur", "Wanasaba", "Pringgasela", "Sambelia",
            "Sukamulia", "Suralaga", "Lenek", "Sakra Barat", "Sakra Timur", "Labuhan Lombok", "Denggen",
            "Anjani", "Kotaraja", "Rarang", "Lendang Nangka", "Mamben", "Apitaik", "Kembang Kerang",
            "Lepak", "Danger", "Paok Motong", "Tirtanadi", "Ketapang", "Pohgading", "Belanting", "Obel-Obel",
            "Sugian", "Madayin", "Bagik Nyaka", "Kalijaga", "Tanjung Luar", "Ekas", "Pemongkong", "Seriwe",
            "Sekaroh", "Batu Nampar", "Tembeng Putik", "Jantuk"]
DATA_TABLES = ("site", "ap", "ap_status", "ap_event", "ap_sample", "ap_ssid_sample", "ap_radio_sample", "if_sample",
               "client_session",
               "portal_session", "portal_event", "ap_hourly", "ssid_hourly", "site_hourly", "visit", "device_day",
               "ap_daily", "site_daily", "site_monthly", "poll_round")
SSIDS = ("Perpus-Free", "Perpus-Staff")


def _hex(rng, n: int) -> list[str]:
    a = rng.integers(0, 2**63, size=n, dtype=np.int64)
    b = rng.integers(0, 2**63, size=n, dtype=np.int64)
    return [f"{x:016x}{y:016x}" for x, y in zip(a.tolist(), b.tolist())]


def _arrival_weights(lo: int, hi: int) -> np.ndarray:
    m = np.arange(lo, hi - 10)
    h = m / 60.0
    w = 0.4 + 1.0 * np.exp(-((h - 9.5) ** 2) / 0.8) + 1.6 * np.exp(-((h - 14.0) ** 2) / 1.2)
    return w / w.sum()


def _day_factor(day: dt.date, first: dt.date, days: int) -> float:
    f = {0: 1.0, 1: 1.05, 2: 1.0, 3: 0.95, 4: 0.6, 5: 0.8}[day.weekday()]
    if RAMADAN[0] <= day <= RAMADAN[1]:
        f *= 0.7
    if (day.month == 6 and day.day >= 20) or day.month == 7 or (day.month == 12 and day.day >= 20):
        f *= 1.3
    return f * (0.95 + 0.1 * (day - first).days / max(days, 1))


def _utc(day: dt.date, minute: float, zone: ZoneInfo) -> dt.datetime:
    return (dt.datetime.combine(day, dt.time(), zone) + dt.timedelta(minutes=float(minute))).astimezone(dt.timezone.utc)


RAW_COLS = {
    "ap_sample": ("time", "ap_id", "reachable", "partial", "clients", "sys_uptime_ticks", "error_kind", "duration_ms"),
    "ap_ssid_sample": ("time", "ap_id", "ssid", "clients"),
    "ap_radio_sample": ("time", "ap_id", "radio", "band", "channel", "clients"),
    "if_sample": ("time", "ap_id", "if_index", "if_name", "in_octets", "out_octets", "counter_bits",
                  "sys_uptime_ticks", "oper_up"),
}
RADIOS = (("wlan0", "2.4GHz", 6, 0.55), ("wlan1", "5GHz", 36, 0.45))  # name, band, channel, share of clients
IFACES = ((1, "eth0", 64), (2, "wlan0", 32), (3, "wlan1", 32))  # ifIndex, name, counter bits


class _Writer:
    def __init__(self, conn, rollup_targets: dict[str, str] | None = None):
        self.conn = conn
        self.rows: dict[str, list] = {}
        self.counts: dict[str, int] = {}
        self.targets = rollup_targets or {}  # ap_hourly/ssid_hourly -> where their rows go (TimescaleDB)
        self.raw_seconds = 0.0  # time spent in the raw samples' COPY (the insert rate)

    def raw(self, table: str, lines: list[str]) -> None:
        """COPY preformatted text lines (tab-separated, \\N for NULL) into a raw sample table."""
        if not lines:
            return
        stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, RAW_COLS[table])))
        data = ("\n".join(lines) + "\n").encode()
        t = time.perf_counter()
        with self.conn.cursor().copy(stmt) as cp:
            cp.write(data)
        self.raw_seconds += time.perf_counter() - t
        self.counts[table] = self.counts.get(table, 0) + len(lines)

    COLS = {
        "client_session": ("site_id", "device", "randomized", "first_seen", "last_seen", "closed", "first_ap_id",
                           "last_ap_id", "ap_ids", "ssid", "polls", "rx_bytes", "tx_bytes"),
        "portal_session": ("site_id", "source", "device", "randomized", "user_id", "started_at", "ended_at",
                           "last_update", "bytes_in", "bytes_out", "duration_s", "end_reason", "open"),
        "ap_hourly": ("bucket", "ap_id", "polls", "reachable_polls", "clients_avg", "clients_max"),
        "ssid_hourly": ("bucket", "ap_id", "ssid", "samples", "clients_avg", "clients_max"),
        "site_hourly": ("site_id", "bucket", "clients_avg", "clients_max", "aps"),
        "ap_event": ("time", "ap_id", "kind", "detail"),
    }

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if not rows:
                continue
            target = sql.SQL(self.targets[table]) if table in self.targets else sql.Identifier(table)
            stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                target, sql.SQL(", ").join(map(sql.Identifier, self.COLS[table])))
            with self.conn.cursor().copy(stmt) as cp:
                for r in rows:
                    cp.write_row(r)
            self.counts[table] = self.counts.get(table, 0) + len(rows)
        self.rows = {}


def generate(dsn: str, sites: int = 50, aps_per_site: int = 5, days: int = 365, seed: int = 1, *,
             end: dt.date | None = None, raw_days: int = 0, group: str = "Lombok Timur", refresh: bool = True,
             progress=None) -> dict:
    """Empty the data tables of the database at `dsn` and fill it; returns row counts and timings."""
    rng = np.random.default_rng(seed)
    zone = ZoneInfo(TZ)
    end = end or (dt.datetime.now(zone).date() - dt.timedelta(days=1))
    first = end - dt.timedelta(days=days - 1)
    holidays = {dt.date.fromisoformat(h) for h in HOLIDAYS}
    t_start = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
            sql.SQL(", ").join(map(sql.Identifier, DATA_TABLES))))
        conn.execute("SELECT kunang_configure_analytics(10, 5, 30, false, 60)")
        w = _Writer(conn, _rollup_targets(conn))
        site_rows = []
        for s in range(sites):
            name = f"Perpus Desa {VILLAGES[s % len(VILLAGES)]}" + (f" {s // len(VILLAGES) + 1}" if s >= len(VILLAGES) else "")
            sid = conn.execute(
                "INSERT INTO site (name, grp, timezone, opening_hours, holidays) VALUES (%s, %s, %s, %s, %s)"
                " RETURNING id", (name, group, TZ, json.dumps(HOURS), sorted(holidays))).fetchone()[0]
            ap_ids = [conn.execute("INSERT INTO ap (site_id, name, address, port, profile, model, first_seen,"
                                   " last_seen) VALUES (%s, %s, %s, 161, 'generic', 'EAP225', %s, %s) RETURNING id",
                                   (sid, f"ap-{a + 1}", f"10.{s // 200}.{s % 200}.{a + 10}",
                                    _utc(first, 0, zone), _utc(end, 960, zone))).fetchone()[0]
                      for a in range(aps_per_site)]
            site_rows.append((sid, ap_ids))
        t_inv = time.perf_counter()
        for s, (sid, ap_ids) in enumerate(site_rows):
            _site_year(w, rng, sid, ap_ids, first, days, zone, holidays, raw_days,
                       stop_after=(days - 45) if (sites >= 10 and s == sites - 1) else None,
                       flaky=(sites >= 10 and s == sites - 2))
            w.flush()
            if progress:
                progress(f"site {s + 1}/{sites}")
        conn.execute("INSERT INTO ap_status (ap_id, state, state_since, last_poll_at, last_ok_at, clients)"
                     " SELECT id, 'up', %s, %s, %s, 0 FROM ap", (_utc(first, 0, zone), _utc(end, 960, zone),
                                                                   _utc(end, 960, zone)))
        t_data = time.perf_counter()
        if raw_days:  # the rollups of the raw days, by Kunang's own refresh (either storage mode)
            raw_lo = _utc(end - dt.timedelta(days=min(raw_days, days) - 1), 0, zone)
            rollups.refresh(conn, raw_lo, _utc(end + dt.timedelta(days=1), 0, zone))
        for t in ("ap_hourly", "ssid_hourly"):
            w.counts[t] = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
        t_rollups = time.perf_counter()
        if refresh:
            lo, hi = _utc(first, 0, zone), _utc(end + dt.timedelta(days=1), 0, zone)
            # month by month keeps each statement's working set small
            cur = lo
            while cur < hi:
                nxt = min(cur + dt.timedelta(days=31), hi)
                conn.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (cur, nxt))
                cur = nxt
                if progress:
                    progress(f"refreshed to {cur:%Y-%m-%d}")
        conn.execute("ANALYZE")
        t_refresh = time.perf_counter()
    raw_rows = sum(w.counts.get(t, 0) for t in RAW_COLS)
    return {"first": first, "end": end, "sites": sites, "aps": sites * aps_per_site, "rows": w.counts,
            "raw_rows_per_s": round(raw_rows / w.raw_seconds) if w.raw_seconds else None,
            "seconds": {"inventory": round(t_inv - t_start, 1), "generate_copy": round(t_data - t_inv, 1),
                        "raw_copy": round(w.raw_seconds, 1), "rollup_refresh": round(t_rollups - t_data, 1),
                        "refresh": round(t_refresh - t_rollups, 1)}}


def _rollup_targets(conn) -> dict[str, str]:
    """On TimescaleDB ap_hourly/ssid_hourly are continuous aggregates: their old rows go into the
    materialization hypertables, as a refresh followed by raw retention would have left them."""
    mode = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
    if mode != "timescaledb":
        return {}
    rows = conn.execute("SELECT view_name, format('%I.%I', materialization_hypertable_schema,"
                        " materialization_hypertable_name) FROM timescaledb_information.continuous_aggregates"
                        " WHERE view_schema = 'public' AND view_name IN ('ap_hourly', 'ssid_hourly')").fetchall()
    return dict(rows)


def _site_year(w: _Writer, rng, sid: int, ap_ids: list[int], first: dt.date, days: int, zone, holidays,
               raw_days: int, stop_after: int | None, flaky: bool) -> None:
    n_ap = len(ap_ids)
    popularity = float(np.clip(rng.lognormal(np.log(40), 0.5), 8, 150))
    ap_weight = rng.dirichlet(np.ones(n_ap) * 2.0)
    pool = _hex(rng, int(popularity * 3))
    pool_random = rng.random(len(pool)) < 0.25  # stable (per-SSID) random MACs among regulars
    pool_weight = 1.0 / np.arange(1, len(pool) + 1) ** 0.7
    pool_weight /= pool_weight.sum()
    users = _hex(rng, len(pool))
    # outages: per AP ~2 a month, per site power cuts ~1 a month (start minute of the year, duration)
    year_min = days * 1440
    outages = [[] for _ in range(n_ap)]
    for a in range(n_ap):
        for _ in range(rng.poisson(2 * days / 30)):
            outages[a].append((int(rng.integers(0, year_min)), int(np.clip(rng.lognormal(np.log(40), 0.8), 5, 600))))
    for _ in range(rng.poisson(days / 30)):
        st_, du = int(rng.integers(0, year_min)), int(np.clip(rng.lognormal(np.log(90), 0.6), 10, 720))
        for a in range(n_ap):
            outages[a].append((st_, du))
    down_min = np.zeros((n_ap, year_min), dtype=bool)
    for a in range(n_ap):
        for st_, du in outages[a]:
            down_min[a, st_:st_ + du] = True
        # events from the merged outage runs (a `down` after 3 failed polls, `up` when back)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], down_min[a].view(np.int8), [0]))))
        for st_, en in zip(edges[0::2].tolist(), edges[1::2].tolist()):
            if en - st_ < 3 or (stop_after is not None and st_ // 1440 >= stop_after):
                continue
            w.add("ap_event", (_utc(first, st_ + 3, zone), ap_ids[a], "down", '{"error_kind": "timeout"}'))
            w.add("ap_event", (_utc(first, en, zone), ap_ids[a], "up", "{}"))
            if rng.random() < 0.5:
                w.add("ap_event", (_utc(first, en, zone) + dt.timedelta(seconds=1), ap_ids[a], "reboot", "{}"))
    if flaky:
        down_min |= rng.random((n_ap, year_min)) < 0.25
    pool_cum = np.cumsum(pool_weight)
    ap_cum = np.cumsum(ap_weight)
    # raw samples draw from their own stream: the year's data is the same whatever raw_days is
    raw_state = {"rng": np.random.default_rng([sid, ap_ids[0]])}
    for d in range(days):
        if stop_after is not None and d >= stop_after:
            break
        day = first + dt.timedelta(days=d)
        wd = day.weekday()
        is_open = wd in OPEN and day not in holidays
        occ = np.zeros((n_ap, len(SSIDS), 1441), dtype=np.int32)
        if is_open:
            lo, hi = OPEN[wd]
            n = int(rng.poisson(popularity * _day_factor(day, first, days)))
            if n:
                arrivals = rng.choice(np.arange(lo, hi - 10), size=n, p=_arrival_weights(lo, hi))
                _visits(w, rng, sid, ap_ids, ap_cum, pool, pool_random, pool_cum, users, day, arrivals, hi, zone,
                        occ)
        _hours(w, sid, ap_ids, day, d, occ, down_min, zone, raw_days, days, raw_state)


def _visits(w, rng, sid, ap_ids, ap_cum, pool, pool_random, pool_cum, users, day, arrivals, hi, zone, occ):
    """All visits of a site-day; random draws in arrays, one Python pass to build the rows."""
    n = len(arrivals)
    n_ap = len(ap_ids)
    regular = rng.random(n) < 0.6
    k = np.minimum(np.searchsorted(pool_cum, rng.random(n)), len(pool) - 1)
    new_ids = _hex(rng, int((~regular).sum()))
    new_random = rng.random(n) < 0.45
    second = rng.random(n) < 0.12
    second_gap = rng.integers(30, 120, size=n)
    base = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)
    j = 0
    for i in range(n):
        if regular[i]:
            device, randomized, user = pool[k[i]], bool(pool_random[k[i]]), users[k[i]]
        else:  # a new device, or a rotating random MAC (new every day)
            device, randomized, user = new_ids[j], bool(new_random[i]), None
            j += 1
        starts = [(int(arrivals[i]), bool(rng.random() < 0.12))]
        if second[i]:
            starts.append((int(arrivals[i] + second_gap[i]), False))
        m = len(starts)
        dwell_draw = np.clip(rng.lognormal(np.log(30), 0.8, size=m), 5, 300)
        passer_draw = rng.uniform(0, 4, size=m)
        a1s = np.minimum(np.searchsorted(ap_cum, rng.random(m)), n_ap - 1)
        u = rng.random((m, 6))
        rates = rng.lognormal(np.log(15_000), 0.9, size=m)
        for v, (start, passer) in enumerate(starts):
            if start >= hi - 2:
                continue
            dwell = float(passer_draw[v]) if passer else float(dwell_draw[v])
            stop = min(start + dwell, hi + 5)
            a1 = int(a1s[v])
            roam = u[v, 0] < 0.25 and n_ap > 1
            a2 = (a1 + 1 + int(u[v, 1] * (n_ap - 1))) % n_ap if roam else a1
            mid = start + (stop - start) / 2 if roam else stop
            ssid_i = 0 if u[v, 2] < 0.9 else 1
            occ[a1, ssid_i, int(start):int(mid) + 1] += 1
            if roam:
                occ[a2, ssid_i, int(mid) + 1:int(stop) + 1] += 1
            t0, t1 = base + dt.timedelta(minutes=start), base + dt.timedelta(minutes=stop)
            nbytes = int((stop - start) * 60 * rates[v])
            portal = u[v, 3] < 0.45
            portal_only = portal and u[v, 4] < 0.04
            if not portal_only:
                ids = [ap_ids[a1]] + ([ap_ids[a2]] if roam else [])
                w.add("client_session", (sid, device, randomized, t0, t1, True, ids[0], ids[-1], ids,
                                         SSIDS[ssid_i], int(stop - start) + 1, int(nbytes * 0.85),
                                         int(nbytes * 0.15)))
            if portal:
                p0 = t0 + dt.timedelta(seconds=180 * float(u[v, 5]))
                p1 = max(p0, t1 - dt.timedelta(seconds=300 * float(u[v, 4])))
                pb = int(nbytes * (0.9 + 0.2 * float(u[v, 1])))
                w.add("portal_session", (sid, "hotspot", device, randomized, user or device[::-1], p0, p1, p1,
                                         int(pb * 0.85), int(pb * 0.15), int((p1 - p0).total_seconds()),
                                         "logout", False))


def _hourly(vals: np.ndarray, up: np.ndarray):
    """(..., 1440) minute values and answered-poll mask -> per hour: answered, avg, max (numpy)."""
    shape = vals.shape[:-1] + (24, 60)
    v = vals.reshape(shape)
    m = up.reshape(up.shape[:-1] + (24, 60)) if up.ndim == vals.ndim else np.broadcast_to(
        up.reshape(up.shape[:-1] + (1, 24, 60)), shape)
    ok = m.sum(axis=-1)
    tot = np.where(m, v, 0).sum(axis=-1)
    mx = np.where(m, v, -1).max(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        avg = tot / ok
    return ok, avg, mx


def _hours(w, sid, ap_ids, day, d, occ, down_min, zone, raw_days, days, raw_state):
    base = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)
    per_ap = occ.sum(axis=1)[:, :1440]  # (ap, minute)
    up = ~down_min[:, d * 1440:(d + 1) * 1440]
    ok, avg, mx = _hourly(per_ap, up)  # (ap, 24)
    s_ok, s_avg, s_mx = _hourly(occ[:, :, :1440], up)  # (ap, ssid, 24)
    site_mx = np.where(up, per_ap, 0).sum(axis=0).reshape(24, 60).max(axis=1)
    ok_l, avg_l, mx_l = ok.tolist(), avg.tolist(), mx.tolist()
    s_ok_l, s_avg_l, s_mx_l = s_ok.tolist(), s_avg.tolist(), s_mx.tolist()
    raw = bool(raw_days) and d >= days - raw_days  # raw samples; Kunang's refresh makes these rollups
    for h in range(24):
        bucket = base + dt.timedelta(hours=h)
        avg_sum, n_rep = 0.0, 0
        for a, ap_id in enumerate(ap_ids):
            if ok_l[a][h]:
                if not raw:
                    w.add("ap_hourly", (bucket, ap_id, 60, ok_l[a][h], avg_l[a][h], mx_l[a][h]))
                avg_sum += avg_l[a][h]
                n_rep += 1
                for s_i, ssid in enumerate(SSIDS):
                    if s_mx_l[a][s_i][h] > 0 and not raw:
                        w.add("ssid_hourly", (bucket, ap_id, ssid, s_ok_l[a][s_i][h], s_avg_l[a][s_i][h],
                                              s_mx_l[a][s_i][h]))
            elif not raw:
                w.add("ap_hourly", (bucket, ap_id, 60, 0, None, None))
        w.add("site_hourly", (sid, bucket, avg_sum if n_rep else None, int(site_mx[h]) if n_rep else None, n_rep))
    if raw:
        _raw_day(w, ap_ids, base, up, per_ap, occ[:, :, :1440], raw_state)


def _raw_day(w, ap_ids, base, up, per_ap, occ, st) -> None:
    """One day of raw samples of a site's APs, as the collector stores them: a row per poll in ap_sample
    (unanswered polls too), and per answered poll a row per SSID, per radio and per interface.

    Poll times carry the scheduler's fixed per-AP phase and a few ms of noise (microsecond
    timestamps, as the collector's); the uptime counts from the last outage (a reboot); interface
    octet counters follow the clients (32-bit radio counters wrap) and restart at reboots.
    """
    rng = st["rng"]
    day_us = np.datetime64(base.replace(tzinfo=None), "us")
    minutes = np.arange(1440)
    for a, ap_id in enumerate(ap_ids):
        if ap_id not in st:
            st[ap_id] = {"phase": int(rng.integers(0, 5_000_000)), "uptime": int(rng.integers(10**6, 10**8)),
                         "octets": rng.integers(0, 2**40, size=(len(IFACES), 2)).astype(np.float64)}
        s = st[ap_id]
        r = up[a]
        t = day_us + (minutes * 60_000_000 + 7_000_000 + s["phase"]
                      + rng.lognormal(np.log(3000), 0.7, size=1440).astype(np.int64)).astype("timedelta64[us]")
        ts = [x + "+00" for x in np.datetime_as_string(t, unit="us").tolist()]
        # uptime in ticks (1/100 s): +6000 a poll, from ~0 after each outage
        down = ~r
        last_down = np.maximum.accumulate(np.where(down, minutes, -1))
        since = np.where(last_down < 0, minutes + s["uptime"] / 6000, minutes - last_down)
        uptime = (since * 6000).astype(np.int64)
        if down.any():
            s["uptime"] = int(uptime[-1])
        else:
            s["uptime"] += 1440 * 6000
        clients = per_ap[a]
        dur = np.where(r, rng.lognormal(np.log(45), 0.5, size=1440), 3000).astype(np.int64)
        aid = str(ap_id)
        rl, cl, ul, dl = r.tolist(), clients.tolist(), uptime.tolist(), dur.tolist()
        w.raw("ap_sample", [f"{ts[m]}\t{aid}\tt\tf\t{cl[m]}\t{ul[m]}\t\\N\t{dl[m]}" if rl[m]
                            else f"{ts[m]}\t{aid}\tf\tf\t\\N\t\\N\ttimeout\t{dl[m]}" for m in range(1440)])
        ok = np.flatnonzero(r).tolist()
        w.raw("ap_ssid_sample", [f"{ts[m]}\t{aid}\t{ssid}\t{int(occ[a, i, m])}"
                                 for m in ok for i, ssid in enumerate(SSIDS)])
        first = rng.binomial(clients, RADIOS[0][3])
        radio_c = (first.tolist(), (clients - first).tolist())
        w.raw("ap_radio_sample", [f"{ts[m]}\t{aid}\t{name}\t{band}\t{ch}\t{radio_c[i][m]}"
                                  for m in ok for i, (name, band, ch, _) in enumerate(RADIOS)])
        # octets per minute: ~15 kB/s per client plus background, split over the interfaces
        traffic = clients * 900_000.0 * rng.lognormal(0, 0.3, size=1440) + rng.integers(2_000, 20_000, size=1440)
        lines = []
        reboot = np.concatenate(([False], down[:-1] & r[1:]))  # back after an outage: counters restart
        for i, (idx, name, bits) in enumerate(IFACES):
            share = 1.0 if i == 0 else RADIOS[i - 1][3]
            io = []
            for k, frac in enumerate((0.15, 0.85)):  # in, out (seen from the AP: clients download)
                inc = np.where(r, traffic * share * frac, 0.0)
                vals = np.empty(1440)
                cur = s["octets"][i, k]
                cuts = [0] + np.flatnonzero(reboot).tolist() + [1440]
                for lo, hi in zip(cuts[:-1], cuts[1:]):
                    if lo and reboot[lo]:
                        cur = 0.0
                    vals[lo:hi] = cur + np.cumsum(inc[lo:hi])
                    cur = vals[hi - 1]
                s["octets"][i, k] = cur
                v = vals.astype(np.uint64)
                io.append((v % (1 << 32) if bits == 32 else v).tolist())
            lines += [f"{ts[m]}\t{aid}\t{idx}\t{name}\t{io[0][m]}\t{io[1][m]}\t{bits}\t{ul[m]}\tt" for m in ok]
        w.raw("if_sample", lines)


if __name__ == "__main__":  # pragma: no cover
    out = generate(sys.argv[1], progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(out, indent=2, default=str))
