"""Every vendor case is data: tests/data/expected/NAME.json is the poll JSON of recording NAME
(tests/data/snmprec/NAME.snmprec, or a snmpsim-data walk listed in tests/data/snmpsim-data.txt)
through the profile the recording identifies as; NAME__PROFILE.json forces PROFILE. Replayed
in-process with the fake transport (`kunang profile test`'s path): adding a vendor is a YAML
profile, a recording and its expected JSON, no Python."""

from __future__ import annotations

import json

import pytest

from collector.profiles.replay import compare, replay_raw, stable
from tests.snmp.cases import DATA
from tests.snmp.simulator import prepare_data_dir

CASES = sorted(p.stem for p in (DATA / "expected").glob("*.json"))


@pytest.fixture(scope="module")
def recordings():
    """name -> path: own recordings straight from the repository; snmpsim-data walks decompressed
    once per machine (shared with the snmpsim fixture)."""
    prepared = prepare_data_dir(extra={})

    class Paths:
        def __truediv__(self, file: str):
            own = DATA / "snmprec" / file
            return own if own.exists() else prepared / file

    return Paths()


_answered: dict[str, set[tuple[int, ...]]] = {}  # case -> column/scalar OIDs that returned data


@pytest.mark.parametrize("case", CASES)
def test_recording_gives_expected_json(profiles, recordings, case):
    name, _, profile = case.partition("__")
    expected = json.loads((DATA / "expected" / f"{case}.json").read_text())
    result, raw = replay_raw(profiles, recordings / f"{name}.snmprec", profile or "auto")
    _answered[case] = {o for o, rows in raw.columns.items() if rows} | {o for o, v in raw.scalars.items() if v is not None}
    assert compare(expected, stable(result.to_json_dict())) == []


def test_every_declared_column_is_exercised(profiles, recordings):
    """Each column, scalar and probe any profile declares is answered by at least one recording."""
    for case in CASES:
        if case not in _answered:
            name, _, profile = case.partition("__")
            _r, raw = replay_raw(profiles, recordings / f"{name}.snmprec", profile or "auto")
            _answered[case] = {o for o, rows in raw.columns.items() if rows} | {o for o, v in raw.scalars.items() if v is not None}
    answered = set().union(*_answered.values())
    missing = []
    for profile in profiles.values():
        for column in profile.columns():
            if column.source == profile.file and column.oid not in answered:
                missing.append(f"{profile.file}: {column.object} ({'.'.join(map(str, column.oid))})")
        for rule in profile.match:
            missing += [f"{profile.file}: probe {p.object}" for p in rule.probes
                        if p.oid not in answered and not (p.subtree and any(o[: len(p.oid)] == p.oid for o in answered))]
    assert not missing, "declared but answered by no recording:\n" + "\n".join(sorted(set(missing)))


def test_every_recording_has_an_expected_file():
    names = {p.name.removesuffix(".snmprec") for p in (DATA / "snmprec").glob("*.snmprec")}
    assert names <= {c.partition("__")[0] for c in CASES}


@pytest.mark.parametrize("case", CASES)
def test_covered_family_is_identified(case):
    """No recording of a covered family falls back to generic; a device with none says 0, not null."""
    doc = json.loads((DATA / "expected" / f"{case}.json").read_text())
    if doc["profile"] == "generic":
        assert doc["profile_fallback"] is (not doc["identified_by"]["forced"]) and doc["clients_total"] is None
    else:
        assert doc["profile_fallback"] is False and isinstance(doc["clients_total"], int)
        assert doc["clients_source"] is not None or doc["clients_total"] == 0
