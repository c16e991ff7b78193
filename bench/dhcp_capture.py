"""The time of kunang_dhcp_captures (collector/db/functions/dhcp_capture.sql), the DHCP log's captures per site-day,
against its first version (b1f8d7d) as the anchor, side by side on the same data.

    .venv/bin/python -m bench.dhcp_capture --dsn DSN [--days 30] [--visits 600] [--grants 700] [--repeat 3]

A synthetic site (one transaction, rolled back): `--days` days of `--visits` visits (30 min each, 40 s apart, 400
devices) and `--grants` grants (450 devices, 30 s before each visit's start); every day's captures computed once per
repeat by the product's function and by the anchor (created in pg_temp from its text, kept below); the best of the
repeats printed with both results, which must be equal. docs/performance.md "The sessions estimate with the DHCP log".
Beside them, the same site-days' kunang_visits_maybe_split (visit_counting.sql, the sessions range's counting term),
with the DHCP log read and without (docs/performance.md "The sessions range's counting term"), and
kunang_sessions_unseen_dependence (unseen_dependence.sql, the range's dependence term; its scan of the day's visits
is what costs, so the synthetic visits' sources do not matter; docs/performance.md "The sessions range's dependence
term").
"""

from __future__ import annotations

import argparse
import time

import psycopg

ANCHOR = """
CREATE FUNCTION pg_temp.anchor_captures(p_site integer, p_day date, p_tz text, p_slack interval, p_gap interval)
RETURNS TABLE (dhcp_only integer, dhcp_both integer) LANGUAGE sql STABLE AS $$
    WITH g AS (
        SELECT e.device, e.time FROM portal_event e
        WHERE e.site_id = p_site AND e.kind = 'dhcp_assigned' AND e.device IS NOT NULL
          AND e.time >= (p_day::timestamp AT TIME ZONE p_tz) AND e.time < ((p_day + 1)::timestamp AT TIME ZONE p_tz)),
    v AS (SELECT v.day, v.device, v.started_at, v.ended_at FROM visit v
          WHERE v.site_id = p_site AND v.day BETWEEN p_day - 1 AND p_day + 1),
    gv AS (
        SELECT g.device, g.time, coalesce(i.day, n.day) AS v_day, coalesce(i.started_at, n.started_at) AS v_start
        FROM g
        LEFT JOIN LATERAL (SELECT v.day, v.started_at FROM v WHERE v.device = g.device
             AND g.time BETWEEN v.started_at - p_slack AND v.ended_at + p_slack ORDER BY v.started_at LIMIT 1) i ON true
        LEFT JOIN LATERAL (SELECT v.day, v.started_at FROM v WHERE i.started_at IS NULL AND v.device = g.device
             AND v.started_at > g.time AND NOT EXISTS (SELECT 1 FROM g g2 WHERE g2.device = g.device
             AND g2.time > g.time AND g2.time <= v.started_at + p_slack) ORDER BY v.started_at LIMIT 1) n ON true),
    u AS (SELECT gv.time > lag(gv.time) OVER (PARTITION BY gv.device ORDER BY gv.time) + p_gap
                 OR lag(gv.time) OVER (PARTITION BY gv.device ORDER BY gv.time) IS NULL AS opens
          FROM gv WHERE gv.v_start IS NULL)
    SELECT (SELECT count(*) FILTER (WHERE opens) FROM u)::integer,
           (SELECT count(DISTINCT (gv.device, gv.v_start)) FROM gv WHERE gv.v_day = p_day)::integer
    WHERE EXISTS (SELECT 1 FROM g)
$$"""
SITE = 990001
CALL = ("SELECT sum(c.dhcp_only), sum(c.dhcp_both) FROM generate_series(%s::date, %s::date, interval '1 day') g(d)"
        " CROSS JOIN LATERAL {}(%s, g.d::date, 'Asia/Makassar', interval '180 s', interval '10 min') c")

SPLIT = ("SELECT sum(kunang_visits_maybe_split(%s, g.d::date, interval '180 s', %s))"
         " FROM generate_series(%s::date, %s::date, interval '1 day') g(d)")
DEPENDENCE = ("SELECT sum(d.dependence), count(*) FROM generate_series(%s::date, %s::date, interval '1 day') g(d)"
              " CROSS JOIN LATERAL kunang_sessions_unseen_dependence(%s, g.d::date, interval '180 s', 300, false) d")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--visits", type=int, default=600)
    ap.add_argument("--grants", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    first, last = "2026-11-01", f"2026-11-{a.days:02d}" if a.days <= 30 else None
    if last is None:
        raise SystemExit("--days: at most 30")
    with psycopg.connect(a.dsn) as conn, conn.transaction(force_rollback=True):
        conn.execute("INSERT INTO site (id, name, timezone) VALUES (%s, 'bench dhcp_capture', 'Asia/Makassar')", (SITE,))
        conn.execute("INSERT INTO visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source,"
                     " snmp_sessions, portal_sessions, ap_ids, snmp_bytes, portal_bytes, bytes)"
                     " SELECT %s, d::date, 'dev' || (i %% 400), false, d + interval '8 hours' + i * interval '40 s',"
                     " d + interval '8 hours 30 min' + i * interval '40 s', 1800, 'snmp', 1, 0, '{}', 0, 0, 0"
                     " FROM generate_series(%s::timestamp, %s::timestamp, interval '1 day') d,"
                     " generate_series(1, %s) i", (SITE, first, last, a.visits))
        conn.execute("INSERT INTO portal_event (time, site_id, source, kind, device, format, dedup)"
                     " SELECT (d + interval '8 hours' + i * interval '40 s' - interval '30 s') AT TIME ZONE"
                     " 'Asia/Makassar', %s, 'bench', 'dhcp_assigned', 'dev' || (i %% 450), 'dnsmasq',"
                     " convert_to('bench' || d || ' ' || i, 'UTF8')"
                     " FROM generate_series(%s::timestamp, %s::timestamp, interval '1 day') d,"
                     " generate_series(1, %s) i", (SITE, first, last, a.grants))
        conn.execute("ANALYZE visit")
        conn.execute("ANALYZE portal_event")
        conn.execute(ANCHOR)
        best, result = {}, {}
        for _ in range(a.repeat):
            for name in ("kunang_dhcp_captures", "pg_temp.anchor_captures"):
                t = time.perf_counter()
                result[name] = conn.execute(CALL.format(name), (first, last, SITE)).fetchone()
                best[name] = min(best.get(name, 1e9), time.perf_counter() - t)
        split_best, split_result = {}, {}
        for _ in range(a.repeat):
            for dhcp in (True, False):
                name = f"kunang_visits_maybe_split{'' if dhcp else ' (no log)'}"
                t = time.perf_counter()
                split_result[name] = conn.execute(SPLIT, (SITE, dhcp, first, last)).fetchone()[0]
                split_best[name] = min(split_best.get(name, 1e9), time.perf_counter() - t)
            name, t = "kunang_sessions_unseen_dependence", time.perf_counter()
            split_result[name] = conn.execute(DEPENDENCE, (first, last, SITE)).fetchone()
            split_best[name] = min(split_best.get(name, 1e9), time.perf_counter() - t)
    for name in ("kunang_dhcp_captures", "pg_temp.anchor_captures"):
        print(f"{name:26} {a.days} site-days: best {best[name] * 1000:8.1f} ms "
              f"({best[name] * 1000 / a.days:6.1f} ms a site-day), dhcp_only/dhcp_both {result[name]}")
    # the range's counting term on the same site-days (visit_counting.sql), beside the captures: its share of the
    # refresh's DHCP work, with the log read and without
    for name, t_ in split_best.items():
        print(f"{name:26} {a.days} site-days: best {t_ * 1000:8.1f} ms ({t_ * 1000 / a.days:6.1f} ms a site-day), "
              f"result {split_result[name]}")
    if result["kunang_dhcp_captures"] != result["pg_temp.anchor_captures"]:
        print("DIFFERENT RESULTS")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
