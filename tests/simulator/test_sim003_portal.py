"""Hotspot logs of the simulated visits reach the collector's portal path intact: MikroTik lines
over real UDP syslog into the syslog receiver, the openNDS BinAuth file through the tailer, both
into the portal store; every login, logout, failed login and DHCP lease event of the ground truth is
stored, and every MikroTik login is an identified session of its device (trial logins by their user
name, member logins by the DHCP lease of their IP)."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from collector.portal.receiver import SyslogReceiver, routes_from_config
from collector.portal.store import PortalStore
from collector.portal.tailer import FileTailer, MemoryOffsets
from collector.privacy import Pseudonymizer
from collector.simulator.fleet import build_fleet, opennds_log_path
from collector.simulator.model import Model
from collector.simulator.portal import PortalEmitter
from collector.simulator.truth import Recorder, TruthWriter

WITA = ZoneInfo("Asia/Makassar")
KEY = b"simulator-test-key-0123456789abcdef"


def test_hotspot_logs_reproduce_logins(db, pg_dsn, tmp_path):
    fleet = build_fleet(aps=4, sites=2, seed=10, log_dir=tmp_path, privacy_key=KEY.decode())
    model = Model(fleet)
    truth_path = tmp_path / "truth.jsonl"
    writer = TruthWriter(truth_path)
    recorder = Recorder(fleet, writer)
    pseudo = Pseudonymizer(KEY)
    t0 = dt.datetime(2026, 11, 24, 7, 0, tzinfo=WITA).timestamp()
    t1 = dt.datetime(2026, 11, 24, 17, 0, tzinfo=WITA).timestamp()
    zones = {s.name: s.timezone for s in fleet.config.sites}

    async def scenario():
        got = []
        receiver = SyslogReceiver(routes_from_config(fleet.config), got.extend, host="127.0.0.1", port=0, tcp=False)
        await receiver.start()
        emitter = PortalEmitter(fleet, model, syslog=("127.0.0.1", receiver.udp_port), log_dir=tmp_path,
                                recorder=recorder)
        sent = 0
        for k in range(10):  # ten simulated hours, in steps
            sent += emitter.emit(t0 + k * 3600, t0 + (k + 1) * 3600)
            await asyncio.sleep(0.05)
        for _ in range(100):
            if receiver.stats.messages >= sum(1 for p in emitter.due(t0, t1) if p.format != "opennds"):
                break
            await asyncio.sleep(0.05)
        await receiver.stop()
        emitter.close()
        return got, sent, emitter

    got, sent, emitter = asyncio.run(scenario())
    lines = emitter.due(t0, t1)
    assert sent == len(lines) > 20
    mik = [p for p in lines if p.format == "mikrotik"]
    nds = [p for p in lines if p.format == "opennds"]
    assert mik and nds and any(p.kind == "login_failed" for p in mik)
    assert {p.kind for p in mik} == {"login", "logout", "login_failed", "dhcp_assigned", "dhcp_deassigned"}
    # the OpenWrt site's dnsmasq log, over syslog from its router: every packet, grants as dhcp_assigned
    dns = [p for p in lines if p.format == "dnsmasq"]
    assert {p.kind for p in dns} == {"other", "dhcp_assigned"} and all(p.site_index == 1 for p in dns)
    sys_lines = [p for p in lines if p.format != "opennds"]
    assert len(got) == len(sys_lines)
    assert sorted((e.format, e.kind, e.time.timestamp()) for e in got) == sorted(
        (p.format, p.kind, float(int(p.t))) for p in sys_lines)

    with PortalStore(pg_dsn, pseudo, site_zones=zones) as store:
        store.write(got)
        site = fleet.sites[1]
        tailer = FileTailer("opennds", opennds_log_path(tmp_path, site), store.write, MemoryOffsets(),
                            fmt="opennds", tz=ZoneInfo(site.site.timezone), site=site.name)
        assert tailer.poll() == len(nds)
        tailer.close()

    rows = db.execute("SELECT s.name, e.kind, e.time, e.device, e.user_id, host(e.ip)"
                      " FROM portal_event e JOIN site s ON s.id = e.site_id").fetchall()
    stored = sorted((r[0], r[1], r[2].timestamp(), r[3] or "", r[4] or "") for r in rows)
    want = []
    for p in lines:
        if p.kind == "other":  # dnsmasq's other packets: counted, not stored
            continue
        site = fleet.sites[p.site_index].name
        mac_known = p.format == "opennds" or (p.user or "").startswith("T-") or p.kind.startswith("dhcp")
        device = pseudo.device(p.mac) if mac_known else None
        user = pseudo.user(p.user) if p.user else None
        want.append((site, p.kind, float(int(p.t)), device or "", user or ""))
    assert stored == sorted(want)
    # each simulated login became one portal session, closed by its logout
    sessions = db.execute("SELECT count(*), count(*) FILTER (WHERE NOT open AND ended_at IS NOT NULL)"
                          " FROM portal_session").fetchone()
    logins = sum(1 for p in lines if p.kind == "login")
    assert sessions == (logins, logins)
    # every MikroTik login has its device: trial logins by name, member logins by their DHCP lease
    want_dev = sorted((p.user, pseudo.device(p.mac)) for p in mik if p.kind == "login")
    got_dev = db.execute("SELECT user_id, device, device_via FROM portal_session WHERE format = 'mikrotik'").fetchall()
    by_user = {pseudo.user(u): u for u, _ in want_dev}
    assert sorted((by_user[u], d) for u, d, _ in got_dev) == want_dev
    members = [v for u, _, v in got_dev if not by_user[u].startswith("T-")]
    assert members and set(members) == {"dhcp"}
    # the ground truth file lists the same lines
    writer.close()
    assert sum(1 for line in truth_path.read_text().splitlines() if '"type":"portal"' in line) == len(lines)
