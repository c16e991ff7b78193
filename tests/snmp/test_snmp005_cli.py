"""`kunang poll` prints the issue's JSON document with correct totals for every vendor family."""

from __future__ import annotations

import json

import pytest

from collector.cli import main
from tests.snmp.simulator import free_udp_port

FAMILIES = {  # community (recording) -> (profile, clients_total); every family: test_snmp011 (in-process)
    "cisco-controller": ("cisco-wlc", 95),
    "aruba-instant": ("aruba-instant", 3),
    "unifi": ("unifi-ap", 12),
    "mikrotik": ("mikrotik-routeros", 5),
    "ruckus-sz": ("ruckus-smartzone", 5),
    "openwrt": ("openwrt", 0),  # no extend scripts: 0 clients, not unknown
}


@pytest.mark.parametrize("community", list(FAMILIES))
def test_kunang_poll_totals(snmpsim, capsys, community):
    rc = main(["poll", f"127.0.0.1:{snmpsim.port}", "--community", community, "--timeout", "10", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0
    for key in ("sysDescr", "sysObjectID", "profile", "clients_total", "aps", "ssids", "radios", "clients", "interfaces", "partial", "errors"):
        assert key in doc
    assert (doc["profile"], doc["clients_total"]) == FAMILIES[community]
    for ap in doc["aps"]:
        assert set(ap) >= {"name", "mac", "clients", "up"}
    for c in doc["clients"]:
        assert set(c) >= {"mac", "ap", "ssid", "rssi_dbm", "rx_bytes", "tx_bytes"}
        assert c["mac"] is None or (len(c["mac"]) == 17 and c["mac"] == c["mac"].lower())


def test_kunang_poll_explain_says_which_rule_and_why_not(snmpsim, capsys):
    rc = main(["poll", f"127.0.0.1:{snmpsim.port}", "-C", "unifi", "--timeout", "10", "--explain", "--json", "--lang", "en"])
    out = capsys.readouterr().out
    explain, _, doc = out.partition("\n{")
    doc = json.loads("{" + doc)
    assert rc == 0 and explain.startswith("identified as: unifi-ap")
    assert "aruba-controller rule 1: no: sysObjectID 1.3.6.1.4.1.8072.3.2.10 is under none of" in explain
    assert doc["identified_by"]["profile"] == "unifi-ap" and doc["identified_by"]["fallback"] is False
    rc = main(["poll", f"127.0.0.1:{snmpsim.port}", "-C", "generic-dot11", "--timeout", "10", "--explain"])
    out = capsys.readouterr().out
    # without --lang and without a configuration: Bahasa Indonesia, the rules' reasons too
    assert rc == 0 and out.startswith("tidak dikenali: generic") and "cadangan generic (tanpa jumlah klien)" in out
    assert "aturan yang diperiksa:" in out and "aruba-controller aturan 1: tidak: sysObjectID" in out and " no: " not in out


def test_kunang_poll_forced_profile(snmpsim, capsys):
    rc = main(["poll", f"127.0.0.1:{snmpsim.port}", "-C", "ubiquiti-m5", "--profile", "generic", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0 and doc["profile"] == "generic" and doc["profile_fallback"] is False


def test_kunang_poll_unreachable_exits_nonzero_with_one_line(capsys):
    rc = main(["poll", f"127.0.0.1:{free_udp_port()}", "-C", "public", "--timeout", "0.3", "--retries", "0", "--json"])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert rc != 0 and doc["reachable"] is False and doc["error_kind"] == "timeout"
    assert len(err.strip().splitlines()) == 1 and "timeout" in err


def test_kunang_poll_bad_arguments_are_one_clear_line(capsys):
    assert main(["poll", "127.0.0.1:notaport", "-C", "x", "--lang", "en"]) == 1
    assert "bad port" in capsys.readouterr().err
    assert main(["poll", "127.0.0.1:notaport", "-C", "x"]) == 1
    assert "port tidak sah" in capsys.readouterr().err
    assert main(["poll", "127.0.0.1", "--v3-user", "u", "--auth-protocol", "SHA"]) == 1
    assert "auth_key" in capsys.readouterr().err
    assert main(["poll", "127.0.0.1", "-C", "x", "--profile", "nonesuch", "--lang", "en"]) == 1
    assert "unknown profile 'nonesuch'" in capsys.readouterr().err
    assert main(["poll", "127.0.0.1", "-C", "x", "--profile", "nonesuch"]) == 1
    assert "profil 'nonesuch' tidak dikenal" in capsys.readouterr().err


def test_kunang_poll_v3_with_secrets_from_environment(snmpd, capsys, monkeypatch):
    monkeypatch.setenv("KUNANG_TEST_AUTH", "authpass123")
    monkeypatch.setenv("KUNANG_TEST_PRIV", "privpass123")
    rc = main(["poll", f"127.0.0.1:{snmpd.port}", "--v3-user", "kunangv3", "--auth-protocol", "SHA", "--auth-key", "${KUNANG_TEST_AUTH}",
               "--priv-protocol", "AES", "--priv-key", "${KUNANG_TEST_PRIV}", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0 and doc["reachable"] is True and doc["interfaces"]
    assert main(["poll", "127.0.0.1", "-C", "${KUNANG_NOT_SET_ANYWHERE}", "--lang", "en"]) == 1
    assert "KUNANG_NOT_SET_ANYWHERE is not set" in capsys.readouterr().err
    assert main(["poll", "127.0.0.1", "-C", "${KUNANG_NOT_SET_ANYWHERE}"]) == 1
    assert "KUNANG_NOT_SET_ANYWHERE belum diisi" in capsys.readouterr().err
