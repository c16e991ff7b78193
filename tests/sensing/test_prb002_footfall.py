"""Passers-by, visitors, connected and conversion from a capture file, through the real store and SQL.

The capture (written with scapy, read back with scapy's own pcap reader as `kunang sense --pcap` would)
holds, on Monday 09:00-10:00 WITA at Sembalun (RSSI threshold -75 dBm, minimum dwell 30 s):
  V1  visitor, associated (SNMP polls 09:00-09:30), probes with its own global MAC: matched
  V2  visitor present on the LAN only (a DHCP/ARP session, no AP): visitor, not connected, no probes
  V3  visitor, associated with one randomised MAC, probes with another: not matchable, so its probes
      count as a passer-by (the documented limit)
  P1  passer-by, randomised MAC, strong frames 40 s apart: counted
  P2  strong but a single frame: dwell 0 < 30 s, not counted
  P3  global MAC but weak (-85 dBm): beyond the threshold, not counted
  P4  no radiotap signal field (policy ignore): not counted
and a beacon, a truncated frame and one with a broken element (counted and skipped).
"""

from __future__ import annotations

import datetime as dt

from psycopg import sql
from scapy.packet import raw
from scapy.utils import rdpcap, wrpcap

from collector.sensing import probe_store
from collector.sensing.probes import ProbeHandler, ProbeSettings
from tests.analytics.conftest import MON, PSEUDO, at, dev
from tests.sensing.frames import beacon, probe

V1, V2, V3_ASSOC, V3_PROBE = "00:11:22:33:44:01", "00:11:22:33:44:02", "5e:11:22:33:44:03", "6a:99:88:77:66:03"
P1, P2, P3, P4 = "3a:00:00:00:00:01", "7e:00:00:00:00:02", "00:22:33:44:55:03", "00:22:33:44:55:04"
SSIDS = (b"RumahBudi", b"KantorCamat")


def _capture(path):
    t = at(MON, 9).timestamp()
    frames = [
        probe(V1, -48, ssid=SSIDS[0], t=t + 300), probe(V1, -50, t=t + 600),
        probe(V3_PROBE, -55, ssid=SSIDS[1], t=t + 700), probe(V3_PROBE, -57, t=t + 760),
        probe(P1, -70, t=t + 1200), probe(P1, -72, t=t + 1240),
        probe(P2, -60, t=t + 1300),
        probe(P3, -85, t=t + 1400), probe(P3, -86, t=t + 1500),
        probe(P4, None, t=t + 1600), probe(P4, None, t=t + 1700),
        beacon("00:aa:bb:cc:dd:ee", t=t + 5),
    ]
    good = raw(probe(P1, -60, ssid=b"x"))
    broken = bytearray(good)
    broken[-5] = 99  # the rates element claims more bytes than the frame holds
    cut = probe(P1, -60)
    for pkt, b in ((cut, good[:30]), (cut, bytes(broken))):
        frames.append(pkt.__class__(b))
        frames[-1].time = t + 1800
    wrpcap(str(path), frames, linktype=127)


def _replay(path, settings):
    h = ProbeHandler(settings, PSEUDO)
    for pkt in rdpcap(str(path)):
        h.handle(pkt, float(pkt.time))
    return h, h.flush(at(MON, 10).timestamp() + 1)


def _lan_only_session(world, mac, start, minutes):
    """A client session without an AP: what the sensor's DHCP/ARP presence makes (sense, issue 20)."""
    world.db.execute(
        "INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, polls)"
        " VALUES (%s, %s, false, %s, %s, true, 1)", (world.site, dev(mac), start, start + dt.timedelta(minutes=minutes)))


def _populate(world, tmp_path):
    world.presence({"ap1": [V1, V3_ASSOC]}, at(MON, 9), 30)
    world.store.flush_sessions(at(MON, 12))
    _lan_only_session(world, V2, at(MON, 9, 10), 40)
    _capture(tmp_path / "monday.pcap")
    h, sightings = _replay(tmp_path / "monday.pcap", ProbeSettings(site="Sembalun", rssi_threshold=-75,
                                                                   min_dwell_s=30))
    with world.store.pool.connection() as conn:
        stored, refused = probe_store.store(conn, sightings, now=at(MON, 10, 5).timestamp())
        probe_store.refresh(conn, at(MON, 12))
    return h, stored, refused


def test_counts_from_the_capture(world, tmp_path):
    h, stored, refused = _populate(world, tmp_path)
    c = h.counters
    assert (c["probes"], c["not_probe"], c["malformed"], c["truncated"], c["bad_elements"]) == (11, 1, 2, 1, 1)
    assert (stored, refused) == (6, 0)
    hourly = world.db.execute(
        "SELECT hour, probing, nearby, randomized, matched, passers_by, visitors, connected, frames, no_signal,"
        " rssi_threshold, min_dwell_s FROM probe_hourly WHERE site_id = %s", (world.site,)).fetchall()
    assert hourly == [(at(MON, 9), 6, 3, 2, 1, 2, 3, 2, 11, 2, -75, 30)]
    daily = world.db.execute(
        "SELECT day, hours, probing, nearby, randomized, matched, passers_by, visitors, connected"
        " FROM probe_daily WHERE site_id = %s", (world.site,)).fetchall()
    assert daily == [(MON, 1, 6, 3, 2, 1, 2, 3, 2)]


def test_nothing_identifying_is_stored(world, tmp_path):
    _populate(world, tmp_path)
    macs = [V1, V2, V3_ASSOC, V3_PROBE, P1, P2, P3, P4]
    forbidden = [m for mac in macs for m in (mac, mac.replace(":", ""), mac.replace(":", "-"))]
    forbidden += [s.decode().lower() for s in SSIDS]
    for table in ("probe_sighting", "probe_hourly", "probe_daily"):
        query = sql.SQL("SELECT to_jsonb(t)::text FROM {} t").format(sql.Identifier(table))
        for row in world.db.execute(query).fetchall():
            text = row[0].lower()
            assert not [f for f in forbidden if f in text], (table, text)
    # the day's device pseudonyms are not the install's: nothing joins them to other tables or days
    devices = {r[0] for r in world.db.execute("SELECT device FROM probe_sighting")}
    assert devices and not devices & {dev(m) for m in macs}


def test_sightings_go_when_their_day_is_over(world, tmp_path):
    _populate(world, tmp_path)
    with world.store.pool.connection() as conn:
        assert probe_store.refresh(conn, at(MON + dt.timedelta(days=1), 0, 10)) == 0   # 10 min of grace
        assert probe_store.refresh(conn, at(MON + dt.timedelta(days=1), 0, 20)) == 6
        assert conn.execute("SELECT count(*) FROM probe_sighting").fetchone()[0] == 0
        # the figures stay; a straggler of the summed day is refused rather than recounted alone
        late = ProbeHandler(ProbeSettings(site="Sembalun"), PSEUDO)
        late.handle(probe(P1, -50), at(MON, 23, 59).timestamp())
        assert probe_store.store(conn, late.flush(at(MON + dt.timedelta(days=1), 1).timestamp()),
                                 now=at(MON + dt.timedelta(days=1), 1).timestamp()) == (0, 1)
        probe_store.refresh(conn, at(MON + dt.timedelta(days=1), 1))
    assert world.db.execute("SELECT passers_by, visitors FROM probe_daily").fetchall() == [(2, 3)]


def test_a_second_replay_adds_up_and_unknown_sites_are_refused(world, tmp_path):
    _populate(world, tmp_path)
    _, sightings = _replay(tmp_path / "monday.pcap", ProbeSettings(site="Sembalun", rssi_threshold=-75,
                                                                   min_dwell_s=30))
    nowhere = [s.__class__(**{**s.__dict__, "site": "Atlantis"}) for s in sightings[:1]]
    with world.store.pool.connection() as conn:
        assert probe_store.store(conn, sightings + nowhere, now=at(MON, 10, 5).timestamp()) == (6, 1)
        probe_store.refresh(conn, at(MON, 12))
    assert world.db.execute("SELECT frames, nearby, passers_by FROM probe_hourly").fetchall() == [(22, 3, 2)]


def test_the_sensor_replaying_the_capture_gives_the_same_figures(world, tmp_path):
    """The same capture through the real sensor (raw bytes, the kernel filter's expression through tcpdump
    when present): the same hourly figures as the scapy reader's replay."""
    from collector.sensing.sensor import Sensor

    world.presence({"ap1": [V1, V3_ASSOC]}, at(MON, 9), 30)
    world.store.flush_sessions(at(MON, 12))
    _lan_only_session(world, V2, at(MON, 9, 10), 40)
    _capture(tmp_path / "monday.pcap")
    records: list = []
    h = ProbeHandler(ProbeSettings(site="Sembalun", rssi_threshold=-75, min_dwell_s=30), PSEUDO)
    Sensor([h], sink=lambda _name, rows: records.extend(rows)).run_pcap(str(tmp_path / "monday.pcap"))
    assert h.counters["probes"] == 11 and h.counters["frames"] >= 11
    with world.store.pool.connection() as conn:
        # partial rows of the hour every 5 minutes of packet time, then the rest at the end: they add up
        assert probe_store.store(conn, records, now=at(MON, 10, 5).timestamp()) == (len(records), 0)
        probe_store.refresh(conn, at(MON, 12))
    assert len(records) > 6 and world.db.execute("SELECT count(*), sum(frames) FROM probe_sighting").fetchone() == (6, 11)
    assert world.db.execute("SELECT probing, nearby, matched, passers_by, visitors, connected FROM probe_hourly"
                            ).fetchall() == [(6, 3, 1, 2, 3, 2)]


def test_a_data_subject_request_finds_and_erases_todays_probe_sightings(world, tmp_path):
    from collector import privacy_requests

    _populate(world, tmp_path)
    subject = V1.upper().replace(":", "-")  # as a person might write it
    data = privacy_requests.export(world.db, PSEUDO, subject)
    assert [(r["frames"], r["strongest_signal_dbm"]) for r in data["probe_sightings"]] == [(2, -48)]
    assert dev(V1) not in str(data)
    counts = privacy_requests.erase(world.db, PSEUDO, subject)
    assert counts["probe_sighting"] == 1
    assert world.db.execute("SELECT count(*) FROM probe_sighting").fetchone()[0] == 5


def test_footfall_aggregates_follow_the_rollup_retention(world):
    from types import SimpleNamespace

    from collector import retention

    for day in (MON - dt.timedelta(days=400), MON):
        world.db.execute("INSERT INTO probe_hourly (site_id, hour, probing, nearby, randomized, matched, passers_by,"
                         " visitors, connected, frames, no_signal, rssi_threshold, min_dwell_s)"
                         " VALUES (%s, %s, 3, 2, 1, 0, 2, 1, 1, 9, 0, -75, 0)", (world.site, at(day, 9)))
        world.db.execute("INSERT INTO probe_daily (site_id, day, hours, probing, nearby, randomized, matched,"
                         " passers_by, visitors, connected, rssi_threshold, min_dwell_s)"
                         " VALUES (%s, %s, 1, 3, 2, 1, 0, 2, 1, 1, -75, 0)", (world.site, day))
    policy = SimpleNamespace(device_days=395, raw_samples_days=90, rollup_days=365)
    counts = retention.purge(world.db, policy, now=at(MON, 12))
    assert (counts["probe_hourly"], counts["probe_daily"]) == (1, 1)
    assert world.db.execute("SELECT day FROM probe_daily").fetchall() == [(MON,)]
    assert world.db.execute("SELECT count(*) FROM probe_hourly").fetchone()[0] == 1


def test_equipment_on_the_network_for_days_is_not_a_visitor(world, tmp_path):
    _lan_only_session(world, "00:11:22:33:44:99", at(MON, 9) - dt.timedelta(days=3), 3 * 24 * 60 + 120)
    _populate(world, tmp_path)
    assert world.db.execute("SELECT visitors, connected FROM probe_hourly").fetchall() == [(3, 2)]
    assert world.db.execute("SELECT visitors FROM probe_daily").fetchall() == [(3,)]
