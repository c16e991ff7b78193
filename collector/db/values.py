"""What PostgreSQL accepts, checked before anything is written.

A value the server would reject fails a whole COPY or transaction; one bad line
must never hold back the lines around it. Every writer checks its rows here
first and sends what fails to the quarantine with the reason returned:

- `text`: no NUL character (PostgreSQL text cannot hold U+0000);
- `inet`: an IPv4/IPv6 address, optionally with a prefix (what `inet` parses);
- integers: the column's range (`int2`, `int4`, `int8`); counters and
  durations are never negative.

`problem_*` functions return None for an acceptable value, else a short reason.
`printable` makes any text storable (for the quarantined line itself).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

INT2 = (-(2**15), 2**15 - 1)
INT4 = (-(2**31), 2**31 - 1)
INT8 = (-(2**63), 2**63 - 1)
NUL = "\x00"

# the SQLSTATE classes a row can cause (as opposed to the server being away):
# 22 data exception, 23 integrity constraint violation, 54 program limit exceeded
ROW_ERROR_CLASSES = ("22", "23", "54")


def printable(text: str | None) -> str | None:
    """`text` with NUL characters replaced by U+FFFD, so it can be stored."""
    if text is None or NUL not in text:
        return text
    return text.replace(NUL, "\ufffd")


@lru_cache(maxsize=65536)
def _inet_ok(value: str) -> bool:
    try:
        ipaddress.ip_interface(value)
    except ValueError:
        return False
    return True


def problem_inet(name: str, value: str | None) -> str | None:
    if value is None or _inet_ok(value):
        return None
    return f"invalid {name} address {value[:60]!r}"


def problem_int(name: str, value, bounds: tuple[int, int] = INT8, *, counter: bool = False) -> str | None:
    """`counter`: a count, size or duration (never negative)."""
    if value is None:
        return None
    if type(value) is not int and not isinstance(value, int):
        return f"{name} is not an integer: {value!r}"[:120]
    if counter and value < 0:
        return f"negative {name} {value}"
    lo, hi = bounds
    if value < lo or value > hi:
        return f"{name} {value} out of range"
    return None


def is_row_error(exc: BaseException) -> bool:
    """True for errors a row's content can cause (on the server, or while the
    client formats it: psycopg's DataError, an int too large for its column's
    binary format); False for the server being away."""
    import psycopg

    if isinstance(exc, OverflowError):
        return True
    state = getattr(exc, "sqlstate", None)
    if state:
        return state[:2] in ROW_ERROR_CLASSES
    return isinstance(exc, (psycopg.DataError, psycopg.IntegrityError))


# ---------------------------------------------------------------------- poll results

# (row field -> (column range, counter?)) for the integer fields of poll results; text fields lose NULs
_POLL_INTS = {"sys_uptime_ticks": (INT8, True), "clients_total": (INT4, True)}
_ROW_INTS = {
    "aps": {"clients": (INT4, True)},
    "ssids": {"clients": (INT4, True)},
    "radios": {"channel": (INT4, False), "clients": (INT4, True)},
    "clients": {"rssi_dbm": (INT2, False), "rx_bytes": (INT8, True), "tx_bytes": (INT8, True)},
    "interfaces": {"index": (INT4, False), "in_octets": ((0, 2**64 - 1), True), "out_octets": ((0, 2**64 - 1), True)},
}


def _clean_fields(obj, ints: dict, where: str, problems: list[str]):
    import dataclasses

    changes = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, str) and NUL in v:
            changes[f.name] = printable(v)
            problems.append(f"{where}{f.name}: NUL replaced")
        elif f.name in ints and v is not None:
            bounds, counter = ints[f.name]
            bad = problem_int(f.name, v, bounds, counter=counter)
            if bad is not None:
                changes[f.name] = None
                problems.append(f"{where}{bad}")
    return dataclasses.replace(obj, **changes) if changes else obj


def clean_poll(result) -> tuple[object, list[str]]:
    """A poll result (collector.snmp.model.PollResult) every value of which the
    database accepts: NULs replaced, out-of-range or negative integers dropped
    (None); and what was changed, for the quarantine. Rows whose key column
    would be dropped (an interface index) are left out."""
    import dataclasses

    problems: list[str] = []
    top = _clean_fields(result, _POLL_INTS, "", problems)
    changes = {}
    for name, ints in _ROW_INTS.items():
        rows = getattr(top, name)
        if not rows:
            continue
        cleaned = []
        for i, row in enumerate(rows):
            new = _clean_fields(row, ints, f"{name}[{i}].", problems)
            if name == "interfaces" and new.index is None:
                continue
            if name in ("ssids", "radios") and new.clients is None and row.clients is not None:
                continue
            cleaned.append(new)
        if len(problems) and (len(cleaned) != len(rows) or any(a is not b for a, b in zip(cleaned, rows))):
            changes[name] = tuple(cleaned)
    if changes:
        top = dataclasses.replace(top, **changes)
    if any(NUL in e for e in top.errors):
        top = dataclasses.replace(top, errors=tuple(printable(e) for e in result.errors))
    return top, problems
