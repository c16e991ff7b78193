"""`kunang record` against real agents (snmpsim, net-snmp snmpd) writes a recording that
`kunang profile test` reproduces, with no MAC, address, serial or name of the source left in it."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from collector.profiles.replay import replay_json
from collector.snmp.recording import Recording
from tests.snmp.cases import DATA

SCRUBBED = {"mac", "ap_mac", "ip", "name", "serial", "ap", "sysName"}


def kunang(*args):
    return subprocess.run([sys.executable, "-m", "collector", *args], capture_output=True, text=True, timeout=300)


def _masked(doc):
    """The document with the scrubbed fields' values replaced by whether they were set."""
    if isinstance(doc, dict):
        return {k: (v is not None) if k in SCRUBBED else _masked(v) for k, v in doc.items() if k != "identified_by"}
    if isinstance(doc, list):  # scrubbed MACs sort differently: compare rows as a multiset
        return sorted((_masked(v) for v in doc), key=lambda v: json.dumps(v, sort_keys=True))
    return doc


def _source_secrets(recording: Path) -> set[str]:
    """Every MAC (6-octet value) and dotted IPv4 of a recording, as the hex/text it would show."""
    out = set()
    rec = Recording.load(recording)
    for value in rec.values:
        if isinstance(value, bytes) and len(value) == 6 and not value.isascii():
            out.add(value.hex())
        if isinstance(value, str) and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", value) and not value.startswith(("127.", "0.", "255.")):
            out.add(value)
    return out


@pytest.mark.parametrize("name", ["aruba-controller", "ruckus-zd", "aruba-instant", "mikrotik-wifi", "airos-trimmed", "unifi-trimmed"])
def test_record_snmpsim_then_profile_test_reproduces(snmpsim, profiles, tmp_path, name):
    out = tmp_path / f"{name}.snmprec"
    r = kunang("record", f"127.0.0.1:{snmpsim.port}", "-C", name, "--timeout", "10", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "disamarkan" in r.stdout  # the default language, Bahasa Indonesia
    expected = json.loads((DATA / "expected" / f"{name}.json").read_text())
    got = replay_json(profiles, out)
    assert _masked(got) == _masked({k: v for k, v in expected.items() if k in got})
    text = out.read_text()
    secrets = _source_secrets(DATA / "snmprec" / f"{name}.snmprec")
    assert secrets and not [s for s in secrets if s in text]
    for field in ("serial", "name"):  # AP serials and names of the source are gone
        for ap in expected["aps"]:
            assert ap[field] is None or ap[field] not in text
    if expected["clients"] and expected["clients"][0].get("ap"):  # joins survive: clients still reach their AP
        assert all(c["ap"] for c in got["clients"])
    assert not (tmp_path / f"{name}.snmprec.part").exists()


def _host_macs() -> set[str]:
    macs = set()
    for f in Path("/sys/class/net").glob("*/address"):
        mac = f.read_text().strip().replace(":", "")
        if mac and mac != "000000000000":
            macs.add(mac)
    return macs


def test_record_snmpd_then_profile_test_reproduces(snmpd, profiles, tmp_path):
    out = tmp_path / "snmpd.snmprec"
    r = kunang("record", f"127.0.0.1:{snmpd.port}", "-C", "kunang", "--out", str(out))
    assert r.returncode == 0, r.stderr
    live = json.loads(kunang("poll", f"127.0.0.1:{snmpd.port}", "-C", "kunang", "--json").stdout)
    got = replay_json(profiles, out)
    assert got["profile"] == live["profile"] and got["clients_total"] == live["clients_total"]
    assert [i["name"] for i in got["interfaces"]] == [i["name"] for i in live["interfaces"]]
    assert got["sysName"] != live["sysName"] and got["sysName"].startswith("name-")
    text = out.read_text()
    assert socket.gethostname() not in text.replace(got["sysDescr"] or "", "") or socket.gethostname() in (got["sysDescr"] or "")
    assert not [m for m in _host_macs() if m in text]


def test_record_refuses_a_silent_agent(tmp_path):
    from tests.snmp.simulator import free_udp_port

    r = kunang("record", f"127.0.0.1:{free_udp_port()}", "-C", "x", "--timeout", "0.3", "--retries", "0", "--out", str(tmp_path / "x.snmprec"))
    assert r.returncode == 1 and "no response" in r.stderr and not (tmp_path / "x.snmprec").exists()
