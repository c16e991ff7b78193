"""Checks across sections of `kunang.yaml` (names one section gives and another uses), on plain data.

They run on the validated configuration and, when some fields are invalid, on the raw document too, so
`kunang check-config` reports every problem at once. Each unknown name comes with the valid ones.
"""

from __future__ import annotations

from typing import Any

from collector.config.sites import slug


def _valid(names) -> str:
    names = sorted(str(n) for n in names)
    return f" (valid: {', '.join(names)})" if names else " (none defined)"


def _list(data: Any, key: str) -> list:
    v = data.get(key) if isinstance(data, dict) else None
    return v if isinstance(v, list) else []


def _dict(data: Any, key: str) -> dict:
    v = data.get(key) if isinstance(data, dict) else None
    return v if isinstance(v, dict) else {}


def cross_problems(data: dict) -> list[str]:
    problems = []
    sites = [s for s in _list(data, "sites") if isinstance(s, dict)]
    names = [s.get("name") for s in sites if isinstance(s.get("name"), str)]
    for n in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"sites: site name {n!r} is used twice")
    keys = [s.get("key") or slug(s["name"]) for s in sites if isinstance(s.get("name"), str)]
    for k in sorted({k for k in keys if isinstance(k, str) and keys.count(k) > 1}):
        problems.append(f"sites: site key {k!r} is used twice (give one of the sites its own `key:`)")
    snmp = _dict(data, "snmp")
    creds = _dict(snmp, "credentials")
    default = snmp.get("default")
    for i, s in enumerate(_list(data, "sites")):
        for j, ap in enumerate(_list(s, "aps")):
            ref = ap.get("snmp") if isinstance(ap, dict) else None
            if isinstance(ref, str) and ref not in creds:
                problems.append(f"sites[{i}].aps[{j}].snmp: unknown credentials {ref!r}{_valid(creds)}")
            if isinstance(ap, dict) and ref is None and not default:
                problems.append(f"sites[{i}].aps[{j}].snmp: no credentials and no snmp.default")
    if isinstance(default, str) and default not in creds:
        problems.append(f"snmp.default: unknown credentials {default!r}{_valid(creds)}")
    for i, src in enumerate(_list(_dict(data, "portal"), "sources")):
        site = src.get("site") if isinstance(src, dict) else None
        if isinstance(site, str) and site not in names:
            problems.append(f"portal.sources[{i}].site: unknown site {site!r}{_valid(names)}")
    edge = data.get("edge") if isinstance(data, dict) else None
    if isinstance(edge, dict) and isinstance(edge.get("site"), str) and edge["site"] not in names:
        problems.append(f"edge.site: unknown site {edge['site']!r}{_valid(names)} / situs tidak dikenal")
    sensor_names: list = []
    for i, sen in enumerate(_list(data, "sensors")):
        if not isinstance(sen, dict):
            continue
        site = sen.get("site")
        if isinstance(site, str) and site not in names:
            problems.append(f"sensors[{i}].site: unknown site / situs tidak dikenal {site!r}{_valid(names)}")
        if sen.get("name") in sensor_names:
            problems.append(f"sensors[{i}].name: sensor name {sen.get('name')!r} is used twice / "
                            "nama sensor dipakai dua kali")
        sensor_names.append(sen.get("name"))
    alerts = _dict(data, "alerts")
    channels = {c.get("name") for c in _list(alerts, "channels") if isinstance(c, dict)}
    for i, r in enumerate(_list(alerts, "rules")):
        for c in _list(r, "channels"):
            if c not in channels:
                problems.append(f"alerts.rules[{i}].channels: unknown channel {c!r}{_valid(channels - {None})}")
    inlis = data.get("inlislite") if isinstance(data, dict) else None
    if isinstance(inlis, dict):
        seen: dict[str, int] = {}
        for i, m in enumerate(_list(inlis, "sites")):
            if not isinstance(m, dict):
                continue
            if isinstance(m.get("site"), str) and m["site"] not in names:
                problems.append(f"inlislite.sites[{i}].site: unknown site {m['site']!r}{_valid(names)}")
            for ref in [*(f"library {x}" for x in _list(m, "libraries")),
                        *(f"location {x}" for x in _list(m, "locations"))]:
                if ref in seen:
                    problems.append(f"inlislite.sites[{i}]: {ref} is mapped twice (also sites[{seen[ref]}])")
                seen[ref] = i
    return problems
