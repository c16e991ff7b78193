"""The compiled profile engine (collector/profiles/compiled.py) gives the reference evaluator's
answer exactly: every recording in the repository (and the snmpsim-data walks the suite serves)
polled through every concrete profile, as walked and with values of the wrong type mixed in; the
fast path falls back to the reference exactly when the reference reports errors."""

from __future__ import annotations

import random

import pytest

from collector.profiles import compiled, engine
from collector.profiles.replay import load_recording, replay_raw
from collector.snmp.model import ApRow, ClientRow
from tests.snmp.cases import DATA, SNMPSIM_DATA
from tests.snmp.simulator import prepare_data_dir

RECORDINGS = sorted(p.stem for p in (DATA / "snmprec").glob("*.snmprec")) + sorted(SNMPSIM_DATA)


@pytest.fixture(scope="module")
def folder():
    return prepare_data_dir(extra={})


def _fields(ev: engine.Evaluation):
    return ({k: [(type(r), r) for r in rows] for k, rows in ev.rows.items()}, ev.clients_total, ev.clients_source,
            ev.errors, ev.ap_client_rows)


def _both(profile, scalars, columns, monkeypatch):
    """(fast answer, reference answer, whether the fast path fell back)."""
    fell = []
    reference = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda *a: fell.append(1) or reference(*a))
    try:
        fast = compiled.evaluate_walk(profile, scalars, columns)
    finally:
        monkeypatch.setattr(engine, "evaluate", reference)
    return fast, reference(profile, scalars, engine.tables_from_walk(profile, columns)), bool(fell)


def _mutate(rnd: random.Random, value):
    r = rnd.random()
    if r < 0.7:
        return value
    if r < 0.8:
        return len(value) if isinstance(value, bytes) else str(value).encode()
    return rnd.choice([b"\xff\xfe", "1.3.6.1", 2**40, b"", -5, b"aa-bb-cc-dd-ee-ff"])


@pytest.mark.parametrize("name", RECORDINGS)
def test_compiled_engine_equals_the_reference(profiles, folder, name, monkeypatch):
    path = DATA / "snmprec" / f"{name}.snmprec"
    rec = load_recording(profiles, path if path.exists() else folder / f"{name}.snmprec")
    rnd = random.Random(name)
    for pname, profile in sorted(profiles.items()):
        if profile.abstract:
            continue
        _result, raw = replay_raw(profiles, rec, pname)
        scalars = {k: raw.scalars.get(c.oid) for k, c in profile.scalars.items()}
        fast, ref, fell = _both(profile, scalars, raw.columns, monkeypatch)
        assert _fields(fast) == _fields(ref), f"{name} through {pname}"
        assert fell == bool(ref.errors), f"{name} through {pname}: fell back {fell}, reference errors {ref.errors}"
        columns = {oid: [(i, _mutate(rnd, v)) for i, v in rows] for oid, rows in raw.columns.items()}
        try:
            ref_bad = engine.evaluate(profile, scalars, engine.tables_from_walk(profile, columns))
        except Exception as exc:  # noqa: BLE001 - the reference raising: the fast path must raise the same
            with pytest.raises(type(exc)):
                compiled.evaluate_walk(profile, scalars, columns)
            continue
        fast_bad, _ref, fell = _both(profile, scalars, columns, monkeypatch)
        assert _fields(fast_bad) == _fields(ref_bad), f"{name} (mutated) through {pname}"
        assert fell == bool(ref_bad.errors)


def test_the_recording_the_benchmark_polls_takes_the_fast_path(profiles, folder, monkeypatch):
    rec = load_recording(profiles, folder / "cisco-controller.snmprec")
    _result, raw = replay_raw(profiles, rec, "cisco-wlc")
    fast, ref, fell = _both(profiles["cisco-wlc"], {}, raw.columns, monkeypatch)
    assert not fell and len(fast.rows["clients"]) > 50 and fast.rows == ref.rows


def test_ap_client_rows_by_counting_equal_the_scan():
    rnd = random.Random(3)
    names = [None, "", "a", "b", "c"]
    macs = [None, "", "00:00:00:00:00:01", "00:00:00:00:00:02"]
    for _ in range(300):
        aps = [ApRow(rnd.choice(names), rnd.choice(macs), None, True) for _ in range(rnd.randrange(6))]
        clients = [ClientRow("aa:aa:aa:aa:aa:aa", ap=rnd.choice(names), ap_mac=rnd.choice(macs)) for _ in range(rnd.randrange(8))]
        scan = tuple(sum(1 for c in clients if (c.ap and c.ap == row.name) or (c.ap_mac and c.ap_mac == row.mac)) for row in aps)
        assert engine.per_ap_client_rows(aps, clients) == scan
