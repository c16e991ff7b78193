"""Strict loader for config/profiles/*.yaml: unknown keys or transforms are errors naming file and key.

`load_profiles(directory)` returns {name: Profile} with `extends` resolved; `select_profile` picks
the most specific profile for a device (sysObjectID prefix length, then sysDescr regex).

Size: the strict check of every profile key, each with a message naming file and key, and the
selection rule beside it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from collector.profiles.model import (
    OUTPUT_KINDS,
    TOTAL_SOURCES,
    Column,
    COUNT_SOURCES,
    MatchRule,
    Output,
    Probe,
    Profile,
    ProfileError,
    SkipIf,
    Spec,
    Source,
    Table,
    Total,
)
from collector.profiles.specs import Ctx, parse_spec
from collector.snmp.model import ROW_TYPES

SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"  # package data
DEFAULT_DIR = SHIPPED_DIR
GENERIC = "generic"
TOP_KEYS = {"description", "extends", "match", "scalars", "tables", "clients_total", *OUTPUT_KINDS}


def _parse_columns(ctx: Ctx, value: Any, key: str) -> dict[str, Column]:
    out = {}
    for name, col in ctx.mapping(value, key).items():
        where = f"{key}.{name}"
        m = ctx.mapping(col, where, {"oid", "object", "fallback"})
        if "oid" not in m or "object" not in m:
            raise ctx.fail(where, "oid and object (the MIB object name) are required")
        fallback = m.get("fallback")
        if fallback is not None and (not isinstance(fallback, str) or key == "scalars"):
            raise ctx.fail(f"{where}.fallback", "expected the name of another column of this table")
        out[str(name)] = Column(name=str(name), oid=ctx.oid(m["oid"], f"{where}.oid"), object=str(m["object"]),
                                source=ctx.file, fallback=fallback)
    return out


def _parse_file(path: Path) -> tuple[dict, list[str]]:
    ctx = Ctx(_label(path))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{_label(path)}: invalid YAML: {exc}") from None
    raw = ctx.mapping(raw or {}, "", TOP_KEYS)
    extends = raw.get("extends") or []
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise ctx.fail("extends", "expected a list of profile names")
    return raw, [e.removesuffix(".yaml") for e in extends]


def _build(name: str, path: Path, raw: dict, parents: list[Profile]) -> Profile:
    ctx = Ctx(_label(path))
    scalars: dict[str, Column] = {}
    tables: dict[str, Table] = {}
    outputs: dict[str, Output] = {}
    total = None
    for parent in parents:
        scalars.update(parent.scalars)
        for tname, table in parent.tables.items():
            prev = tables.get(tname)
            cols = {**(prev.columns if prev else {}), **table.columns}
            tables[tname] = Table(tname, cols, table.rows or (prev.rows if prev else None))
        outputs.update(parent.outputs)
        total = parent.clients_total or total
    if "scalars" in raw:
        scalars.update(_parse_columns(ctx, raw["scalars"], "scalars"))
    for tname, tdef in ctx.mapping(raw.get("tables") or {}, "tables").items():
        where = f"tables.{tname}"
        m = ctx.mapping(tdef, where, {"columns", "rows"})
        cols = _parse_columns(ctx, m.get("columns") or {}, f"{where}.columns")
        prev = tables.get(tname)
        merged = {**(prev.columns if prev else {}), **cols}
        rows = m.get("rows", prev.rows if prev else None)
        if rows is not None and rows not in merged:
            raise ctx.fail(f"{where}.rows", f"no column {rows!r} in table {tname!r}")
        for cname, col in merged.items():
            if col.fallback is None:
                continue
            primary = merged.get(col.fallback)
            if primary is None or primary.fallback is not None or col.fallback == cname:
                raise ctx.fail(f"{where}.columns.{cname}.fallback",
                               f"{col.fallback!r} is not a column of table {tname!r} without a fallback of its own")
            if cname == rows:
                raise ctx.fail(f"{where}.rows", f"{rows!r} is a fallback column (walked only sometimes): it cannot define the rows")
        tables[tname] = Table(tname, merged, rows)
    for kind in OUTPUT_KINDS:
        if kind not in raw:
            continue
        if raw[kind] is None:  # `aps: null` removes an inherited output
            outputs.pop(kind, None)
            continue
        m = ctx.mapping(raw[kind], kind, {"from", "group_by", "fields", "skip_if"})
        if "from" not in m or "fields" not in m:
            raise ctx.fail(kind, "'from' (a table) and 'fields' are required")
        grouped = "group_by" in m
        fields = {}
        allowed = {f.name for f in ROW_TYPES[kind].__dataclass_fields__.values()}
        for fname, fspec in ctx.mapping(m["fields"], f"{kind}.fields").items():
            if fname not in allowed and not str(fname).startswith("_"):  # _name: a helper (skip_if), not output
                raise ctx.fail(f"{kind}.fields.{fname}", f"unknown field (allowed: {', '.join(sorted(allowed))}, or _helper)")
            fields[fname] = parse_spec(ctx, fspec, f"{kind}.fields.{fname}", grouped)
        skips = []
        for i, s in enumerate(m.get("skip_if") or []):
            sm = ctx.mapping(s, f"{kind}.skip_if[{i}]", {"field", "in"})
            if sm.get("field") not in fields or not isinstance(sm.get("in"), list):
                raise ctx.fail(f"{kind}.skip_if[{i}]", "needs field (one of this output's fields) and in (a list)")
            skips.append(SkipIf(sm["field"], tuple(sm["in"])))
        sources = m["from"] if isinstance(m["from"], list) else [m["from"]]
        outputs[kind] = Output(
            kind=kind,
            tables=tuple(str(t) for t in sources),
            fields=fields,
            group_by=parse_spec(ctx, m["group_by"], f"{kind}.group_by") if grouped else None,
            skip_if=tuple(skips),
        )
    if "clients_total" in raw:
        total = _parse_total(ctx, raw["clients_total"], scalars)
    match = _parse_match(ctx, raw["match"]) if "match" in raw else ()
    profile = Profile(
        name=name,
        file=_label(path),
        description=str(raw.get("description", "")),
        abstract=name.startswith("_"),
        match=match,
        scalars=scalars,
        tables=tables,
        outputs=outputs,
        clients_total=total,
    )
    _check_references(ctx, profile)
    return profile


def _parse_total(ctx: Ctx, value: Any, scalars: dict[str, Column]) -> Total:
    """`{source: clients}` (one source), `{source: scalar, scalar: NAME}`, `{source: none}`, or
    `{prefer: [clients, aps, "scalar:NAME", ...]}`: the sources in order of preference."""
    m = ctx.mapping(value, "clients_total", {"source", "scalar", "prefer"})
    if "prefer" in m:
        if "source" in m or "scalar" in m:
            raise ctx.fail("clients_total", "either prefer (a list) or source, not both")
        items = m["prefer"]
        if not isinstance(items, list) or not items:
            raise ctx.fail("clients_total.prefer", "expected a non-empty list of sources")
        sources = []
        for i, item in enumerate(items):
            kind, _, scalar = str(item).partition(":")
            if kind not in COUNT_SOURCES and kind != "scalar" or (kind == "scalar") != bool(scalar):
                raise ctx.fail(f"clients_total.prefer[{i}]", f"one of {', '.join(COUNT_SOURCES)} or scalar:NAME, got {item!r}")
            if kind == "scalar" and scalar not in scalars:
                raise ctx.fail(f"clients_total.prefer[{i}]", f"no scalar {scalar!r}")
            sources.append(Source(kind, scalar or None))
        return Total(tuple(sources))
    if m.get("source") not in TOTAL_SOURCES:
        raise ctx.fail("clients_total.source", f"one of {', '.join(TOTAL_SOURCES)}")
    if m["source"] == "scalar" and m.get("scalar") not in scalars:
        raise ctx.fail("clients_total.scalar", f"no scalar {m.get('scalar')!r}")
    if m["source"] == "none":
        return Total(())
    return Total((Source(m["source"], m.get("scalar") if m["source"] == "scalar" else None),))


MATCH_KEYS = {"sysobjectid", "sysdescr", "not_sysdescr", "probe"}


def _parse_match(ctx: Ctx, value: Any) -> tuple[MatchRule, ...]:
    """`match:` is one rule (a mapping) or a list of rules; each needs at least one condition."""
    items = value if isinstance(value, list) else [value]
    rules = []
    for i, item in enumerate(items):
        where = "match" if not isinstance(value, list) else f"match[{i}]"
        m = ctx.mapping(item, where, MATCH_KEYS)
        prefixes = m.get("sysobjectid") or []
        if isinstance(prefixes, str):
            prefixes = [prefixes]
        regexes = {}
        for key in ("sysdescr", "not_sysdescr"):
            if m.get(key) is not None:
                try:
                    re.compile(m[key])
                except re.error as exc:
                    raise ctx.fail(f"{where}.{key}", f"bad regex: {exc}") from None
                regexes[key] = str(m[key])
        probes = m.get("probe") or []
        if isinstance(probes, dict):
            probes = [probes]
        parsed = []
        for j, probe in enumerate(probes):
            pw = f"{where}.probe[{j}]"
            pm = ctx.mapping(probe, pw, {"oid", "subtree", "object", "value", "absent"})
            if ("oid" in pm) == ("subtree" in pm) or "object" not in pm:
                raise ctx.fail(pw, "oid (an instance to GET, e.g. a scalar's .0) or subtree (any object under it answers), "
                                   "and object (its MIB name) are required")
            key = "oid" if "oid" in pm else "subtree"
            if pm.get("value") is not None:
                try:
                    re.compile(str(pm["value"]))
                except re.error as exc:
                    raise ctx.fail(f"{pw}.value", f"bad regex: {exc}") from None
            if not isinstance(pm.get("absent", False), bool):
                raise ctx.fail(f"{pw}.absent", "true or false")
            parsed.append(Probe(ctx.oid(pm[key], f"{pw}.{key}"), str(pm["object"]),
                                str(pm["value"]) if pm.get("value") is not None else None, key == "subtree",
                                bool(pm.get("absent", False))))
        rule = MatchRule(tuple(ctx.oid(p, f"{where}.sysobjectid[{k}]") for k, p in enumerate(prefixes)),
                         regexes.get("sysdescr"), tuple(parsed), regexes.get("not_sysdescr"))
        if not rule.sysobjectid and not rule.sysdescr and all(p.absent for p in rule.probes):
            raise ctx.fail(where, "a rule needs sysobjectid, sysdescr or a probe that must answer (not only absent ones)")
        rules.append(rule)
    return tuple(rules)


def _check_references(ctx: Ctx, profile: Profile) -> None:
    """Every table/column/scalar an output names must exist (checked on concrete profiles)."""
    if profile.abstract:
        return

    def check(spec: Spec | None, tables: tuple[str, ...], key: str) -> None:
        if spec is None:
            return
        if spec.kind == "column" and not any(spec.arg in profile.tables[t].columns for t in tables):
            raise ctx.fail(key, f"no column {spec.arg!r} in table {' or '.join(tables)!r}")
        if spec.kind == "scalar" and spec.arg not in profile.scalars:
            raise ctx.fail(key, f"no scalar {spec.arg!r}")
        if spec.kind in ("lookup", "aggregate"):
            a = spec.arg
            if a.table not in profile.tables:
                raise ctx.fail(key, f"no table {a.table!r}")
            if a.column is not None and a.column not in profile.tables[a.table].columns:
                raise ctx.fail(key, f"no column {a.column!r} in table {a.table!r}")
            check(a.key, tables, f"{key}.key")
            check(a.on, (a.table,), f"{key}.on")
        if spec.kind == "coalesce":
            for i, sub in enumerate(spec.arg):
                check(sub, tables, f"{key}[{i}]")

    for kind, output in profile.outputs.items():
        for t in output.tables:
            if t not in profile.tables:
                raise ctx.fail(f"{kind}.from", f"no table {t!r}")
        check(output.group_by, output.tables, f"{kind}.group_by")
        for fname, spec in output.fields.items():
            check(spec, output.tables, f"{kind}.fields.{fname}")
    if profile.clients_total is None:
        raise ctx.fail("clients_total", "required (directly or through extends)")
    for i, src in enumerate(profile.clients_total.sources):
        if src.kind == "scalar" and src.scalar not in profile.scalars:
            raise ctx.fail("clients_total", f"no scalar {src.scalar!r}")
        if src.kind in COUNT_SOURCES and src.kind not in profile.outputs:
            key = "clients_total.source" if len(profile.clients_total.sources) == 1 else f"clients_total.prefer[{i}]"
            raise ctx.fail(key, f"this profile has no {src.kind!r} output")


def profile_files(dirs: str | Path | list[str | Path] | tuple | None = None) -> dict[str, Path]:
    """{name: file}: the given folders in order, then the shipped profiles; the first file with a
    given name wins (an operator's `unifi-ap.yaml` replaces the shipped one)."""
    if dirs is None:
        dirs = []
    elif isinstance(dirs, (str, Path)):
        dirs = [dirs]
    files: dict[str, Path] = {}
    for d in [*map(Path, dirs), SHIPPED_DIR]:
        if not d.is_dir():
            raise ProfileError(f"{d}: profile directory not found")
        for p in sorted(d.glob("*.yaml")):
            files.setdefault(p.stem, p)
    return files


def load_profiles(dirs: str | Path | list[str | Path] | tuple | None = None) -> dict[str, Profile]:
    """Load every profile: `dirs` (an operator's folders, in order) before the shipped ones.
    Raises ProfileError naming the file and key."""
    files = profile_files(dirs)
    raws = {name: _parse_file(path) for name, path in files.items()}
    built: dict[str, Profile] = {}

    def build(name: str, chain: tuple[str, ...]) -> Profile:
        if name in built:
            return built[name]
        if name in chain:
            raise ProfileError(f"{_label(files[chain[-1]])}: extends: cycle {' -> '.join(chain + (name,))}")
        if name not in raws:
            raise ProfileError(f"{_label(files[chain[-1]])}: extends: unknown profile {name!r}")
        raw, parents = raws[name]
        built[name] = _build(name, files[name], raw, [build(p, chain + (name,)) for p in parents])
        return built[name]

    for name in files:
        build(name, ())
    if GENERIC not in built:
        raise ProfileError(f"a '{GENERIC}.yaml' profile is required (the fallback)")
    return built


def concrete_names(profiles: dict[str, Profile]) -> list[str]:
    return sorted(n for n, p in profiles.items() if not p.abstract)


def _label(path: Path) -> str:
    """Shipped files by name, an operator's by full path (so the message says which one)."""
    return path.name if path.parent == SHIPPED_DIR else str(path)


def select_profile(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None,
                   answers: dict[tuple[int, ...], Any] | None = None,
                   under: dict[tuple[int, ...], Any] | None = None) -> tuple[Profile, bool]:
    """(profile, fallback): see collector.profiles.identify. `answers` are the probe GETs' values,
    `under` the first value under each subtree probe."""
    from collector.profiles.identify import identify

    found = identify(profiles, sys_object_id, sys_descr, answers or {}, under)
    return found.profile, found.fallback
