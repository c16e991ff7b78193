"""Interface deltas from raw counters: wraps, reboots, resets never give negative or huge values."""

from __future__ import annotations

import datetime as dt

T0 = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc)
MIN = dt.timedelta(minutes=1)
W32 = 2**32


def test_counter_deltas(db):
    db.execute("INSERT INTO site (name) VALUES ('s')")
    db.execute("INSERT INTO ap (site_id, name) VALUES (1, 'a')")
    rows = [  # (minute, if, in, bits, uptime)
        (0, 1, W32 - 1000, 32, 100_000),
        (1, 1, 5000, 32, 106_000),          # 32-bit wrap: 1000 + 5000
        (2, 1, 8000, 32, 112_000),          # normal
        (3, 1, 100, 32, 500),               # reboot: NULL, not 2^32 - 7900
        (4, 1, 700, 32, 6_500),             # normal again
        (0, 2, 2**40, 64, 100_000),
        (1, 2, 2**40 + 60_000_000, 64, 106_000),
        (2, 2, 1000, 64, 112_000),          # 64-bit counter went back without a reboot: reset, NULL
        (3, 2, 1000 + 10**12, 64, 118_000),  # 1 TB in a minute: implausible, NULL
    ]
    for m, idx, val, bits, up in rows:
        db.execute("INSERT INTO if_sample (time, ap_id, if_index, in_octets, out_octets, counter_bits,"
                   " sys_uptime_ticks) VALUES (%s, 1, %s, %s, %s, %s, %s)", (T0 + m * MIN, idx, val, val, bits, up))
    got = db.execute("SELECT if_index, in_bytes, out_bytes FROM if_traffic ORDER BY if_index, time").fetchall()
    assert [(i, None if v is None else int(v)) for i, v, _ in got] == [
        (1, None), (1, 6000), (1, 3000), (1, None), (1, 600),
        (2, None), (2, 60_000_000), (2, None), (2, None),
    ]
    assert all(a == b for _, a, b in got)
    assert db.execute("SELECT count(*) FROM if_traffic WHERE in_bytes < 0").fetchone()[0] == 0
