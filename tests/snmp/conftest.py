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

# ifTable with 3 rows; ifXTable answers rows 1 and 2 only, and row 2's ifName is empty:
# the fallback columns (ifDescr, 32-bit counters) must be walked and used for those rows
IF_MIXED = (
    "1.3.6.1.2.1.1.1.0|4|Linux OpenWrt if-mixed\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
    "1.3.6.1.2.1.1.3.0|67|100\n"
    "1.3.6.1.2.1.1.5.0|4|if-mixed\n"
    + "".join(f"1.3.6.1.2.1.2.2.1.2.{i}|4|descr{i}\n" for i in (1, 2, 3))
    + "".join(f"1.3.6.1.2.1.2.2.1.8.{i}|2|1\n" for i in (1, 2, 3))
    + "".join(f"1.3.6.1.2.1.2.2.1.10.{i}|65|{i * 100}\n" for i in (1, 2, 3))
    + "".join(f"1.3.6.1.2.1.2.2.1.16.{i}|65|{i * 200}\n" for i in (1, 2, 3))
    + "1.3.6.1.2.1.31.1.1.1.1.1|4|eth0\n1.3.6.1.2.1.31.1.1.1.1.2|4|\n"
    + "".join(f"1.3.6.1.2.1.31.1.1.1.6.{i}|70|{i * 10**10}\n" for i in (1, 2))
    + "".join(f"1.3.6.1.2.1.31.1.1.1.10.{i}|70|{i * 2 * 10**10}\n" for i in (1, 2))
)
# the same device with a complete ifXTable: no fallback column is walked at all
IF_FULL = "".join(sorted(
    (IF_MIXED.replace("if-mixed", "if-full").replace("1.3.6.1.2.1.31.1.1.1.1.2|4|\n", "1.3.6.1.2.1.31.1.1.1.1.2|4|eth1\n")
     + "1.3.6.1.2.1.31.1.1.1.1.3|4|eth2\n1.3.6.1.2.1.31.1.1.1.6.3|70|7\n1.3.6.1.2.1.31.1.1.1.10.3|70|8\n").splitlines(keepends=True),
    key=lambda line: tuple(int(part) for part in line.split("|")[0].split(".")),
))

@pytest.fixture(scope="session")
def profiles():
    return load_profiles()


@pytest.fixture(scope="session")
def snmpsim(tmp_path_factory):
    work = tmp_path_factory.mktemp("snmpsim")
    data = prepare_data_dir(extra={"partial-walk": PARTIAL, "if-mixed": IF_MIXED, "if-full": IF_FULL})
    agent = start_snmpsim(data, work)
    try:
        # snmpsim opens each recording's index on first use: warm every one up before timing-sensitive tests
        for community in sorted({c for c, _p in CASES.values()}):
            wait_for_agent(agent.port, community, 300)
        yield agent
    finally:
        agent.stop()  # also when the warm-up failed: no agent left running


@pytest.fixture(scope="session")
def snmpd(tmp_path_factory):
    if not shutil.which("snmpd") and not shutil.os.path.exists("/usr/sbin/snmpd"):
        pytest.fail("net-snmp snmpd is not installed (apt-get install snmpd)")
    agent = start_snmpd(tmp_path_factory.mktemp("snmpd"))
    yield agent
    agent.stop()
