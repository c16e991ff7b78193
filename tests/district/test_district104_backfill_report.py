"""The monthly report counts late village data in the month it belongs to (record time, not receive
time): a village's link is down at the end of October, its records of 31 October arrive on 2 November;
the collector's refresh of backfilled batches (collector/district/backfill.py) puts them into October's
figures, and October's report says that the village's month had backfilled data."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from psycopg.types.json import Jsonb

from collector.db import rollups
from collector.district.backfill import refresh_backfilled
from dashboard.periods import Month
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.tables import quality_lines

TZ = ZoneInfo("Asia/Makassar")
UTC = dt.timezone.utc
SITE = "Perpustakaan Desa Pringgasela"
HOURS = {d: [["08:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _sessions(db, site_id, ap_id, day: dt.date, n: int, tag: str):
    with db.cursor() as cur, cur.copy("COPY client_session (site_id, device, randomized, first_seen, last_seen,"
                                      " first_ap_id, last_ap_id, ap_ids, closed, rx_bytes, tx_bytes) FROM STDIN") as cp:
        for i in range(n):
            start = dt.datetime.combine(day, dt.time(9 + i % 6, 0), TZ)
            dev = hashlib.sha256(f"{tag}/{i}".encode()).hexdigest()
            cp.write_row((site_id, dev, False, start, start + dt.timedelta(minutes=30), ap_id, ap_id, [ap_id], True,
                          1_000_000, 100_000))


def _sessions_of(db, month: Month) -> int:
    model = build_report(db, month, SITE, Settings("Dinas"), now=dt.datetime(2026, 11, 3, tzinfo=UTC))
    return model.figure("sessions").value, model


def test_late_data_counts_in_its_own_month(db):
    db.execute("SELECT kunang_configure_district(6, 60)")  # the defaults (kunang_meta outlives each test)
    site_id = db.execute("INSERT INTO site (name, timezone, opening_hours, key, edge) VALUES (%s, 'Asia/Makassar',"
                         " %s, 'pringgasela', true) RETURNING id", (SITE, Jsonb(HOURS))).fetchone()[0]
    ap_id = db.execute("INSERT INTO ap (site_id, name, address) VALUES (%s, 'ap-1', '127.0.0.1') RETURNING id",
                       (site_id,)).fetchone()[0]
    lo, hi = dt.datetime(2026, 9, 30, tzinfo=UTC), dt.datetime(2026, 11, 2, 1, tzinfo=UTC)
    # on time: 10 visits on 10 October, stored and refreshed as they came
    _sessions(db, site_id, ap_id, dt.date(2026, 10, 10), 10, "on-time")
    db.execute("SELECT kunang_edge_batch('pringgasela', 'p:e:1-10', %s, %s, 10, %s)",
               (dt.datetime(2026, 10, 10, 7, tzinfo=UTC), dt.datetime(2026, 10, 10, 7, 4, tzinfo=UTC),
                dt.datetime(2026, 10, 10, 7, 5, tzinfo=UTC)))
    rollups.refresh(db, lo, hi)
    db.execute("SELECT kunang_refresh_analytics(%s, %s)", (lo, hi))
    assert refresh_backfilled(db, hi) is not None  # (that batch's own span: nothing late in it)
    october, november = Month(2026, 10), Month(2026, 11)
    assert _sessions_of(db, october)[0] == 10

    # the link was down from 31 October 09:00 WITA; 7 visits of that day arrive on 2 November 11:00 WITA
    _sessions(db, site_id, ap_id, dt.date(2026, 10, 31), 7, "late")
    received = dt.datetime(2026, 11, 2, 3, tzinfo=UTC)
    assert db.execute("SELECT kunang_edge_batch('pringgasela', 'p:e:11-17', %s, %s, 7, %s)",
                      (dt.datetime(2026, 10, 31, 9, tzinfo=TZ), dt.datetime(2026, 10, 31, 15, 30, tzinfo=TZ),
                       received)).fetchone()[0] is True
    assert _sessions_of(db, october)[0] == 10  # stored, but not yet in the figures

    span = refresh_backfilled(db, received - dt.timedelta(hours=2))  # the collector's analytics job
    assert span == (dt.datetime(2026, 10, 31, 1, tzinfo=UTC), dt.datetime(2026, 10, 31, 8, 30, tzinfo=UTC))
    assert refresh_backfilled(db, received) is None  # each batch once

    sessions, model = _sessions_of(db, october)
    assert sessions == 17  # counted in October, where the records belong
    assert model.quality.backfilled == ((SITE, 7),)
    assert f"Backfilled data: {SITE}: 7 records arrived late" in "\n".join(quality_lines(model, "en"))
    assert f"Data susulan: {SITE}: 7 catatan tiba terlambat" in "\n".join(quality_lines(model, "id"))
    nov_sessions, nov = _sessions_of(db, november)
    assert not nov_sessions and nov.quality.backfilled == ()  # not in the month they arrived
    district = build_report(db, october, None, Settings("Dinas"), now=dt.datetime(2026, 11, 3, tzinfo=UTC))
    assert district.quality.backfilled == ((SITE, 7),)
