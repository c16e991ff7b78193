-- Seeded fleet for the dashboard tests (parameters: now). Two sites:
--   Sembalun (always open: '{}'), three APs polled every 10 minutes for 8 days;
--   Labuhan Haji, a controller with two managed APs, one of them down.
-- Clients, sessions, portal logins, AP events, quarantined lines and alerts.
SELECT kunang_configure_analytics(10, 5, 30, false, 600);

INSERT INTO site (id, name, grp, timezone, opening_hours) VALUES
    (1, 'Perpustakaan Desa Sembalun', 'Kecamatan Sembalun', 'Asia/Makassar', '{}'),
    (2, 'Perpustakaan Desa Labuhan Haji', 'Kecamatan Labuhan Haji', 'Asia/Makassar', '{}');

INSERT INTO ap (id, site_id, name, is_controller, controller_id, address, profile, model, first_seen, last_seen) VALUES
    (1, 1, 'ruang-baca', false, NULL, '127.0.0.11', 'mikrotik', 'hAP ac2', %(now)s - interval '8 days', %(now)s),
    (2, 1, 'halaman', false, NULL, '127.0.0.12', 'unifi-ap', 'U6-Lite', %(now)s - interval '8 days', %(now)s),
    (3, 1, 'lantai-2', false, NULL, '127.0.0.13', 'unifi-ap', 'U6-Lite', %(now)s - interval '8 days', %(now)s),
    (4, 2, 'controller', true, NULL, '127.0.0.20', 'cisco-wlc', 'WLC 3504', %(now)s - interval '8 days', %(now)s),
    (5, 2, 'ap-depan', false, 4, NULL, NULL, 'AIR-AP1832I', %(now)s - interval '8 days', %(now)s),
    (6, 2, 'ap-belakang', false, 4, NULL, NULL, 'AIR-AP1832I', %(now)s - interval '8 days', %(now)s - interval '2 hours');
SELECT setval('site_id_seq', 2);
SELECT setval('ap_id_seq', 6);

INSERT INTO ap_status (ap_id, state, state_since, last_poll_at, last_ok_at, clients, sys_uptime_ticks) VALUES
    (1, 'up', %(now)s - interval '3 days', %(now)s - interval '1 minute', %(now)s - interval '1 minute', 7, 25920000),
    (2, 'up', %(now)s - interval '8 days', %(now)s - interval '1 minute', %(now)s - interval '1 minute', 4, 69120000),
    (3, 'up', %(now)s - interval '8 days', %(now)s - interval '1 minute', %(now)s - interval '1 minute', 0, 69120000),
    (4, 'up', %(now)s - interval '8 days', %(now)s - interval '1 minute', %(now)s - interval '1 minute', 5, 69120000),
    (5, 'up', %(now)s - interval '8 days', %(now)s - interval '1 minute', %(now)s - interval '1 minute', 5, NULL),
    (6, 'down', %(now)s - interval '2 hours', %(now)s - interval '1 minute', %(now)s - interval '2 hours', NULL, NULL);

-- one sample per AP every 10 minutes for 8 days; clients follow the hour of day
INSERT INTO ap_sample (time, ap_id, reachable, clients, sys_uptime_ticks)
SELECT ts, a.id,
       NOT (a.id = 6 AND ts > %(now)s - interval '2 hours'),
       CASE WHEN a.id = 6 AND ts > %(now)s - interval '2 hours' THEN NULL
            WHEN a.id = 4 THEN 5 + (extract(hour FROM ts)::int %% 5) * 2  -- the controller: sum of its APs (not counted)
            ELSE (extract(hour FROM ts)::int %% 5) + a.id %% 3 END,
       1000
FROM generate_series(date_trunc('hour', %(now)s) - interval '8 days', %(now)s - interval '1 minute', interval '10 minutes') AS ts
CROSS JOIN ap a;

-- lantai-2 missed every poll for an hour yesterday, 10:00-11:00 WITA (a gap in the data; a local hour, not
-- "26 hours ago", which lies the day before yesterday from 00:00 to 02:00 WITA)
DELETE FROM ap_sample WHERE ap_id = 3
    AND time > date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' - interval '14 hours'
    AND time < date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' - interval '13 hours';

INSERT INTO ap_ssid_sample (time, ap_id, ssid, clients)
SELECT time, ap_id, ssid, CASE WHEN ssid = 'Perpustakaan' THEN clients - clients / 3 ELSE clients / 3 END
FROM ap_sample CROSS JOIN (VALUES ('Perpustakaan'), ('Staf')) AS s(ssid)
WHERE reachable AND ap_id <> 4;

-- sessions: every day at 01:00 UTC (09:00 WITA), ten devices at Sembalun:
-- d-0..d-4 come back every day (returning), the others are new each day;
-- device i stays (i + 1) * 7 minutes; devices 0 and 5 use randomised MACs.
INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, first_ap_id, last_ap_id, ap_ids,
                            ssid, polls, rx_bytes, tx_bytes)
SELECT 1, CASE WHEN i < 5 THEN 'd-' || i ELSE 'd-' || i || '-' || day END, i IN (0, 5),
       date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' - (day || ' days')::interval
           + interval '9 hours' + (i * 3 || ' minutes')::interval,
       date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' - (day || ' days')::interval
           + interval '9 hours' + (i * 3 || ' minutes')::interval + ((i + 1) * 7 || ' minutes')::interval,
       true, 1 + i %% 3, 1 + i %% 3, ARRAY[1 + i %% 3], CASE WHEN i %% 2 = 0 THEN 'Perpustakaan' ELSE 'Staf' END,
       i + 1, 1000000 * (i + 1), 200000 * (i + 1)
FROM generate_series(1, 7) AS day CROSS JOIN generate_series(0, 9) AS i;

-- today: four of the devices again from 3 hours ago, sessions short enough to be closed, but never before the
-- local midnight (from 00:00 to 03:00 WITA "3 hours ago" is yesterday, and on the 1st the month in progress had
-- no session then). In the first 37 minutes of a local day they end (and may begin) up to 37 minutes after now:
-- a visitor stays 5 minutes at least, and the month in progress has one from its first minute.
INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, first_ap_id, last_ap_id, ap_ids,
                            ssid, polls, rx_bytes, tx_bytes)
SELECT 1, 'd-' || i, i = 0, t, t + ((i + 1) * 7 || ' minutes')::interval,
       true, 1, 1, ARRAY[1], 'Perpustakaan', i + 1, 500000, 100000
FROM (SELECT i, greatest(%(now)s - interval '3 hours',
                         date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar')
                + (i * 3 || ' minutes')::interval AS t
      FROM generate_series(0, 3) AS i) AS s;

-- portal logins at Sembalun: devices 0..2 every day
INSERT INTO portal_event (time, site_id, source, kind, device, randomized, user_id, dedup)
SELECT date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar' - (day || ' days')::interval
           + interval '9 hours' + (i * 3 + 1 || ' minutes')::interval,
       1, 'sembalun-hotspot', 'login', 'd-' || i, i = 0, 'u-' || i, decode(md5(day || '-' || i), 'hex')
FROM generate_series(1, 7) AS day CROSS JOIN generate_series(0, 2) AS i;

-- ... and their paired portal sessions (what the portal store makes of the logins): 20 minutes each
INSERT INTO portal_session (site_id, source, device, randomized, user_id, started_at, ended_at, last_update,
                            duration_s, end_reason, open)
SELECT 1, 'sembalun-hotspot', 'd-' || i, i = 0, 'u-' || i, t, t + interval '20 minutes', t + interval '20 minutes',
       1200, 'logout', false
FROM (SELECT i, date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar'
                 - (day || ' days')::interval + interval '9 hours' + (i * 3 + 1 || ' minutes')::interval AS t
      FROM generate_series(1, 7) AS day CROSS JOIN generate_series(0, 2) AS i) AS s;

INSERT INTO ap_event (time, ap_id, kind, detail) VALUES
    (%(now)s - interval '3 days', 1, 'reboot', '{"uptime_before_s": 86400}'),
    (%(now)s - interval '2 days 5 hours', 1, 'down', '{}'),
    (%(now)s - interval '2 days 4 hours', 1, 'up', '{}'),
    (%(now)s - interval '2 hours', 6, 'down', '{}');

INSERT INTO log_quarantine (received_at, source, origin, line, reason) VALUES
    (%(now)s - interval '1 hour', 'sembalun-hotspot', 'syslog 127.0.0.1', 'hotspot,info,debug garbled <3f2a…>', 'no format matched'),
    (%(now)s - interval '2 hours', 'sembalun-hotspot', 'syslog 127.0.0.1', 'user login failed: ???', 'no format matched'),
    (%(now)s - interval '1 day', 'labuhan-haji-opennds', 'binauth.log:12', 'method=auth_client', 'missing field: mac');
-- poll rounds: two in the last 24 hours (3 slots skipped), one older (not shown)
INSERT INTO poll_round (time, collector, devices, ok, failed, duration_ms, skipped) VALUES
    (%(now)s - interval '2 minutes', 'default', 12, 11, 1, 60000, 3),
    (%(now)s - interval '1 minute', 'default', 12, 12, 0, 60000, 0),
    (%(now)s - interval '2 days', 'default', 12, 12, 0, 60000, 7);
-- a line stored with its MAC addresses in clear (as by a version that did not pseudonymise quarantined lines)
INSERT INTO log_quarantine (received_at, source, site_id, origin, line, reason) VALUES
    (%(now)s - interval '3 hours', 'sembalun-hotspot', 1, 'syslog 127.0.0.1',
     'dhcp,info assigned 10.5.50.7 to AA:BB:CC:11:22:33 (ap 0011.2233.4455)', 'no timestamp in the line');

INSERT INTO alert (kind, subject, site_id, ap_id, state, opened_at, detail) VALUES
    ('ap_down', 'ap:6', 2, 6, 'firing', %(now)s - interval '2 hours', '{}');
INSERT INTO alert (kind, subject, site_id, ap_id, state, opened_at, resolved_at, resolution, detail) VALUES
    ('ap_down', 'ap:1', 1, 1, 'resolved', %(now)s - interval '2 days 5 hours', %(now)s - interval '2 days 4 hours',
     'recovered', '{}');

-- library visits (INLISLite guest book) at Sembalun, the last seven days: 12 at 09:00 WITA (ten individuals,
-- a group of two), 3 at 10:00; each dimension of an hour adds up to the hour's visits
INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits)
SELECT 1, date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar'
          - (day || ' days')::interval + (h || ' hours')::interval, dim, cat, n
FROM generate_series(1, 7) AS day
CROSS JOIN (VALUES (9, 'kind', 'individual', 10), (9, 'kind', 'group', 2),
                   (9, 'purpose', 'Belajar', 7), (9, 'purpose', 'Membaca', 5),
                   (9, 'gender', 'female', 7), (9, 'gender', 'male', 5),
                   (9, 'profession', 'pupil', 9), (9, 'profession', 'teacher', 3),
                   (9, 'education', 'smp', 8), (9, 'education', 'sma', 4),
                   (10, 'kind', 'individual', 3), (10, 'purpose', 'Meminjam buku', 3), (10, 'gender', 'female', 3),
                   (10, 'profession', 'student', 3), (10, 'education', 's1', 3)) AS v(h, dim, cat, n);
-- and one visit at midnight today (local), so the month in progress always has one
INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits)
SELECT 1, date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar', dim, cat, 1
FROM (VALUES ('kind', 'individual'), ('purpose', 'Membaca'), ('gender', 'unknown'), ('profession', 'unknown'),
             ('education', 'unknown')) AS v(dim, cat);
INSERT INTO library_visit_source (source, state, checked_at, last_ok_at, synced_until, visits, unmapped) VALUES
    ('inlislite', 'ok', %(now)s - interval '5 minutes', %(now)s - interval '5 minutes', %(now)s, 105, 0);

-- sensed footfall (probe-request sensor, issue 20) at Sembalun only: three summed days, and three hours
-- (09:00 WITA one and two days ago, 14:00 one day ago); Labuhan Haji has no sensor
INSERT INTO probe_daily (site_id, day, hours, probing, nearby, randomized, matched, passers_by, visitors, connected,
                         rssi_threshold, min_dwell_s)
SELECT 1, (%(now)s AT TIME ZONE 'Asia/Makassar')::date - ago, 9, p + 7, p + 2, p / 2, 2, p, v, c, -72, 30
FROM (VALUES (3, 40, 12, 9), (2, 55, 15, 11), (1, 30, 8, 8)) AS x(ago, p, v, c);
INSERT INTO probe_hourly (site_id, hour, probing, nearby, randomized, matched, passers_by, visitors, connected,
                          frames, no_signal, rssi_threshold, min_dwell_s)
SELECT 1, date_trunc('day', %(now)s AT TIME ZONE 'Asia/Makassar') AT TIME ZONE 'Asia/Makassar'
          - (ago || ' days')::interval + (hh || ' hours')::interval, p + 1, p, 0, 0, p, v, v, 50, 0, -72, 30
FROM (VALUES (1, 9, 10, 4), (2, 9, 20, 6), (1, 14, 5, 1)) AS x(ago, hh, p, v);

-- Labuhan Haji is a village library reporting through an edge (issue 19): it reports, but the edge's
-- oldest unacknowledged record is 26 h old (late); 1,500 records of 3 days ago arrived an hour ago (backfilled)
UPDATE site SET key = 'labuhan-haji', edge = true WHERE id = 2;
INSERT INTO edge_link (site_id, edge_id, last_contact, last_heartbeat, spool_oldest, spool_records, spool_bytes,
                       spool_dropped, batches_rejected) VALUES
    (2, 'edge-labuhan-haji', %(now)s - interval '20 minutes', %(now)s - interval '20 minutes',
     %(now)s - interval '26 hours', 4200, 900000, 0, 2);
INSERT INTO edge_batch (site_id, msg_id, received_at, first_ts, last_ts, records) VALUES
    (2, 'labuhan-haji:e1:1-1500', %(now)s - interval '1 hour', %(now)s - interval '3 days',
     %(now)s - interval '3 days' + interval '2 hours', 1500),
    (2, 'labuhan-haji:e1:1501-1510', %(now)s - interval '20 minutes', %(now)s - interval '22 minutes',
     %(now)s - interval '21 minutes', 10);

-- the rollups and the analytics tables are refreshed by seed.py after this commits
