"""Which profile fits a device: the profiles' `match:` rules against sysObjectID, sysDescr and probes.

A rule holds when every condition it gives holds: sysObjectID under one of its prefixes (a prefix
ends on an arc), sysDescr matching its regex (and not matching `not_sysdescr`), and every probe
OID answering (a GET that only that vendor's agent answers, optionally with a value regex; a
`subtree` probe: any object under the OID, found by one GETNEXT); an `absent` probe is an
exclusion: the agent was asked and has nothing there (or nothing matching its value regex).

Most specific wins: the matching rule with the most conditions, then the longest sysObjectID
prefix, then the profile name (so the choice never depends on file order). Nothing matching means
`generic`, which says so (fallback=True).

Probing costs one GET (and one GETNEXT for subtree probes) per identification, and only for the
probes of rules whose other conditions already hold: `probe_oids()` / `probe_subtrees()` list them,
the caller asks, `identify()` decides.

Every explanation is written in English (the JSON's `identified_by.reason`) and in Bahasa
Indonesia (`kunang poll --explain --lang id`): `_Say` keeps the two side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from collector.profiles.model import MatchRule, Profile
from collector.profiles.specs import OID_RE
from collector.snmp import decode

GENERIC = "generic"


def _oid(text: str | None) -> tuple[int, ...]:
    text = (text or "").strip().lstrip(".")
    return tuple(int(p) for p in text.split(".")) if OID_RE.match(text) else ()


def _dotted(oid: tuple[int, ...]) -> str:
    return ".".join(map(str, oid))


class _Say:
    """One explanation in both languages (English, Bahasa Indonesia), joined like strings."""

    def __init__(self, en: str, id_: str | None = None) -> None:
        self.en, self.id = en, en if id_ is None else id_

    @staticmethod
    def join(sep: str, parts: list["_Say"]) -> "_Say":
        return _Say(sep.join(p.en for p in parts), sep.join(p.id for p in parts))


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
    reason_id: str = ""  # the same in Bahasa Indonesia
    considered_id: tuple[str, ...] = ()

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


def _static(rule: MatchRule, oid: tuple[int, ...], descr: str) -> tuple[int | None, list[_Say], _Say | None]:
    """(matched prefix length or None when the rule has no prefixes, what held, why not or None)."""
    held: list[_Say] = []
    length = None
    if rule.sysobjectid:
        hits = [p for p in rule.sysobjectid if oid[: len(p)] == p]
        if not hits:
            mine, theirs = _dotted(oid) or "(none)", ", ".join(map(_dotted, rule.sysobjectid))
            return None, held, _Say(f"sysObjectID {mine} is under none of {theirs}",
                                    f"sysObjectID {mine.replace('(none)', '(tidak ada)')} tidak berada di bawah satu pun dari {theirs}")
        best = max(hits, key=len)
        length = len(best)
        held.append(_Say(f"sysObjectID under {_dotted(best)}", f"sysObjectID di bawah {_dotted(best)}"))
    if rule.sysdescr is not None:
        if not re.search(rule.sysdescr, descr):
            return length, held, _Say(f"sysDescr does not match /{rule.sysdescr}/", f"sysDescr tidak cocok dengan /{rule.sysdescr}/")
        held.append(_Say(f"sysDescr matches /{rule.sysdescr}/", f"sysDescr cocok dengan /{rule.sysdescr}/"))
    if rule.not_sysdescr is not None:
        if re.search(rule.not_sysdescr, descr):
            return length, held, _Say(f"sysDescr matches the excluded /{rule.not_sysdescr}/",
                                      f"sysDescr cocok dengan /{rule.not_sysdescr}/ yang dikecualikan")
        held.append(_Say(f"sysDescr does not match /{rule.not_sysdescr}/", f"sysDescr tidak cocok dengan /{rule.not_sysdescr}/"))
    return length, held, None


def _probes(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None, subtree: bool) -> list[tuple[int, ...]]:
    oid, descr = _oid(sys_object_id), sys_descr or ""
    out: dict[tuple[int, ...], None] = {}
    for _profile, _i, rule in _candidates(profiles):
        if rule.probes and _static(rule, oid, descr)[2] is None:
            out.update((p.oid, None) for p in rule.probes if p.subtree == subtree)
    return list(out)


def probe_oids(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None) -> list[tuple[int, ...]]:
    """The probe OIDs worth a GET for this device (rules whose other conditions hold)."""
    return _probes(profiles, sys_object_id, sys_descr, False)


def probe_subtrees(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None) -> list[tuple[int, ...]]:
    """The subtree probes worth a GETNEXT for this device (rules whose other conditions hold)."""
    return _probes(profiles, sys_object_id, sys_descr, True)


def _absent(probe, asked: bool, value: Any, where: str, where_id: str, held: list[_Say]) -> _Say | None:
    """An exclusion probe (`absent: true`): why it fails, or None (and what held appended)."""
    if not asked:  # the GET/GETNEXT failed: nothing is known, so nothing is excluded
        return _Say(f"{where} not asked (must be absent)", f"{where_id} tidak ditanyakan (harus tidak ada)")
    if value is None:
        held.append(_Say(f"{where} absent", f"{where_id} tidak ada"))
        return None
    if probe.value is None:
        return _Say(f"{where} answered (must be absent)", f"{where_id} menjawab (harus tidak ada)")
    if re.search(probe.value, _text(value)):
        return _Say(f"{where} answered {_text(value)!r}, excluded /{probe.value}/",
                    f"{where_id} menjawab {_text(value)!r}, dikecualikan /{probe.value}/")
    held.append(_Say(f"{where} answered {_text(value)[:40]!r}, not the excluded /{probe.value}/",
                     f"{where_id} menjawab {_text(value)[:40]!r}, bukan /{probe.value}/ yang dikecualikan"))
    return None


def first_under(oids: list[tuple[int, ...]], prefix: tuple[int, ...]) -> int | None:
    """Index in the sorted `oids` of the first OID strictly under `prefix` (what a GETNEXT finds), or None."""
    import bisect

    i = bisect.bisect_right(oids, prefix)
    return i if i < len(oids) and oids[i][: len(prefix)] == prefix else None


def identify(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None,
             answers: dict[tuple[int, ...], Any], under: dict[tuple[int, ...], Any] | None = None) -> Identification:
    """`answers`: the probe GETs' values; `under`: the first value under each subtree probe (None: nothing there)."""
    oid, descr = _oid(sys_object_id), sys_descr or ""
    under = under or {}
    best: tuple[tuple[int, int, int], str, Profile, int, list[_Say]] | None = None
    considered: list[_Say] = []
    for profile, i, rule in _candidates(profiles):
        label = _Say(f"{profile.name} rule {i + 1}", f"{profile.name} aturan {i + 1}")
        length, held, why_not = _static(rule, oid, descr)
        if why_not is None:
            for probe in rule.probes:
                source = under if probe.subtree else answers
                value = source.get(probe.oid)
                if probe.subtree:
                    where = f"probe {probe.object} (anything under {_dotted(probe.oid)})"
                    where_id = f"probe {probe.object} (apa pun di bawah {_dotted(probe.oid)})"
                else:
                    where = where_id = f"probe {probe.object} ({_dotted(probe.oid)})"
                if probe.absent:
                    why_not = _absent(probe, probe.oid in source, value, where, where_id, held)
                    if why_not is not None:
                        break
                    continue
                if value is None:
                    why_not = _Say(f"{where} not answered", f"{where_id} tidak dijawab")
                    break
                if probe.value is not None and not re.search(probe.value, _text(value)):
                    why_not = _Say(f"{where} answered {_text(value)!r}, not /{probe.value}/",
                                   f"{where_id} menjawab {_text(value)!r}, bukan /{probe.value}/")
                    break
                if probe.subtree and probe.value is None:  # whatever came first (a BSSID, a station row): not shown
                    held.append(_Say(f"{where} answered", f"{where_id} menjawab"))
                else:
                    held.append(_Say(f"{where} answered {_text(value)[:40]!r}", f"{where_id} menjawab {_text(value)[:40]!r}"))
        if why_not is not None:
            considered.append(_Say(f"{label.en}: no: {why_not.en}", f"{label.id}: tidak: {why_not.id}"))
            continue
        both = _Say.join("; ", held)
        considered.append(_Say(f"{label.en}: matches: {both.en}", f"{label.id}: cocok: {both.id}"))
        score = (rule.conditions(), length or 0, 1 if rule.sysdescr else 0)
        if best is None or score > best[0] or (score == best[0] and profile.name < best[1]):
            best = (score, profile.name, profile, i, held)
    en, id_ = tuple(c.en for c in considered), tuple(c.id for c in considered)
    if best is None:
        return Identification(profiles[GENERIC], True, reason="no profile's match rule fits: generic fallback (no client count)",
                              considered=en, reason_id="tidak ada aturan profil yang cocok: cadangan generic (tanpa jumlah klien)",
                              considered_id=id_)
    _score, _name, profile, i, held = best
    both = _Say.join("; ", held)
    return Identification(profile, False, rule=i, reason=f"{profile.name} rule {i + 1}: {both.en}", considered=en,
                          reason_id=f"{profile.name} aturan {i + 1}: {both.id}", considered_id=id_)


def forced(profile: Profile) -> Identification:
    return Identification(profile, False, forced=True, reason=f"profile {profile.name} named by the operator (not identified)",
                          reason_id=f"profil {profile.name} dipilih operator (tidak dikenali otomatis)")
