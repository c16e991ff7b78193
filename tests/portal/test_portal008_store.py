"""Storing portal data in the real PostgreSQL: import idempotence, pseudonyms,
sessions, quarantine, tail offsets, and syslog -> store."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
from datetime import datetime, timedelta

import pytest

from collector.cli import main
from collector.portal.receiver import Route, SyslogReceiver
from collector.portal.offsets import DbOffsets
from collector.portal.store import PortalStore
from collector.portal.tailer import FileTailer
from collector.privacy import Pseudonymizer
from tests.portal.conftest import FIXTURES, NOW, WITA
from psycopg import sql

KEY = "k" * 32


@pytest.fixture
def config(tmp_path, pg_dsn):
    path = tmp_path / "kunang.yaml"
    path.write_text(json.dumps({
        "database": {"dsn": pg_dsn},
        "privacy": {"key": KEY},
        "sites": [{"name": "Desa Sembalun", "timezone": "Asia/Makassar"}, {"name": "Kantor"}],
        "portal": {"sources": [{"name": "sembalun-radius", "site": "Desa Sembalun", "kind": "file",
                                "format": "radius-detail", "path": "/var/log/radius/detail"}]},
    }))
    os.chmod(path, 0o600)
    return path


def _copy(tmp_path, name):
    dst = tmp_path / f"{name}.log"
    shutil.copy(FIXTURES / f"{name}.log", dst)
    os.utime(dst, (NOW.timestamp(), NOW.timestamp()))
    return str(dst)


def _count(db, table):
    return db.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]


def test_import_is_idempotent_and_pseudonymous(db, config, tmp_path, capsys):
    files = [_copy(tmp_path, n) for n in ("mikrotik", "coova", "opennds", "pfsense", "radius-detail")]
    bad = tmp_path / "bad.log"
    bad.write_text("<134>Nov 27 10:00:00 mt hotspot,info budi (10.5.50.9x): logged in from AA:BB:CC:DD:EE:FF\n")
    files.append(str(bad))
    assert main(["--config", str(config), "import-logs", "--site", "Desa Sembalun", "--source", "sembalun-mixed",
                 *files]) == 0
    err = capsys.readouterr().err
    assert "new event(s)" in err and "done" in err
    counts = {t: _count(db, t) for t in ("portal_event", "portal_session", "log_quarantine")}
    expected_events = 0
    for n in ("mikrotik", "coova", "opennds", "pfsense", "radius-detail"):
        for line in (FIXTURES / f"{n}.expected.jsonl").read_text().splitlines():
            d = json.loads(line)
            expected_events += d["kind"] not in ("other", "error") and d["time"] is not None
    assert counts["portal_event"] == expected_events
    assert counts["log_quarantine"] >= 1 and counts["portal_session"] >= 5

    # importing everything again adds nothing anywhere
    assert main(["--config", str(config), "import-logs", "--site", "Desa Sembalun", "--source", "sembalun-mixed",
                 *files]) == 0
    assert "already stored" in capsys.readouterr().err
    assert {t: _count(db, t) for t in counts} == counts

    # identifiers only as pseudonyms, the same as the SNMP collector's
    pseudo = Pseudonymizer(KEY.encode())
    rows = db.execute("SELECT device, user_id, mac_raw, user_raw FROM portal_event WHERE device IS NOT NULL").fetchall()
    assert rows and all(r[2] is None and r[3] is None for r in rows)
    assert pseudo.device("02:22:6b:5e:14:c9") in {r[0] for r in rows}
    users = {r[1] for r in db.execute("SELECT device, user_id FROM portal_event").fetchall()}
    assert pseudo.user("d5mqzxf6") in users and "d5mqzxf6" not in users
    line = db.execute("SELECT line, reason, origin FROM log_quarantine WHERE origin LIKE %s",
                      (f"{bad}%",)).fetchone()
    assert "AA:BB:CC:DD:EE:FF" not in line[0] and "dev:" in line[0] and line[1] and line[2] == f"{bad}:1"

    # a RADIUS stop closed its session with counters and the terminate cause
    s = db.execute("SELECT bytes_in, bytes_out, duration_s, end_reason, open FROM portal_session "
                   "WHERE session_key = '4e37c4f800000007'").fetchone()
    assert s == (253, 663, 40, "User-Request", False)
    site = db.execute("SELECT DISTINCT s.name FROM portal_event e JOIN site s ON s.id = e.site_id").fetchall()
    assert site == [("Desa Sembalun",)]


def test_import_rejects_bad_arguments(db, config, tmp_path, capsys):
    f = _copy(tmp_path, "coova")
    assert main(["--config", str(config), "import-logs", "--site", "Nowhere", f]) == 1
    assert "unknown site" in capsys.readouterr().err
    assert main(["--config", str(config), "import-logs", "--site", "Kantor", str(tmp_path / "none.log")]) == 1
    assert _count(db, "portal_event") == 0


def test_sessions_survive_a_store_restart(db, pg_dsn):
    pseudo = Pseudonymizer(KEY.encode())
    t0 = datetime(2026, 11, 27, 8, 0, tzinfo=WITA)
    from collector.portal.event import PortalEvent

    def ev(kind, m, **kw):
        return PortalEvent(kind, t0 + timedelta(minutes=m), "coova", source="ap-1", site="Kantor",
                           raw=f"{kind}{m}", **kw)

    with PortalStore(pg_dsn, pseudo) as store:
        store.write([ev("login", 0, user="vikram", ip="10.1.0.2")])
    with PortalStore(pg_dsn, pseudo) as store:  # a new process: the open session is reloaded
        stats = store.write([ev("logout", 30, mac="aa:bb:cc:dd:ee:ff", ip="10.1.0.2", reason="dhcp release")])
        assert stats.sessions == 1
        store.write([ev("login", 40, user="ani", ip="10.1.0.3")])
        assert store.expire(t0 + timedelta(hours=20)) == 1
    rows = db.execute("SELECT user_id, duration_s, end_reason, open, host(ip) FROM portal_session ORDER BY id").fetchall()
    assert rows == [(pseudo.user("vikram"), 1800, "dhcp release", False, "10.1.0.2"),
                    (pseudo.user("ani"), 0, "timeout", False, "10.1.0.3")]


def test_tailer_and_receiver_feed_the_store(db, pg_dsn, tmp_path):
    pseudo = Pseudonymizer(KEY.encode())
    path = tmp_path / "hotspot.log"
    lines = [f"<134>Nov 27 10:0{i}:00 desa-01 hotspot,account,info u{i} (10.5.50.{i}): logged in\n" for i in range(4)]
    path.write_text("".join(lines[:2]))
    offsets = DbOffsets(pg_dsn)
    with PortalStore(pg_dsn, pseudo) as store:
        t = FileTailer("desa-01-file", str(path), store.write, offsets, fmt="mikrotik", tz=WITA, site="Kantor")
        assert t.poll() == 2
        t.close()
        with open(path, "a") as f:
            f.write("".join(lines[2:]))
        t = FileTailer("desa-01-file", str(path), store.write, offsets, fmt="mikrotik", tz=WITA, site="Kantor")
        assert t.poll() == 2  # resumed from the offset stored in log_offset
        t.close()
        saved = offsets.load("desa-01-file")
        assert saved.offset == path.stat().st_size and saved.inode == path.stat().st_ino

        async def syslog():
            rx = SyslogReceiver([Route("desa-02", "Kantor", ("127.0.0.1",), "mikrotik", WITA)], store.write,
                                host="127.0.0.1", port=0, tcp=False)
            async with rx:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.sendto(b"<134>Nov 27 11:00:00 desa-02 hotspot,account,info ani (10.5.51.9): logged in",
                             ("127.0.0.1", rx.udp_port))
                    s.sendto(b"<134>Nov 27 11:30:00 desa-02 hotspot,info ani (10.5.51.9): logged out: user request",
                             ("127.0.0.1", rx.udp_port))
                for _ in range(500):
                    if rx.stats.events >= 2:
                        break
                    await asyncio.sleep(0.01)

        asyncio.run(syslog())
    offsets.close()
    assert _count(db, "portal_event") == 6
    assert db.execute("SELECT source, end_reason, duration_s FROM portal_session WHERE NOT open").fetchall() == [
        ("desa-02", "user request", 1800)]


def test_ctrl_c_stops_cleanly_and_a_rerun_completes(db, config, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "big.log"
    n = 150_000
    with open(path, "w") as f:
        for i in range(n):
            f.write(f"<134>Nov 27 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d} desa-01 "
                    f"hotspot,account,info,debug u{i % 997} (10.5.50.{i % 250}): logged in\n")
    cmd = [sys.executable, "-m", "collector", "--config", str(config), "import-logs", "--site", "Kantor",
           "--format", "mikrotik", "--batch", "2000", str(path)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while _count(db, "portal_event") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=120)[1]
    stored = _count(db, "portal_event")
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert 0 < stored < n
    rerun = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db, "portal_event") == n


def test_run_portal_from_config(db, pg_dsn, tmp_path):
    from collector.config import parse_config
    from collector.portal.service import run_portal

    log_file = tmp_path / "chilli.log"
    log_file.write_text("Jun  9 11:18:07 ap-desa coova-chilli[1212]: chilli.c: 4251: "
                        "Successful UAM login from username=rinaldi IP=10.10.1.61\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # a free port for the listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cfg = parse_config({
        "database": {"dsn": pg_dsn}, "privacy": {"key": KEY},
        "sites": [{"name": "Kantor"}, {"name": "Desa Sembalun"}],
        "portal": {"syslog": {"address": "127.0.0.1", "port": port, "tcp": False},
                   "sources": [{"name": "kantor-pfsense", "site": "Kantor", "kind": "syslog", "format": "pfsense",
                                "peers": ["127.0.0.1"]},
                               {"name": "sembalun-chilli", "site": "Desa Sembalun", "kind": "file",
                                "format": "coova", "path": str(log_file)}]},
    }, "test.yaml", [])

    async def scenario():
        stop = asyncio.Event()
        offsets = DbOffsets(pg_dsn)
        with PortalStore(pg_dsn, Pseudonymizer(KEY.encode())) as store:
            task = asyncio.create_task(run_portal(cfg, store, offsets, stop, tail_interval_s=0.1))
            await asyncio.sleep(0.5)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b"<166>Nov 27 10:07:00 fw logportalauth[1]: Zone: z - ACCEPT: ani, aa-bb-cc-dd-ee-ff, "
                         b"10.9.0.5", ("127.0.0.1", port))
            for _ in range(300):
                if _count(db, "portal_event") >= 2:
                    break
                await asyncio.sleep(0.05)
            stop.set()
            await task
        offsets.close()

    asyncio.run(scenario())
    rows = db.execute("SELECT e.source, s.name, e.kind FROM portal_event e JOIN site s ON s.id = e.site_id "
                      "ORDER BY e.source").fetchall()
    assert rows == [("kantor-pfsense", "Kantor", "login"), ("sembalun-chilli", "Desa Sembalun", "login")]
