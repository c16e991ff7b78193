"""Frozen, parsed form of a vendor profile (collector/profiles/shipped/*.yaml); see docs/profiles.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Oid = tuple[int, ...]

OUTPUT_KINDS = ("aps", "radios", "ssids", "clients", "interfaces")
TOTAL_SOURCES = ("clients", "aps", "radios", "ssids", "scalar", "none")
COUNT_SOURCES = ("clients", "aps", "radios", "ssids")
AGGREGATE_OPS = ("sum", "count", "max", "min", "first")


class ProfileError(Exception):
    """A profile file is invalid; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Column:
    """One SNMP object: a scalar (oid without .0) or a table column."""

    name: str
    oid: Oid
    object: str  # MIB object name, for humans and for the coverage test
    source: str  # profile file that declared it
    # a table column walked only when the named column of the same table misses a row (or holds
    # an empty value there): the 32-bit ifInOctets where ifHCInOctets is missing, ifDescr where
    # ifName is
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: dict[str, Column]
    rows: str | None = None  # column whose indexes define the rows (default: union of all columns)


@dataclass(frozen=True, slots=True)
class Spec:
    """How one output field is computed: a source, then transforms.

    kind: column | index | scalar | const | lookup | aggregate | coalesce
    """

    kind: str
    arg: Any
    transforms: tuple[tuple[str, Any], ...] = ()
    agg: str = "first"  # only with Output.group_by


@dataclass(frozen=True, slots=True)
class Lookup:
    table: str
    column: str
    key: Spec | None = None  # evaluated on the current row (default: its index)
    on: Spec | None = None  # evaluated on the target table's rows (default: their index)


@dataclass(frozen=True, slots=True)
class Aggregate:
    table: str
    op: str
    column: str | None = None
    key: Spec | None = None  # current row (default: its index)
    on: Spec | None = None  # child rows (default: the first len(current index) index parts)


@dataclass(frozen=True, slots=True)
class SkipIf:
    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Output:
    kind: str
    tables: tuple[str, ...]  # rows of these tables, concatenated (same column names)
    fields: dict[str, Spec]
    group_by: Spec | None = None
    skip_if: tuple[SkipIf, ...] = ()


@dataclass(frozen=True, slots=True)
class Total:
    """`clients_total`: the first source (in preference order) that answers with a non-zero count;
    a device whose sources all answer nothing or zero has 0 clients. source `none` (generic): null."""

    sources: tuple[Source, ...]

    @property
    def source(self) -> str:  # the preferred source's kind (or "none")
        return self.sources[0].kind if self.sources else "none"


@dataclass(frozen=True, slots=True)
class Probe:
    """A GET that only the vendor's agent answers: the OID must return a value (not noSuch*),
    and, if `value` is given, a value matching that regex (re.search on its text).

    `subtree=True` (YAML `subtree:` instead of `oid:`): any object under the OID answers, found by
    one GETNEXT that must stay inside it; `value` is checked on that first object. Agents leave
    out objects by firmware and SNMP view (a trimmed airOS agent has no ubntRadioMode.1 but still
    its station counts), so a vendor subtree identifies where one scalar may be missing.

    `absent=True` turns the probe into an exclusion: it holds when the agent was asked and has
    nothing there (noSuch*, nothing under the subtree) or, with `value`, answers something that does
    not match it. A probe that was not asked (the GET or GETNEXT failed) decides nothing: it fails."""

    oid: Oid
    object: str
    value: str | None = None
    subtree: bool = False
    absent: bool = False


@dataclass(frozen=True, slots=True)
class MatchRule:
    """One identification rule: every condition given must hold. A profile matches a device when
    any of its rules does; among matching rules the most specific wins (see loader.identify)."""

    sysobjectid: tuple[Oid, ...] = ()  # any of these prefixes (ending on an arc)
    sysdescr: str | None = None  # regex (re.search)
    probes: tuple[Probe, ...] = ()  # all must answer
    not_sysdescr: str | None = None  # regex that must NOT match (e.g. a switch of the same vendor)

    def conditions(self) -> int:
        return (1 if self.sysobjectid else 0) + (1 if self.sysdescr else 0) + len(self.probes) + (1 if self.not_sysdescr else 0)


@dataclass(frozen=True, slots=True)
class Source:
    """One client-count source of `clients_total`, in the profile's order of preference."""

    kind: str  # clients | aps | radios | ssids | scalar
    scalar: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    file: str
    description: str = ""
    abstract: bool = False
    match: tuple[MatchRule, ...] = ()
    scalars: dict[str, Column] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    clients_total: Total | None = None

    def client_rows(self) -> str:
        """What the profile tells about clients: `clients` (a client table: sessions, dwell, visitors),
        `counts` (client counts only: occupancy) or `none`. An AP without client rows is a blind spot of
        the client-level figures (docs/metrics.md)."""
        if "clients" in self.outputs:
            return "clients"
        if self.clients_total is not None and self.clients_total.source != "none":
            return "counts"
        # radios/SSIDs/APs with a client count (the generic profile's IEEE802dot11 radios and SSIDs have none)
        if any(k in self.outputs and "clients" in self.outputs[k].fields for k in ("ssids", "radios", "aps")):
            return "counts"
        return "none"

    def columns(self) -> list[Column]:
        """Every object this profile reads (scalars first, then table columns)."""
        out = list(self.scalars.values())
        for table in self.tables.values():
            out.extend(table.columns.values())
        return out

    def used_tables(self) -> set[str]:
        """Tables referenced by outputs (only these are walked)."""
        used: set[str] = set()

        def visit(spec: Spec | None) -> None:
            if spec is None:
                return
            if spec.kind in ("lookup", "aggregate"):
                used.add(spec.arg.table)
                visit(spec.arg.key)
                visit(spec.arg.on)
            elif spec.kind == "coalesce":
                for sub in spec.arg:
                    visit(sub)

        for output in self.outputs.values():
            used.update(output.tables)
            visit(output.group_by)
            for spec in output.fields.values():
                visit(spec)
        return used
