"""Parsing of the small pieces of a profile file: field specs and transform lists (strict)."""

from __future__ import annotations

import re
from typing import Any

from collector.profiles import transforms as tf
from collector.profiles.model import AGGREGATE_OPS, Aggregate, Lookup, ProfileError, Spec

SOURCE_KEYS = ("column", "index", "scalar", "const", "lookup", "aggregate", "coalesce")
OID_RE = re.compile(r"^\d+(\.\d+)+$")


class Ctx:
    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(f"{self.file}: {key}: {message}")

    def mapping(self, value: Any, key: str, allowed: set[str] | tuple[str, ...] | None = None) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a mapping, got {type(value).__name__}")
        if allowed is not None:
            unknown = sorted(set(map(str, value)) - set(allowed))
            if unknown:
                raise self.fail(f"{key}.{unknown[0]}" if key else unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")
        return value

    def oid(self, value: Any, key: str) -> tuple[int, ...]:
        text = str(value).strip()
        if not OID_RE.match(text):
            raise self.fail(key, f"not a numeric OID: {value!r}")
        return tuple(int(p) for p in text.split("."))


def parse_transforms(ctx: Ctx, value: Any, key: str) -> tuple[tuple[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ctx.fail(key, "expected a list of transforms")
    out = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(item, str):
            name, arg, has_arg = item, None, False
        elif isinstance(item, dict) and len(item) == 1:
            (name, arg), has_arg = next(iter(item.items())), True
        else:
            raise ctx.fail(where, "a transform is a name or a one-key mapping {name: argument}")
        if name not in tf.TRANSFORMS:
            raise ctx.fail(where, f"unknown transform {name!r} (known: {', '.join(sorted(tf.TRANSFORMS))})")
        rule = tf.TRANSFORMS[name][1]
        if rule == tf.NEEDS_ARG and not has_arg:
            raise ctx.fail(where, f"transform {name!r} needs an argument")
        if rule == tf.NO_ARG and has_arg:
            raise ctx.fail(where, f"transform {name!r} takes no argument")
        if name == "map" and not isinstance(arg, dict):
            raise ctx.fail(where, "map: expected a mapping")
        if name == "in" and not isinstance(arg, list):
            raise ctx.fail(where, "in: expected a list")
        if name in ("scale", "offset") and not isinstance(arg, (int, float)):
            raise ctx.fail(where, f"{name}: expected a number")
        if name == "regex":
            try:
                re.compile(arg)
            except re.error as exc:
                raise ctx.fail(where, f"bad regex: {exc}") from None
        out.append((name, arg))
    return tuple(out)


def parse_spec(ctx: Ctx, value: Any, key: str, grouped: bool = False) -> Spec:
    if isinstance(value, str):  # shorthand: "name" means {column: name}
        value = {"column": value}
    allowed = {*SOURCE_KEYS, "transforms", "agg"}
    raw = ctx.mapping(value, key, allowed)
    sources = [k for k in SOURCE_KEYS if k in raw]
    if len(sources) != 1:
        raise ctx.fail(key, f"exactly one source needed ({', '.join(SOURCE_KEYS)}), got {sources or 'none'}")
    kind = sources[0]
    arg = raw[kind]
    where = f"{key}.{kind}"
    if kind in ("column", "scalar"):
        if not isinstance(arg, str):
            raise ctx.fail(where, "expected a name")
    elif kind == "index":
        if not (isinstance(arg, list) and len(arg) == 2 and all(a is None or isinstance(a, int) for a in arg)):
            raise ctx.fail(where, "expected [start, end] (python slice of the index parts; end may be null)")
        arg = (arg[0], arg[1])
    elif kind == "lookup":
        m = ctx.mapping(arg, where, {"table", "column", "key", "by"})
        for req in ("table", "column"):
            if req not in m:
                raise ctx.fail(f"{where}.{req}", "required")
        arg = Lookup(
            table=m["table"],
            column=m["column"],
            key=parse_spec(ctx, m["key"], f"{where}.key") if "key" in m else None,
            on=parse_spec(ctx, m["by"], f"{where}.by") if "by" in m else None,
        )
    elif kind == "aggregate":
        m = ctx.mapping(arg, where, {"table", "op", "column", "key", "by"})
        if "table" not in m or "op" not in m:
            raise ctx.fail(where, "table and op are required")
        if m["op"] not in AGGREGATE_OPS:
            raise ctx.fail(f"{where}.op", f"unknown op {m['op']!r} (known: {', '.join(AGGREGATE_OPS)})")
        if m["op"] != "count" and "column" not in m:
            raise ctx.fail(f"{where}.column", f"required for op {m['op']}")
        arg = Aggregate(
            table=m["table"],
            op=m["op"],
            column=m.get("column"),
            key=parse_spec(ctx, m["key"], f"{where}.key") if "key" in m else None,
            on=parse_spec(ctx, m["by"], f"{where}.by") if "by" in m else None,
        )
    elif kind == "coalesce":
        if not isinstance(arg, list) or not arg:
            raise ctx.fail(where, "expected a non-empty list of field specs")
        arg = tuple(parse_spec(ctx, sub, f"{where}[{i}]") for i, sub in enumerate(arg))
    agg = raw.get("agg", "first")
    if agg not in AGGREGATE_OPS:
        raise ctx.fail(f"{key}.agg", f"unknown aggregation {agg!r} (known: {', '.join(AGGREGATE_OPS)})")
    if "agg" in raw and not grouped:
        raise ctx.fail(f"{key}.agg", "only allowed in an output with group_by")
    return Spec(kind=kind, arg=arg, transforms=parse_transforms(ctx, raw.get("transforms"), f"{key}.transforms"), agg=agg)
