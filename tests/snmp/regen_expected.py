"""Regenerate tests/data/expected/*.json by polling every recording through the real poller.

    .venv/bin/python -m tests.snmp.regen_expected [CASE ...]     (default: every case)

Review the diff by hand before committing: the numbers must be right, not just stable.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from collector.poller import poll
from collector.profiles.loader import load_profiles
from collector.snmp.model import SnmpTarget
from tests.snmp.cases import CASES, stable
from tests.snmp.simulator import prepare_data_dir, start_snmpsim, wait_for_agent

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"


def main(only: list[str]) -> None:
    unknown = set(only) - set(CASES)
    if unknown:
        raise SystemExit(f"unknown case(s): {', '.join(sorted(unknown))} (known: {', '.join(CASES)})")
    profiles = load_profiles()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        agent = start_snmpsim(prepare_data_dir(), work)
        try:
            EXPECTED.mkdir(parents=True, exist_ok=True)
            for case, (community, profile) in CASES.items():
                if only and case not in only:
                    continue
                wait_for_agent(agent.port, community, 300)
                target = SnmpTarget("127.0.0.1", agent.port, community=community, timeout_s=10, retries=1)
                result = asyncio.run(poll(target, profiles, profile))
                doc = stable(result.to_json_dict())
                (EXPECTED / f"{case}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
                print(f"{case}: profile={doc['profile']} clients_total={doc['clients_total']} aps={len(doc['aps'])}")
        finally:
            agent.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
