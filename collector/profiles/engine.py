"""Pure: profile + fetched values -> AP / radio / SSID / client / interface rows and clients_total.

Input shape (built by the poller from a walk, or by tests from a recording):
  scalars: {scalar name: value}
  tables:  {table name: {index tuple: {column name: value}}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collector.profiles import transforms as tf
from collector.profiles.model import Output, Profile, Source, Spec
from collector.identifiers import normalise_mac
from collector.snmp.model import ROW_TYPES

Rows = dict[tuple[int, ...], dict[str, Any]]

MAC_FIELDS = {"mac", "ap_mac"}
INT_FIELDS = {"clients", "channel", "rssi_dbm", "rx_bytes", "tx_bytes", "index", "in_octets", "out_octets", "counter_bits"}
BOOL_FIELDS = {"up", "oper_up"}


_TRANSFORM = {name: fn for name, (fn, _rule) in tf.TRANSFORMS.items()}
_TEXT, _MAC, _INT, _BOOL = "text", "mac", "int", "bool"
# each row type's fields in constructor order, with the conversion its value gets
_FIELDS = {
    kind: tuple((name, _MAC if name in MAC_FIELDS else _INT if name in INT_FIELDS else _BOOL if name in BOOL_FIELDS else _TEXT)
                for name in row_type.__dataclass_fields__)
    for kind, row_type in ROW_TYPES.items()
}
_IF_INDEX = [name for name, _how in _FIELDS["interfaces"]].index("index")
_IF_BITS = [name for name, _how in _FIELDS["interfaces"]].index("counter_bits")


@dataclass
class Evaluation:
    rows: dict[str, list[Any]] = field(default_factory=dict)  # kind -> list of row dataclasses
    clients_total: int | None = None
    clients_source: str | None = None  # which source of clients_total gave the number
    errors: list[str] = field(default_factory=list)
    ap_client_rows: tuple[int, ...] = ()  # per row of rows["aps"]: see per_ap_client_rows


class _Evaluator:
    def __init__(self, profile: Profile, scalars: dict[str, Any], tables: dict[str, Rows]) -> None:
        self.profile = profile
        self.scalars = scalars
        self.tables = tables
        self.errors: list[str] = []
        self._index_cache: dict[tuple, dict[Any, Any]] = {}

    def _error(self, message: str) -> None:
        if message not in self.errors and len(self.errors) < 50:
            self.errors.append(message)

    def value(self, spec: Spec, table: str, index: tuple[int, ...], row: dict[str, Any], where: str) -> Any:
        kind, arg = spec.kind, spec.arg
        if kind == "column":
            raw = row.get(arg)
        elif kind == "index":
            raw = index[arg[0] : arg[1]]
        elif kind == "scalar":
            raw = self.scalars.get(arg)
        elif kind == "const":
            raw = arg
        elif kind == "lookup":
            key = self.value(arg.key, table, index, row, where) if arg.key else index
            target = self._keyed(arg.table, arg.on, unique=True, depth=None, where=where).get(key)
            raw = target.get(arg.column) if target is not None else None
        elif kind == "aggregate":
            key = self.value(arg.key, table, index, row, where) if arg.key else index
            children = self._keyed(arg.table, arg.on, unique=False, depth=None if arg.on else len(index), where=where).get(key, [])
            raw = self._safe_aggregate(arg.op, [c.get(arg.column) for c in children] if arg.column else children, where)
            if raw is None and not children and arg.op in ("sum", "count") and self.tables.get(arg.table):
                raw = 0  # the child table answered and this row has no children: zero, not unknown
        elif kind == "coalesce":
            raw = None
            for sub in arg:
                raw = self.value(sub, table, index, row, where)
                if raw is not None:
                    break
        else:  # pragma: no cover - the loader admits only the kinds above
            raise AssertionError(kind)
        transforms = spec.transforms
        if not transforms or raw is None:
            return raw
        value = raw
        try:
            for name, targ in transforms:  # tf.apply, inlined: this runs for every field of every row
                value = _TRANSFORM[name](value, targ)
                if value is None:
                    return None
            return value
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            self._error(f"{self.profile.name}: {where}: cannot transform {raw!r}: {exc}")
            return None

    def _safe_aggregate(self, op: str, values: list[Any], where: str) -> Any:
        """An agent may send text where a count belongs: that value is skipped and reported."""
        try:
            return _aggregate(op, values)
        except TypeError:
            if op in ("count", "first"):
                raise
            numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            self._error(f"{self.profile.name}: {where}: non-numeric values ignored in {op}")
            return _aggregate(op, numbers)

    def _keyed(self, table: str, on: Spec | None, unique: bool, depth: int | None, where: str) -> dict[Any, Any]:
        cache_key = (table, id(on), unique, depth)
        if cache_key not in self._index_cache:
            out: dict[Any, Any] = {}
            for idx, row in self.tables.get(table, {}).items():
                key = self.value(on, table, idx, row, where) if on is not None else (idx[:depth] if depth is not None else idx)
                if key is None:
                    continue
                if unique:
                    out.setdefault(key, row)
                else:
                    out.setdefault(key, []).append(row)
            self._index_cache[cache_key] = out
        return self._index_cache[cache_key]

    def output(self, output: Output) -> list[Any]:
        computed: list[dict[str, Any]] = []
        groups: dict[Any, list[dict[str, Any]]] = {}
        # the fields skip_if tests are evaluated first: a dropped row never evaluates (or errors in)
        # the others (alcatel-stellar keeps the client rows of a whole walked subtree this way)
        tested = {s.field for s in output.skip_if if s.field in output.fields}
        first = [(name, spec, f"{output.kind}.{name}") for name, spec in output.fields.items() if name in tested]
        # a column without transforms is the most common field: read directly, not through value()
        plain = [(name, spec.arg) for name, spec in output.fields.items()
                 if name not in tested and spec.kind == "column" and not spec.transforms]
        fields = [(name, spec, f"{output.kind}.{name}") for name, spec in output.fields.items()
                  if name not in tested and (spec.kind != "column" or spec.transforms)]
        value = self.value
        skip_if = output.skip_if
        for table in output.tables:
            rows = self.tables.get(table, {})
            for index in sorted(rows):
                row = rows[index]
                values = {name: value(spec, table, index, row, where) for name, spec, where in first} if first else {}
                if skip_if and any(values.get(s.field) in s.values for s in skip_if):
                    continue
                get = row.get
                for name, arg in plain:
                    values[name] = get(arg)
                for name, spec, where in fields:
                    values[name] = value(spec, table, index, row, where)
                if output.group_by is None:
                    computed.append(values)
                else:
                    group = self.value(output.group_by, table, index, row, f"{output.kind}.group_by")
                    groups.setdefault(group, []).append(values)
        for members in groups.values():
            computed.append(
                {name: self._safe_aggregate(spec.agg, [m[name] for m in members], f"{output.kind}.{name}")
                 for name, spec in output.fields.items()}
            )
        typed = self._typed
        return [typed(output.kind, values) for values in computed]

    def _typed(self, kind: str, values: dict[str, Any]) -> Any:
        out = []
        get = values.get
        for name, how in _FIELDS[kind]:
            value = get(name)
            if value is not None:
                try:
                    if how is _TEXT:
                        if value.__class__ is not str:
                            value = tf.to_string(value)
                    elif how is _MAC:
                        value = normalise_mac(value, strict=True)
                    elif how is _INT:
                        value = int(value) if not isinstance(value, (bytes, tuple)) else tf.to_int(value)
                    else:
                        value = bool(value)
                except (ValueError, TypeError) as exc:
                    self._error(f"{self.profile.name}: {kind}.{name}: bad value {value!r}: {exc}")
                    value = None
            out.append(value)
        if kind == "interfaces":
            index, bits = _IF_INDEX, _IF_BITS
            if out[index] is None:
                out[index] = -1
            if out[bits] not in (32, 64):
                out[bits] = 32
        return ROW_TYPES[kind](*out)


def _aggregate(op: str, values: list[Any]) -> Any:
    if op == "count":
        return len(values)
    present = [v for v in values if v is not None]
    if op == "first":
        return present[0] if present else None
    if not present:
        return None
    if op == "sum":
        return sum(present)
    if op == "max":
        return max(present)
    if op == "min":
        return min(present)
    raise AssertionError(op)  # pragma: no cover


def evaluate(profile: Profile, scalars: dict[str, Any], tables: dict[str, Rows]) -> Evaluation:
    """Apply a profile to fetched values. Never raises for odd data: bad values become None + error."""
    ev = _Evaluator(profile, scalars, tables)
    result = Evaluation()
    for kind in ROW_TYPES:
        output = profile.outputs.get(kind)
        result.rows[kind] = ev.output(output) if output is not None else []
    if profile.clients_total is not None and profile.clients_total.sources:
        result.clients_total, result.clients_source = _total(profile.clients_total.sources, scalars, result.rows)
    result.errors = ev.errors
    result.ap_client_rows = per_ap_client_rows(result.rows["aps"], result.rows["clients"])
    return result


def per_ap_client_rows(aps: list[Any], clients: list[Any]) -> tuple[int, ...]:
    """For each AP row, the client rows on that AP (by the AP's name or MAC): the per-AP count of a
    controller that lists APs and clients but no count per AP (`PollResult.ap_clients`)."""
    if not clients:
        return (0,) * len(aps)
    # counted per name, per MAC and per (name, MAC), not by scanning the clients for each AP: a client
    # naming the AP both ways counts once (tests/foundation/test_fnd008_ap_clients.py checks the scan's answer)
    by_name: dict[Any, int] = {}
    by_mac: dict[Any, int] = {}
    both: dict[Any, int] = {}
    for c in clients:
        name, mac = c.ap, c.ap_mac
        if name:
            by_name[name] = by_name.get(name, 0) + 1
            if mac:
                both[name, mac] = both.get((name, mac), 0) + 1
        if mac:
            by_mac[mac] = by_mac.get(mac, 0) + 1
    return tuple(by_name.get(row.name, 0) + by_mac.get(row.mac, 0) - both.get((row.name, row.mac), 0) for row in aps)


def _count(source: Source, scalars: dict[str, Any], rows: dict[str, list[Any]]) -> int | None:
    """A source's count; None when it has nothing to say (no rows, no value)."""
    if source.kind == "scalar":
        value = scalars.get(source.scalar)
        if isinstance(value, (bytes, bytearray, str)):  # a count printed as text (net-snmp extend output)
            text = (value.decode("ascii", "replace") if isinstance(value, (bytes, bytearray)) else value).strip()
            value = int(text) if text.isascii() and text.isdigit() else None
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
    if source.kind == "clients":
        return len(rows["clients"]) or None
    counts = [r.clients for r in rows[source.kind] if r.clients is not None]
    return sum(counts) if counts else None


def _total(sources: tuple[Source, ...], scalars: dict[str, Any], rows: dict[str, list[Any]]) -> tuple[int, str | None]:
    """The first source in preference order with a non-zero count; a source answering 0 (or an
    empty table) gives way to the next, since controllers often publish a per-AP or per-WLAN
    count where the station table is empty or absent. All silent or zero: 0 clients."""
    zero = None
    for source in sources:
        n = _count(source, scalars, rows)
        label = source.kind if source.kind != "scalar" else f"scalar:{source.scalar}"
        if n:
            return n, label
        if n == 0 and zero is None:
            zero = label
    return 0, zero


def tables_from_walk(profile: Profile, columns: dict[tuple[int, ...], list[tuple[tuple[int, ...], Any]]]) -> dict[str, Rows]:
    """{column oid: [(index, value)]} -> {table: {index: {column name: value}}} for the profile's tables."""
    out: dict[str, Rows] = {}
    for tname, table in profile.tables.items():
        rows: Rows = {}
        for cname, col in table.columns.items():
            for index, value in columns.get(col.oid, ()):
                rows.setdefault(index, {})[cname] = value
        if table.rows is not None:
            rows = {i: r for i, r in rows.items() if table.rows in r}
        out[tname] = rows
    return out
