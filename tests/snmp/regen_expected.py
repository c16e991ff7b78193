"""Regenerate tests/data/expected/*.json by replaying every recording through its profile
(in-process, the path of `kunang profile test`; tests/snmp/test_snmp001 checks the same files
against snmpsim end to end).

    .venv/bin/python -m tests.snmp.regen_expected [CASE ...]     (default: every case)

A case is a recording name (tests/data/snmprec/NAME.snmprec or tests/data/snmpsim-data.txt),
or NAME__PROFILE to force a profile. Review the diff by hand before committing: the numbers must
be right, not just stable.
"""

from __future__ import annotations

import json
import sys

from collector.profiles.loader import load_profiles
from collector.profiles.replay import replay_json
from tests.snmp.cases import DATA, SNMPSIM_DATA
from tests.snmp.simulator import prepare_data_dir

EXPECTED = DATA / "expected"


def main(only: list[str]) -> None:
    profiles = load_profiles()
    recordings = prepare_data_dir()
    cases = set(only) or ({p.stem for p in EXPECTED.glob("*.json")} | {p.stem for p in (DATA / "snmprec").glob("*.snmprec")}
                          | set(SNMPSIM_DATA))
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for case in sorted(cases):
        name, _, profile = case.partition("__")
        doc = replay_json(profiles, recordings / f"{name}.snmprec", profile or "auto")
        (EXPECTED / f"{case}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        print(f"{case}: profile={doc['profile']} clients_total={doc['clients_total']} ({doc['clients_source']}) aps={len(doc['aps'])}")


if __name__ == "__main__":
    main(sys.argv[1:])
