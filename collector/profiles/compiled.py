"""The profile engine's fast path: a profile compiled once into per-field column functions, run over
the walked columns without per-row dicts.

    ev = evaluate_walk(profile, scalars, columns)   # == engine.evaluate(profile, scalars, tables_from_walk(...))

The reference evaluator (`engine.evaluate`) goes row by row: a dict per row, each field's spec
dispatched per row, then a typed conversion per field. Here each field of an output is computed
for all rows of a table at once (a column lookup is `map(column.get, indexes)`), the transforms
and typed conversions run over whole columns, and the rows are built by position. The result is
the reference's, exactly: whenever anything unusual happens (a transform or a conversion raising,
an aggregate over text, an unhashable key), the fast path gives up and the reference evaluator
runs instead, so every error message, its wording and its order come from one place
(`engine._Evaluator`). The fast path evaluates every (row, field) the reference does (it may
evaluate more only where the reference would produce the same value), so a fast result without an
exception is a reference result without errors. tests/snmp/test_snmp016_compiled.py checks both
against each other over every recording and every profile.

Size: about 420 lines, kept together: the spec compiler, the column transforms and the output
assembly share one data layout (columns by table, rows by sorted index).
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from typing import Any, Callable

from collector.identifiers import normalise_mac
from collector.profiles import engine
from collector.profiles import transforms as tf
from collector.profiles.model import Output, Profile, Spec
from collector.snmp import decode
from collector.snmp.model import ROW_TYPES

Oid = tuple[int, ...]
Columns = dict[Oid, list[tuple[Oid, Any]]]
ColumnFn = Callable[["_Data", list], list]

_TEXT, _MAC, _INT, _BOOL = engine._TEXT, engine._MAC, engine._INT, engine._BOOL


class _Fallback(Exception):
    """Not worth the fast path: the reference evaluator answers."""


def evaluate_walk(profile: Profile, scalars: dict[str, Any], columns: Columns) -> engine.Evaluation:
    """`engine.evaluate(profile, scalars, engine.tables_from_walk(profile, columns))`, faster."""
    plan = _plans.get(id(profile))
    if plan is None or plan.profile is not profile:
        if len(_plans) > 256:  # profiles reloaded many times: start afresh
            _plans.clear()
        plan = _plans[id(profile)] = _Plan(profile)
    try:
        return plan.run(scalars, columns)
    except Exception:  # noqa: BLE001 - anything unusual: the reference decides (and reports)
        return engine.evaluate(profile, scalars, engine.tables_from_walk(profile, columns))


_plans: dict[int, "_Plan"] = {}


class _Data:
    """One poll's values: {table: {column name: {index: value}}}, built on first use."""

    __slots__ = ("profile", "scalars", "columns", "cols", "rowsets", "orders", "keyed")

    def __init__(self, profile: Profile, scalars: dict[str, Any], columns: Columns) -> None:
        self.profile = profile
        self.scalars = scalars
        self.columns = columns
        self.cols: dict[str, dict[str, dict]] = {}
        self.rowsets: dict[str, Any] = {}
        self.orders: dict[str, list] = {}
        self.keyed: dict[tuple, dict] = {}

    def table(self, name: str) -> dict[str, dict]:
        cols = self.cols.get(name)
        if cols is None:
            table = self.profile.tables.get(name)
            get = self.columns.get
            cols = {} if table is None else {c: dict(get(col.oid, ())) for c, col in table.columns.items()}
            self.cols[name] = cols
        return cols

    def rowset(self, name: str):
        """The table's row indexes (as a dict's keys or a set): `tables_from_walk`'s rows."""
        rows = self.rowsets.get(name)
        if rows is None:
            table = self.profile.tables.get(name)
            cols = self.table(name)
            if table is None:
                rows = {}
            elif table.rows is not None:
                rows = cols.get(table.rows, {}).keys()
            else:
                rows = set()
                for col in cols.values():
                    rows.update(col)
            self.rowsets[name] = rows
        return rows

    def order(self, name: str) -> list:
        """The table's rows in `tables_from_walk`'s order (first appearance, column by column)."""
        out = self.orders.get(name)
        if out is None:
            seen: dict = {}
            for col in self.table(name).values():
                seen.update(col)
            rows = self.rowset(name)
            out = self.orders[name] = [i for i in seen if i in rows] if len(seen) != len(rows) else list(seen)
        return out


class _Plan:
    """A profile's outputs compiled into column functions (built once per profile)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.outputs = [(kind, _OutputPlan(profile, profile.outputs[kind]) if kind in profile.outputs else None)
                        for kind in ROW_TYPES]

    def run(self, scalars: dict[str, Any], columns: Columns) -> engine.Evaluation:
        data = _Data(self.profile, scalars, columns)
        result = engine.Evaluation()
        rows = result.rows
        for kind, plan in self.outputs:
            rows[kind] = plan.run(data) if plan is not None else []
        profile = self.profile
        if profile.clients_total is not None and profile.clients_total.sources:
            result.clients_total, result.clients_source = engine._total(profile.clients_total.sources, scalars, rows)
        result.ap_client_rows = engine.per_ap_client_rows(rows["aps"], rows["clients"])
        return result


class _OutputPlan:
    def __init__(self, profile: Profile, output: Output) -> None:
        self.output = output
        self.kind = output.kind
        tested = {s.field for s in output.skip_if if s.field in output.fields}
        self.first = [name for name in output.fields if name in tested]
        self.rest = [name for name in output.fields if name not in tested]
        self.skip_if = [(s.field, s.values) for s in output.skip_if]
        # per table of the output: each field's column function, and the group key's
        self.fns = {t: {name: _compile(spec, t) for name, spec in output.fields.items()} for t in output.tables}
        self.group = {t: _compile(output.group_by, t) for t in output.tables} if output.group_by is not None else None
        fields = engine._FIELDS[self.kind]
        # each row field: the output field giving it (or None) and its conversion; a value from the
        # `mac` transform is already normalised, one from `string` already text
        self.typed = []
        for name, how in fields:
            spec = output.fields.get(name)
            last = spec.transforms[-1][0] if spec is not None and spec.transforms and output.group_by is None else None
            done = (how is _MAC and last == "mac") or (how is _TEXT and last == "string")
            self.typed.append((name if spec is not None else None, None if done else how))
        self.row_type = ROW_TYPES[self.kind]
        self.slots = [getattr(self.row_type, name) for name, _how in fields]  # member descriptors, by position

    def run(self, data: _Data) -> list:
        output = self.output
        values: dict[str, list] = {name: [] for name in output.fields}
        total = 0  # rows kept so far
        groups: dict[Any, list[int]] | None = {} if self.group is not None else None
        group_values: dict[str, list] = {name: [] for name in output.fields}
        for table in output.tables:
            idxs = sorted(data.rowset(table))
            if not idxs:
                continue
            fns = self.fns[table]
            got: dict[str, list] = {}
            for name in self.first:
                got[name] = fns[name](data, idxs)
            if self.skip_if:
                n = len(idxs)
                none = [None] * n
                keep = list(range(n))
                for field, skip in self.skip_if:
                    col = got.get(field, none)
                    keep = [k for k in keep if col[k] not in skip]
                if len(keep) != n:
                    idxs = [idxs[k] for k in keep]
                    got = {name: [col[k] for k in keep] for name, col in got.items()}
                    if not idxs:
                        continue
            for name in self.rest:
                got[name] = fns[name](data, idxs)
            if groups is None:
                for name, col in got.items():
                    values[name].extend(col)
            else:
                for name, col in got.items():
                    group_values[name].extend(col)
                for k, key in enumerate(self.group[table](data, idxs), total):
                    groups.setdefault(key, []).append(k)
            total += len(idxs)
        if groups is not None:
            for name, spec in output.fields.items():
                col = group_values[name]
                values[name] = [engine._aggregate(spec.agg, [col[m] for m in members]) for members in groups.values()]
        n = total if groups is None else len(groups)
        if not n:
            return []
        columns = []
        none = None
        for name, how in self.typed:
            if name is None:
                if none is None:
                    none = [None] * n
                columns.append(none)
                continue
            col = values[name]
            if how is _TEXT:
                col = [v if v is None or v.__class__ is str else tf.to_string(v) for v in col]
            elif how is _MAC:
                col = list(map(_mac_strict, col))
            elif how is _INT:
                col = [v if v is None or v.__class__ is int else _to_int(v) for v in col]
            elif how is _BOOL:
                col = [v if v is None or v.__class__ is bool else bool(v) for v in col]
            columns.append(col)
        if self.kind == "interfaces":
            index, bits = engine._IF_INDEX, engine._IF_BITS
            columns[index] = [-1 if v is None else v for v in columns[index]]
            columns[bits] = [v if v in (32, 64) else 32 for v in columns[bits]]
        return _rows(self.row_type, self.slots, columns, n)


def _rows(row_type: type, slots: list, columns: list[list], n: int) -> list:
    """`list(map(row_type, *columns))` without the frozen dataclass's __init__ (one
    object.__setattr__ call per field, ~2 us a row): each slot is set column by column through its
    member descriptor, which is what that __init__ does. The row types have no __post_init__
    (tests/snmp/test_snmp016_compiled.py checks the rows equal the constructor's)."""
    rows = list(map(object.__new__, repeat(row_type, n)))
    for slot, col in zip(slots, columns):
        any(map(slot.__set__, rows, col))  # __set__ returns None: consumes the whole column
    return rows


def _to_int(value: Any) -> int:
    return int(value) if not isinstance(value, (bytes, tuple)) else tf.to_int(value)


def _mac_strict(value: Any) -> str | None:
    if value.__class__ is tuple and len(value) == 6:
        return bytes(value).hex(":")  # what normalise_mac does with six index parts (ValueError past 255)
    if value.__class__ is bytes and len(value) == 6:
        return value.hex(":")
    return normalise_mac(value, strict=True)


class _Memo(dict):
    """Octets -> a pure function of them (text, MAC), computed on first sight. Keyed by bytes only:
    1 == True as keys, but their text differs."""

    def __init__(self, fn: Callable[[bytes], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: bytes) -> Any:
        value = self[key] = self.fn(key)
        return value


# shared by every poll: the same names, SSIDs and MACs come back poll after poll; emptied past
# _MEMO_MAX entries (a 1,000-AP fleet of 30 clients has ~40,000 MACs)
_TEXTS = _Memo(decode.text)
_MACS = _Memo(_mac_strict)
_MEMO_MAX = 100_000


def _bounded(memo: _Memo, col: list) -> list:
    if len(memo) > _MEMO_MAX:
        memo.clear()
    return col


# ------------------------------------------------------------------------------ spec compiler


def _compile(spec: Spec, table: str) -> ColumnFn:
    """spec evaluated on rows `idxs` of `table` -> their values, as `_Evaluator.value` would."""
    source = _source(spec, table)
    if not spec.transforms:
        return source
    steps = [_column_transform(name, arg) for name, arg in spec.transforms]

    def transformed(data: _Data, idxs: list) -> list:
        col = source(data, idxs)
        for step in steps:
            col = step(col)
        return col

    return transformed


def _source(spec: Spec, table: str) -> ColumnFn:
    kind, arg = spec.kind, spec.arg
    if kind == "column":
        def column(data: _Data, idxs: list) -> list:
            col = data.table(table).get(arg)
            return list(map(col.get, idxs)) if col is not None else [None] * len(idxs)
        return column
    if kind == "index":
        get = itemgetter(slice(arg[0], arg[1]))
        return lambda data, idxs: list(map(get, idxs))
    if kind == "scalar":
        return lambda data, idxs: [data.scalars.get(arg)] * len(idxs)
    if kind == "const":
        return lambda data, idxs: [arg] * len(idxs)
    if kind == "lookup":
        key = _compile(arg.key, table) if arg.key is not None else None
        on = _compile(arg.on, arg.table) if arg.on is not None else None
        cache = ("lookup", arg.table, id(arg.on))

        def lookup(data: _Data, idxs: list) -> list:
            keyed = data.keyed.get(cache)
            if keyed is None:
                order = data.order(arg.table)
                keys = on(data, order) if on is not None else order
                keyed = {}
                for k, i in zip(keys, order):
                    if k is not None and k not in keyed:
                        keyed[k] = i
                data.keyed[cache] = keyed
            keys = key(data, idxs) if key is not None else idxs
            found = list(map(keyed.get, keys))  # as the reference: the key is looked up even without the column
            target = data.table(arg.table).get(arg.column)
            return list(map(target.get, found)) if target is not None else [None] * len(idxs)
        return lookup
    if kind == "aggregate":
        key = _compile(arg.key, table) if arg.key is not None else None
        on = _compile(arg.on, arg.table) if arg.on is not None else None
        op, column = arg.op, arg.column
        aggregate_ = engine._aggregate

        def aggregate(data: _Data, idxs: list) -> list:
            keys = key(data, idxs) if key is not None else idxs
            source_col = data.table(arg.table).get(column) if column else None
            # no children: count 0; sum 0 when the child table answered (zero, not unknown); else None
            default = 0 if op == "count" or (op == "sum" and data.rowset(arg.table)) else None
            if on is not None:
                depths = None
            else:
                depths = set(map(len, idxs))
                if len(depths) == 1:
                    depths = depths.pop()
            out = []
            append = out.append
            keyed = None if isinstance(depths, set) else _keyed(data, arg.table, arg.on, on, depths)
            for k, idx in zip(keys, idxs):
                children = (keyed if keyed is not None else _keyed(data, arg.table, arg.on, on, len(idx))).get(k) \
                    if k is not None else None
                if not children:
                    append(default)
                elif column:
                    append(aggregate_(op, list(map(source_col.get, children)) if source_col is not None else [None] * len(children)))
                else:
                    append(aggregate_(op, children))
            return out
        return aggregate
    if kind == "coalesce":
        subs = [_compile(sub, table) for sub in arg]

        def coalesce(data: _Data, idxs: list) -> list:
            out = subs[0](data, idxs)
            for sub in subs[1:]:
                missing = [k for k, v in enumerate(out) if v is None]
                if not missing:
                    break
                for k, v in zip(missing, sub(data, [idxs[k] for k in missing])):
                    out[k] = v
            return out
        return coalesce
    raise _Fallback(kind)  # pragma: no cover - the loader admits only the kinds above


def _keyed(data: _Data, table: str, on_spec: Any, on: ColumnFn | None, depth: int | None) -> dict:
    cache = ("aggregate", table, id(on_spec), depth)
    keyed = data.keyed.get(cache)
    if keyed is None:
        keyed = data.keyed[cache] = _children(data, table, on, depth)
    return keyed


def _children(data: _Data, table: str, on: ColumnFn | None, depth: int | None) -> dict:
    order = data.order(table)
    keys = on(data, order) if on is not None else (order if depth is None else [i[:depth] for i in order])
    out: dict[Any, list] = {}
    for k, i in zip(keys, order):
        if k is not None:
            out.setdefault(k, []).append(i)
    return out


# ------------------------------------------------------------------------- column transforms


def _column_transform(name: str, arg: Any) -> Callable[[list], list]:
    """A transform over a column: None stays None, as in the reference's per-value loop."""
    if name == "string":
        text, memo = decode.text, _TEXTS
        return lambda col: [memo[v] if v.__class__ is bytes else text(v) for v in _bounded(memo, col)]  # text(None) is None
    if name == "mac":
        memo = _MACS
        return lambda col: [memo[v] if v.__class__ is bytes else None if v is None else _mac_strict(v) for v in _bounded(memo, col)]
    if name == "equals":
        target = str(arg)
        return lambda col: [None if v is None else str(v) == target for v in col]
    if name == "map":
        table: dict[str, Any] = {}
        for k, v in arg.items():
            table.setdefault(str(k), v)
        default = arg.get("_default")
        to_string = tf.to_string

        def mapped(col: list) -> list:
            return [None if v is None else table.get(to_string(v) if isinstance(v, (bytes, tuple)) else str(v), default)
                    for v in col]
        return mapped
    fn = tf.TRANSFORMS[name][0]
    return lambda col: [None if v is None else fn(v, arg) for v in col]
