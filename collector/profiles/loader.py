"""Strict loader for config/profiles/*.yaml: unknown keys or transforms are errors naming file and key.

`load_profiles(directory)` returns {name: Profile} with `extends` resolved; `select_profile` picks
the most specific profile for a device (sysObjectID prefix length, then sysDescr regex).
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
    Match,
    Output,
    Profile,
    ProfileError,
    SkipIf,
    Spec,
    Table,
    Total,
)
from collector.profiles.specs import OID_RE, Ctx, parse_spec
from collector.snmp.model import ROW_TYPES

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "config" / "profiles"
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
    ctx = Ctx(path.name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path.name}: invalid YAML: {exc}") from None
    raw = ctx.mapping(raw or {}, "", TOP_KEYS)
    extends = raw.get("extends") or []
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise ctx.fail("extends", "expected a list of profile names")
    return raw, [e.removesuffix(".yaml") for e in extends]


def _build(name: str, path: Path, raw: dict, parents: list[Profile]) -> Profile:
    ctx = Ctx(path.name)
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
            if fname not in allowed:
                raise ctx.fail(f"{kind}.fields.{fname}", f"unknown field (allowed: {', '.join(sorted(allowed))})")
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
        m = ctx.mapping(raw["clients_total"], "clients_total", {"source", "scalar"})
        if m.get("source") not in TOTAL_SOURCES:
            raise ctx.fail("clients_total.source", f"one of {', '.join(TOTAL_SOURCES)}")
        if m["source"] == "scalar" and m.get("scalar") not in scalars:
            raise ctx.fail("clients_total.scalar", f"no scalar {m.get('scalar')!r}")
        total = Total(m["source"], m.get("scalar"))
    match = Match()
    if "match" in raw:
        m = ctx.mapping(raw["match"], "match", {"sysobjectid", "sysdescr"})
        prefixes = m.get("sysobjectid") or []
        if isinstance(prefixes, str):
            prefixes = [prefixes]
        sysdescr = m.get("sysdescr")
        if sysdescr is not None:
            try:
                re.compile(sysdescr)
            except re.error as exc:
                raise ctx.fail("match.sysdescr", f"bad regex: {exc}") from None
        match = Match(tuple(ctx.oid(p, f"match.sysobjectid[{i}]") for i, p in enumerate(prefixes)), sysdescr)
    profile = Profile(
        name=name,
        file=path.name,
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
    if profile.clients_total.source not in ("scalar", "none") and profile.clients_total.source not in profile.outputs:
        raise ctx.fail("clients_total.source", f"this profile has no {profile.clients_total.source!r} output")


def load_profiles(directory: str | Path | None = None) -> dict[str, Profile]:
    """Load every profile in `directory` (default config/profiles). Raises ProfileError."""
    root = Path(directory) if directory else DEFAULT_DIR
    if not root.is_dir():
        raise ProfileError(f"{root}: profile directory not found")
    files = {p.stem: p for p in sorted(root.glob("*.yaml"))}
    raws = {name: _parse_file(path) for name, path in files.items()}
    built: dict[str, Profile] = {}

    def build(name: str, chain: tuple[str, ...]) -> Profile:
        if name in built:
            return built[name]
        if name in chain:
            raise ProfileError(f"{files[chain[-1]].name}: extends: cycle {' -> '.join(chain + (name,))}")
        if name not in raws:
            raise ProfileError(f"{files[chain[-1]].name}: extends: unknown profile {name!r}")
        raw, parents = raws[name]
        built[name] = _build(name, files[name], raw, [build(p, chain + (name,)) for p in parents])
        return built[name]

    for name in files:
        build(name, ())
    if GENERIC not in built:
        raise ProfileError(f"{root}: a '{GENERIC}.yaml' profile is required (the fallback)")
    return built


def select_profile(profiles: dict[str, Profile], sys_object_id: str | None, sys_descr: str | None) -> tuple[Profile, bool]:
    """Most specific sysObjectID prefix wins; a sysDescr regex must match if given and breaks ties.

    Returns (profile, fallback) where fallback=True means nothing fitted and generic was used.
    """
    oid = tuple(int(p) for p in sys_object_id.split(".")) if sys_object_id and OID_RE.match(sys_object_id) else ()
    best: tuple[tuple[int, int, str], Profile] | None = None
    for profile in profiles.values():
        if profile.abstract or profile.name == GENERIC:
            continue
        length = max((len(p) for p in profile.match.sysobjectid if oid[: len(p)] == p), default=-1)
        if length < 0:
            continue
        described = 0
        if profile.match.sysdescr is not None:
            if not re.search(profile.match.sysdescr, sys_descr or ""):
                continue
            described = 1
        score = (length, described, profile.name)
        if best is None or score[:2] > best[0][:2] or (score[:2] == best[0][:2] and score[2] < best[0][2]):
            best = (score, profile)
    if best is None:
        return profiles[GENERIC], True
    return best[1], False
