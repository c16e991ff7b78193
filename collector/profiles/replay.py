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


_WORDS = {"en": ("expected {e}, missing", "not expected, got {g}", "expected {e} items, got {g}", "expected {e}, got {g}"),
          "id": ("diharapkan {e}, tidak ada", "tidak diharapkan, didapat {g}", "diharapkan {e} butir, didapat {g}",
                 "diharapkan {e}, didapat {g}")}


def compare(expected: dict[str, Any], got: dict[str, Any], path: str = "", lang: str = "en") -> list[str]:
    """Differences as `key: expected X, got Y` lines (lists compared item by item); `lang` "id"
    words them in Bahasa Indonesia (`kunang profile test --expected`)."""
    missing, extra, count, differ = _WORDS["en" if lang == "en" else "id"]
    out: list[str] = []
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in sorted(set(expected) | set(got), key=str):
            if key in VOLATILE and not path:
                continue
            where = f"{path}.{key}" if path else str(key)
            if key not in got:
                out.append(f"{where}: " + missing.format(e=json.dumps(expected[key])))
            elif key not in expected:
                out.append(f"{where}: " + extra.format(g=json.dumps(got[key])))
            else:
                out.extend(compare(expected[key], got[key], where, lang))
    elif isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            out.append(f"{path}: " + count.format(e=len(expected), g=len(got)))
        for i, (e, g) in enumerate(zip(expected, got)):
            out.extend(compare(e, g, f"{path}[{i}]", lang))
    elif expected != got:
        out.append(f"{path}: " + differ.format(e=json.dumps(expected), g=json.dumps(got)))
    return out
