"""Replay a recording through the poller (in-process, no SNMP): `kunang profile test` and the tests.

    doc = replay_json(profiles, "tests/data/snmprec/unifi.snmprec")       # the `kunang poll --json` document
    problems = compare(expected_doc, doc)                                   # [] when they agree

The volatile keys (target, times, varbind counts) are left out of both documents.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from collector.profiles.model import Profile
from collector.snmp.model import PollResult, SnmpTarget
from collector.snmp.recording import Recording, opener

VOLATILE = ("target", "started_at", "duration_s", "varbinds")


SYSTEM = (1, 3, 6, 1, 2, 1, 1)


def polled_subtrees(profiles: dict[str, Profile]) -> list[tuple[int, ...]]:
    """Every OID a poll of any of these profiles can ask for: system group, scalars, columns, probes."""
    out = {SYSTEM}
    for p in profiles.values():
        out.update(c.oid for c in p.columns())
        out.update(probe.oid for rule in p.match for probe in rule.probes)
    return sorted(out)


def load_recording(profiles: dict[str, Profile], path: str | Path) -> Recording:
    """A recording with only what the profiles can ask for (big walks load in a fraction of the time)."""
    only = [o[:-1] if o[-1] == 0 else o for o in polled_subtrees(profiles)]  # scalars: the object, with its .0
    return Recording.load(path, only)


def replay(profiles: dict[str, Profile], recording: Recording | str | Path, profile: str = "auto") -> PollResult:
    return replay_raw(profiles, recording, profile)[0]


def replay_raw(profiles: dict[str, Profile], recording: Recording | str | Path, profile: str = "auto"):
    """(PollResult, RawPoll): the result and what the poll fetched (identification included)."""
    from collector.poller import poll_with_raw

    rec = recording if isinstance(recording, Recording) else load_recording(profiles, recording)
    target = SnmpTarget("recording", 161, community="public")
    return asyncio.run(poll_with_raw(target, profiles, profile, open_session=opener(rec)))


def stable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in VOLATILE}


def replay_json(profiles: dict[str, Profile], recording: Recording | str | Path, profile: str = "auto") -> dict[str, Any]:
    return stable(replay(profiles, recording, profile).to_json_dict())


def compare(expected: dict[str, Any], got: dict[str, Any], path: str = "") -> list[str]:
    """Differences as `key: expected X, got Y` lines (lists compared item by item)."""
    out: list[str] = []
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(set(expected) | set(got), key=str):
            if key in VOLATILE and not path:
                continue
            where = f"{path}.{key}" if path else str(key)
            if key not in got:
                out.append(f"{where}: expected {json.dumps(expected[key])}, missing")
            elif key not in expected:
                out.append(f"{where}: not expected, got {json.dumps(got[key])}")
            else:
                out.extend(compare(expected[key], got[key], where))
    elif isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            out.append(f"{path}: expected {len(expected)} items, got {len(got)}")
        for i, (e, g) in enumerate(zip(expected, got)):
            out.extend(compare(e, g, f"{path}[{i}]"))
    elif expected != got:
        out.append(f"{path}: expected {json.dumps(expected)}, got {json.dumps(got)}")
    return out
