"""`sensors:` in kunang.yaml: validation (English and Bahasa Indonesia), and a configured pcap sensor run
by the SensingService (what `kunang collect` runs) stored as client sessions of its site; `kunang sense
--pcap --json` prints arrivals and departures without raw identifiers."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from scapy.utils import wrpcap

from collector.config import ConfigProblems, parse_config
from collector.db.inventory import sync
from collector.db.pool import Pool
from collector.privacy import Pseudonymizer
from collector.sensing.service import SensingService
from tests.sensing.packets import arp, dhcp

PHONE, LAPTOP = "3c:22:fb:30:00:01", "3c:22:fb:30:00:02"
SITES = [{"name": "Perpus", "timezone": "Asia/Jakarta"}]


def _pcap(path):
    frames = [
        dhcp(PHONE, "discover", ("vendor_class_id", b"android-dhcp-12"), ("hostname", b"Rina-HP")),
        dhcp(PHONE, "ack", ("lease_time", 120), server=True, yiaddr="10.9.0.10"),
        arp(LAPTOP, "10.9.0.11"),
        dhcp(PHONE, "release", ciaddr="10.9.0.10"),
        arp(LAPTOP, "10.9.0.11"),
    ]
    for f, t in zip(frames, (0, 5, 10, 15, 40)):
        f.time = 1_780_000_000 + t
    wrpcap(str(path), frames)
    return path


def test_sensor_config_problems_in_both_languages():
    with pytest.raises(ConfigProblems) as e:
        parse_config({"sites": SITES, "sensors": [
            {"name": "a", "site": "Nowhere", "interface": "eth0"},
            {"name": "a", "site": "Perpus", "interface": "eth0", "pcap": "x.pcap"},
            {"name": "b", "site": "Perpus", "pcap": "x.pcap", "kinds": ["dhcp", "wifi"], "arp_silence_s": 0},
            {"name": "c", "site": "Perpus", "interface": "eth0", "ignore_macs": ["router"]},
        ]})
    text = "\n".join(e.value.problems)
    assert "sensors[0].site: unknown site / situs tidak dikenal 'Nowhere'" in text
    assert "sensors[1]: name exactly one of interface or pcap / sebutkan tepat satu" in text
    assert "sensors[1].name: sensor name 'a' is used twice / nama sensor dipakai dua kali" in text
    assert "sensors[2].kinds[1]: must be one of dhcp, arp, probes" in text
    assert "sensors[2].arp_silence_s" in text
    assert "sensors[3].ignore_macs: not a MAC address / bukan alamat MAC: 'router'" in text
    cfg = parse_config({"sites": SITES, "sensors": [{"name": "lan", "site": "Perpus", "interface": "eth0"}]})
    assert cfg.sensors[0].kinds == ["dhcp", "arp"] and cfg.sensors[0].arp_silence_s == 900


def test_configured_pcap_sensor_stored_as_client_sessions(tmp_path, db, pg_dsn):
    cfg = parse_config({"sites": SITES, "sensors": [
        {"name": "lan", "site": "Perpus", "pcap": str(_pcap(tmp_path / "lan.pcap")), "arp_silence_s": 15}]})
    sync(db, cfg)
    pseudo = Pseudonymizer(b"k" * 32)
    pool = Pool(pg_dsn, size=1, name="sense-test")
    try:
        svc = SensingService(cfg, pseudo, pool=pool)
        svc.start()
        assert svc.join(10)
        assert svc.store_pending() > 0
    finally:
        pool.close()
    rows = db.execute("SELECT device, closed, device_type, mac_raw, hostname, source, first_seen, last_seen"
                      " FROM client_session ORDER BY first_seen").fetchall()
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (pseudo.device(PHONE), True, "phone", None, None, "lan"),  # released
        (pseudo.device(LAPTOP), True, None, None, None, "lan"),  # silent 30 s > 15 s between its ARPs
        (pseudo.device(LAPTOP), False, None, None, None, "lan"),  # back: a new session, open at the end
    ]
    assert (rows[0][7] - rows[0][6]).total_seconds() == 15
    counters = svc.counters()["lan"]
    assert counters["lan"]["arrivals"] == 3 and counters["sensor"]["packets"] == 5


def test_kunang_sense_pcap_json(tmp_path):
    path = _pcap(tmp_path / "lan.pcap")
    r = subprocess.run([sys.executable, "-m", "collector", "sense", "--pcap", str(path), "--json",
                        "--arp-silence", "15", "--progress", "0"],
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(e["event"], e.get("device_type"), e.get("left")) for e in events] == [
        ("arrive", "phone", None), ("arrive", None, None), ("leave", "phone", "release"),
        ("leave", None, "silence"), ("arrive", None, None)]
    assert PHONE not in r.stdout and "Rina" not in r.stdout
    assert "packets 5" in r.stderr and "pseudonim" in r.stderr


def test_configured_probe_sensor_stores_sightings_without_ssids(tmp_path, db, pg_dsn):
    import time

    from tests.sensing.frames import beacon, probe

    t0 = time.time() - 120  # today, in the current hour or the last: sightings of a day not yet summed
    frames = [probe("3c:22:fb:40:00:01", -50, ssid=b"Rumah-Budi", t=t0), beacon("3c:22:fb:40:00:99", t=t0 + 1),
              probe("3c:22:fb:40:00:01", -52, t=t0 + 30), probe("da:a1:19:00:00:02", -90, t=t0 + 31)]
    path = tmp_path / "radio.pcap"
    wrpcap(str(path), frames)
    cfg = parse_config({"sites": SITES, "sensors": [
        {"name": "radio", "site": "Perpus", "pcap": str(path), "kinds": ["probes"], "rssi_threshold": -70}]})
    sync(db, cfg)
    pool = Pool(pg_dsn, size=1, name="sense-test")
    try:
        svc = SensingService(cfg, Pseudonymizer(b"k" * 32), pool=pool)
        svc.start()
        assert svc.join(10)
        svc.store_pending()
    finally:
        pool.close()
    rows = db.execute("SELECT frames, strong, rssi_threshold FROM probe_sighting ORDER BY frames").fetchall()
    assert rows == [(1, 0, -70), (2, 2, -70)]
    dump = " ".join(t for (t,) in db.execute("SELECT row_to_json(p)::text FROM probe_sighting p"))
    assert "Rumah" not in dump and "3c:22:fb" not in dump


def test_kunang_collect_runs_a_configured_sensor(tmp_path, db, pg_dsn):
    """The collector service starts the sensors of `sensors:` beside its other intakes, stores what they
    see through its writer, and stops cleanly on Ctrl-C."""
    import signal
    import time

    import yaml

    raw = {"database": {"dsn": pg_dsn}, "privacy": {"key": "sense-collect-test-key-0123456789"},
           "sites": SITES, "sensors": [{"name": "lan", "site": "Perpus", "pcap": str(_pcap(tmp_path / "lan.pcap")),
                                        "arp_silence_s": 15}]}
    f = tmp_path / "kunang.yaml"
    f.write_text(yaml.safe_dump(raw))
    f.chmod(0o600)
    proc = subprocess.Popen([sys.executable, "-m", "collector", "--config", str(f), "collect"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if db.execute("SELECT count(*) FROM client_session WHERE source = 'lan'").fetchone()[0] >= 3:
                break
            time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "sensing with 1 sensor(s): lan" in err and "Traceback" not in err
    pseudo = Pseudonymizer(raw["privacy"]["key"].encode())
    rows = db.execute("SELECT device, closed, device_type FROM client_session WHERE source = 'lan'"
                      " ORDER BY first_seen").fetchall()
    assert rows == [(pseudo.device(PHONE), True, "phone"), (pseudo.device(LAPTOP), True, None),
                    (pseudo.device(LAPTOP), False, None)]


def test_kunang_sense_live_and_ctrl_c(tmp_path):
    """`kunang sense IFACE` on a veth pair: a DHCP frame sent on one end is printed, Ctrl-C ends it with
    the counters on stderr and exit status 0."""
    import secrets
    import signal
    import socket
    import threading
    import time

    from tests.sensing import testbed

    why = testbed.available()
    if why:
        pytest.fail(f"cannot run: {why}")
    ns = f"sense{secrets.token_hex(2)}cli"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    proc = None
    try:
        subprocess.run(["ip", "-n", ns, "link", "add", "va", "type", "veth", "peer", "name", "vb"], check=True)
        for dev in ("va", "vb"):
            subprocess.run(["ip", "-n", ns, "link", "set", dev, "up"], check=True)
        proc = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-m", "collector", "sense", "vb",
                                 "--progress", "0.3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=tmp_path, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        err_lines: list[str] = []
        reader = threading.Thread(target=lambda: err_lines.extend(iter(proc.stderr.readline, "")), daemon=True)
        reader.start()

        def send():  # in the namespace: until the sensor's progress line shows it received something
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind(("va", 0))
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and proc.poll() is None:
                if any("lan seen=" in line and "lan seen=0" not in line for line in err_lines):
                    break
                s.send(bytes(dhcp(PHONE, "discover", ("vendor_class_id", b"android-dhcp-12"))))
                time.sleep(0.3)
            s.close()

        testbed.in_namespace(ns, send).join(45)
        time.sleep(1.5)  # the next flush prints the arrival
        proc.send_signal(signal.SIGINT)
        out = proc.stdout.read()
        proc.wait(30)
        reader.join(10)
        err = "".join(err_lines)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        subprocess.run(["ip", "netns", "delete", ns], check=False)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and " arrive " in lines[0] and lines[0].endswith(" phone"), out
    assert PHONE not in out
    assert "stopped / dihentikan" in err and "lan seen=" in err and "Traceback" not in err
