"""Which profile fits a device: the profiles' `match:` rules against sysObjectID, sysDescr and probes.

A rule holds when every condition it gives holds: sysObjectID under one of its prefixes (a prefix
ends on an arc), sysDescr matching its regex (and not matching `not_sysdescr`), and every probe
OID answering (a GET that only that vendor's agent answers, optionally with a value regex).

Most specific wins: the matching rule with the most conditions, then the longest sysObjectID
prefix, then the profile name (so the choice never depends on file order). Nothing matching means
`generic`, which says so (fallback=True).

Probing costs one GET per identification, and only for the probes of rules whose other conditions
already hold: `probe_oids()` lists them, the caller GETs them, `identify()` decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from collector.profiles.model import MatchRule, Profile
from collector.snmp import decode

GENERIC = "generic"
_OID_RE = re.compile(r"^\d+(\.\d+)+$")


def _oid(text: str | None) -> tuple[int, ...]:
    text = (text or "").strip().lstrip(".")
    return tuple(int(p) for p in text.split(".")) if _OID_RE.match(text) else ()


def _dotted(oid: tuple[int, ...]) -> str:
    return ".".join(map(str, oid))


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray, tuple, list)):
        return decode.text(value) or ""
    return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Identification:
    profile: Profile
    fallback: bool  # nothing matched: generic
    forced: bool = False  # named by the operator, not identified
    rule: int | None = None  # index of the winning rule in profile.match
    reason: str = ""  # why this profile, in one line
    considered: tuple[str, ...] = ()  # every rule of every profile: matched or why not

    def to_json(self) -> dict[str, Any]:
        return {"profile": self.profile.name, "rule": self.rule, "fallback": self.fallback,
                "forced": self.forced, "reason": self.reason}


def _candidates(profiles: dict[str, Profile]):
    for name in sorted(profiles):
        profile = profiles[name]
        if profile.abstract or name == GENERIC:
            continue
        for i, rule in enumerate(profile.match):
            yield profile, i, rule


def _static(rule: MatchRule, oid: tuple[int, ...], descr: str) -> tuple[int | None, list[str], str | None]:
    """(matched prefix length or None when the rule has no prefixes, what held, why not or None)."""
    held: list[str] = []
    length = None
    if rule.sysobjectid:
        hits = [p for p in rule.sysobjectid if oid[: len(p)] == p]
        if not hits:
            return None, held, f"sysObjectID {_dotted(oid) or '(none)'} is under none of {', '.join(map(_dotted, rule.sysobjectid))}"
        best = max(hits, key=len)
        length = len(best)
        held.append(f"sysObjectID under {_dotted(best)}")
    if rule.sysdescr is not None:
        if not re.search(rule.sysdescr, descr):
            return length, held, f"sysDescr does not match /{rule.sysdescr}/"
        held.append(f"sysDescr matches /{rule.sysdescr}/")
    if rule.not_sysdescr is not None:
        if re.search(rule.not_sysdescr, descr):
            return length, held, f"sysDescr matches the excluded /{rule.not_sysdescr}/"
        held.append(f"sysDescr does not match /{rule.not_sysdescr}/")
    return length, held, None


def probe_oids(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None) -> list[tuple[int, ...]]:
    """The probe OIDs worth a GET for this device (rules whose other conditions hold)."""
    oid, descr = _oid(sys_object_id), sys_descr or ""
    out: dict[tuple[int, ...], None] = {}
    for _profile, _i, rule in _candidates(profiles):
        if rule.probes and _static(rule, oid, descr)[2] is None:
            out.update((p.oid, None) for p in rule.probes)
    return list(out)


def identify(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None,
             answers: dict[tuple[int, ...], Any]) -> Identification:
    oid, descr = _oid(sys_object_id), sys_descr or ""
    best: tuple[tuple[int, int, int], str, Profile, int, list[str]] | None = None
    considered: list[str] = []
    for profile, i, rule in _candidates(profiles):
        label = f"{profile.name} rule {i + 1}"
        length, held, why_not = _static(rule, oid, descr)
        if why_not is None:
            for probe in rule.probes:
                value = answers.get(probe.oid)
                where = f"probe {probe.object} ({_dotted(probe.oid)})"
                if value is None:
                    why_not = f"{where} not answered"
                    break
                if probe.value is not None and not re.search(probe.value, _text(value)):
                    why_not = f"{where} answered {_text(value)!r}, not /{probe.value}/"
                    break
                held.append(f"{where} answered {_text(value)[:40]!r}")
        if why_not is not None:
            considered.append(f"{label}: no: {why_not}")
            continue
        considered.append(f"{label}: matches: {'; '.join(held)}")
        score = (rule.conditions(), length or 0, 1 if rule.sysdescr else 0)
        if best is None or score > best[0] or (score == best[0] and profile.name < best[1]):
            best = (score, profile.name, profile, i, held)
    if best is None:
        return Identification(profiles[GENERIC], True, reason="no profile's match rule fits: generic fallback (no client count)",
                              considered=tuple(considered))
    _score, _name, profile, i, held = best
    return Identification(profile, False, rule=i, reason=f"{profile.name} rule {i + 1}: {'; '.join(held)}",
                          considered=tuple(considered))


def forced(profile: Profile) -> Identification:
    return Identification(profile, False, forced=True, reason=f"profile {profile.name} named by the operator (not identified)")
