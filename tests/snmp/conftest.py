"""Session-scoped real SNMP agents on loopback: snmpsim (recordings) and net-snmp snmpd (SNMPv3)."""

from __future__ import annotations

import shutil

import pytest

from collector.profiles.loader import load_profiles
from tests.snmp.cases import CASES
from tests.snmp.simulator import prepare_data_dir, start_snmpd, start_snmpsim, wait_for_agent

# 30 interfaces; ifOperStatus of the 25th answers only after 4 s: the first GETBULK rounds
# arrive, then a 1 s-timeout walk stops half-way
PARTIAL = (
    "1.3.6.1.2.1.1.1.0|4|Linux partial-walk\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
    "1.3.6.1.2.1.1.3.0|67|100\n"
    "1.3.6.1.2.1.1.5.0|4|partial\n"
    + "".join(f"1.3.6.1.2.1.2.2.1.2.{i}|4|eth{i}\n" for i in range(1, 31))
    + "".join(f"1.3.6.1.2.1.2.2.1.8.{i}|2|1\n" if i != 25 else f"1.3.6.1.2.1.2.2.1.8.{i}|2:delay|value=1,wait=4000\n" for i in range(1, 31))
)


@pytest.fixture(scope="session")
def profiles():
    return load_profiles()


@pytest.fixture(scope="session")
def snmpsim(tmp_path_factory):
    work = tmp_path_factory.mktemp("snmpsim")
    data = prepare_data_dir(extra={"partial-walk": PARTIAL})
    agent = start_snmpsim(data, work)
    # snmpsim opens each recording's index on first use: warm every one up before timing-sensitive tests
    for community in sorted({c for c, _p in CASES.values()}):
        wait_for_agent(agent.port, community, 300)
    yield agent
    agent.stop()


@pytest.fixture(scope="session")
def snmpd(tmp_path_factory):
    if not shutil.which("snmpd") and not shutil.os.path.exists("/usr/sbin/snmpd"):
        pytest.fail("net-snmp snmpd is not installed (apt-get install snmpd)")
    agent = start_snmpd(tmp_path_factory.mktemp("snmpd"))
    yield agent
    agent.stop()
