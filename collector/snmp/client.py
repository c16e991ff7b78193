"""SNMP sessions: GET and multi-column GETBULK walks over raw numeric OIDs. No pysnmp import here.

Everything returned is plain Python: OIDs as tuples of ints, values as int / bytes / str
(dotted OID or IPv4 text). Errors are `collector.snmp.errors` exceptions. MIBs are never loaded.

The session owns the walk logic; what carries a request is a channel, by job:
- `collector.snmp.transport`: v1/v2c over a datagram socket of the session's own, requests encoded
  and v2c responses decoded by the strict BER codec (`collector.snmp.ber`), anything else decoded
  by pysnmp's message-level codec (`collector.snmp.pyasn1_codec`). The SNMP engine would only
  compare the community string, as the transport does.
- `collector.snmp.usm`: SNMPv3 through pysnmp's SNMP engine (USM), imported only for v3 targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collector.snmp import ber
from collector.snmp.ber import END
from collector.snmp.errors import SnmpAuthError, SnmpError, SnmpProtocolError
from collector.snmp.model import SnmpTarget
from collector.snmp.transport import Channel

Oid = tuple[int, ...]

MAX_ROWS_PER_COLUMN = 200_000  # hard stop for agents that keep inventing rows
MAX_VARBINDS_PER_REQUEST = 60  # snmpsim answers at most 64; keeps responses to a few kB
FIRST_REPETITIONS = 6  # first GETBULK of a walk asks this many rows, then x2 per round

# RFC 3416 error-status names, for messages
ERROR_STATUS = ("noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
                "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
                "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
                "inconsistentName")
_AUTH_STATUSES = {6, 16}  # noAccess, authorizationError (RFC 3416)


def oid_text(oid: Oid) -> str:
    return ".".join(map(str, oid))


def status_name(status: int) -> str:
    return ERROR_STATUS[status] if 0 <= status < len(ERROR_STATUS) else str(status)


@dataclass(slots=True)
class WalkResult:
    """Columns walked: {column oid: [(index, value), ...]} in agent order (increasing)."""

    columns: dict[Oid, list[tuple[Oid, Any]]] = field(default_factory=dict)
    partial: bool = False
    errors: list[str] = field(default_factory=list)
    varbinds: int = 0
    silent: bool = False  # the agent stopped answering (timeout/unreachable) during this walk


class SnmpSession:
    """One agent. Create with `await SnmpSession.open(target, engine)` (share one engine per event
    loop), use, then `close()` (or `async with`)."""

    def __init__(self, target: SnmpTarget, channel: Any) -> None:
        self.target = target
        self._channel = channel
        self.varbinds = 0
        self.max_varbinds = MAX_VARBINDS_PER_REQUEST

    @classmethod
    async def open(cls, target: SnmpTarget, engine: Any | None = None) -> SnmpSession:
        if target.version in ("1", "2c"):
            return cls(target, await Channel.open(target))
        from collector.snmp import usm

        return cls(target, await usm.UsmChannel.open(target, _snmp_engine(engine if engine is not None else new_engine())))

    def close(self) -> None:
        self._channel.close()

    async def __aenter__(self) -> SnmpSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    async def get(self, oids: list[Oid]) -> dict[Oid, Any]:
        """GET scalars; missing objects map to None. Splits large requests."""
        out: dict[Oid, Any] = {}
        v1 = self.target.version == "1"
        for start in range(0, len(oids), MAX_VARBINDS_PER_REQUEST):
            chunk = oids[start : start + MAX_VARBINDS_PER_REQUEST]
            status, _index, var_binds = await self._channel.request(ber.GET, chunk)
            if status:
                if v1 and status == 2 and len(chunk) > 1:
                    # v1 noSuchName fails the whole PDU: fall back to one OID per request
                    for oid in chunk:
                        out.update(await self.get([oid]))
                    continue
                if v1 and status == 2:
                    out[chunk[0]] = None
                    continue
                raise _status_error(self.target, status)
            for oid, (_name, value) in zip(chunk, var_binds):
                self.varbinds += 1
                out[oid] = None if value is END else value
        return out

    async def first_under(self, prefixes: list[Oid]) -> dict[Oid, Any]:
        """One GETNEXT per chunk: each prefix -> (index under it, value) of the first object under it,
        None when the next object lies outside it (the agent has nothing there)."""
        out: dict[Oid, Any] = {}
        for start in range(0, len(prefixes), MAX_VARBINDS_PER_REQUEST):
            chunk = prefixes[start : start + MAX_VARBINDS_PER_REQUEST]
            status, _index, var_binds = await self._channel.request(ber.GETNEXT, chunk, columns=chunk)
            if status:
                if self.target.version == "1" and status == 2:  # v1 noSuchName: past the end of the MIB
                    if len(chunk) > 1:
                        for prefix in chunk:
                            out.update(await self.first_under([prefix]))
                    else:
                        out[chunk[0]] = None
                    continue
                raise _status_error(self.target, status)
            for prefix, (index, value) in zip(chunk, var_binds):
                self.varbinds += 1
                out[prefix] = None if index is None or value is END else (index, value)
        return out

    async def walk(self, columns: list[Oid], expected_rows: int | None = None) -> WalkResult:
        """Walk several table columns side by side (one GETBULK carries every unfinished column).

        Stops a column at the first OID outside it, at endOfMibView, or at a non-increasing OID
        (reported in `errors`). A timeout or error after some rows keeps what arrived: partial.
        `expected_rows` (e.g. the row count of the previous poll) sizes the first request so that
        one GETBULK usually fetches the whole table plus the one row that proves its end.
        """
        result = WalkResult(columns={c: [] for c in columns})
        last: dict[Oid, Oid] = {c: () for c in columns}  # each column's last index
        active = list(dict.fromkeys(columns))
        use_bulk = self.target.version != "1"
        # Decoding dominates the client's cost, so every varbind past the end of a column is
        # waste. Unknown size: start with few repetitions and double them while the columns keep
        # going. Known size (rows of the last poll): the rows plus the one proving the end, spread
        # evenly over the fewest requests the per-request budget allows.
        grow = FIRST_REPETITIONS
        remaining = None if expected_rows is None else max(0, expected_rows) + 1
        request_ = self._channel.request
        while active:
            per_request = active[:MAX_VARBINDS_PER_REQUEST]
            limit = max(1, min(self.target.max_repetitions, MAX_VARBINDS_PER_REQUEST // len(per_request)))
            if remaining is not None and remaining > 0:
                requests = -(-remaining // limit)
                reps = -(-remaining // requests)
            else:
                reps = min(limit, grow)
                grow = max(grow * 2, FIRST_REPETITIONS)
            request = [c + last[c] for c in per_request]
            try:
                # varbinds come as (index under the column, value), index None outside it
                if use_bulk:
                    status, index, var_binds = await request_(ber.GETBULK, request, reps, columns=per_request)
                else:
                    status, index, var_binds = await request_(ber.GETNEXT, request, columns=per_request)
                    reps = 1
            except SnmpError as exc:
                if any(result.columns.values()):
                    result.partial = True
                    result.silent = exc.kind in ("timeout", "unreachable")
                    result.errors.append(f"walk stopped: {exc}")
                    return result
                raise
            if status:
                if not use_bulk and status == 2:  # v1 noSuchName: that column is past the end of the MIB
                    idx = index - 1
                    active.remove(per_request[idx if 0 <= idx < len(per_request) else 0])
                    continue
                if not any(result.columns.values()):
                    raise _status_error(self.target, status)
                result.partial = True
                result.errors.append(f"walk stopped: agent error status {status_name(status)}")
                return result
            n = len(per_request)
            if remaining is not None:
                remaining -= len(var_binds) // n if use_bulk else 1
            finished: set[Oid] = set()
            # a GETBULK answer repeats the requested columns in order: column c's varbinds are
            # var_binds[c::n]; each column is read until its first varbind outside it. The
            # (index, value) pairs are kept as they came.
            for c, column in enumerate(per_request):
                rows = result.columns[column]
                prev = last[column]
                room = MAX_ROWS_PER_COLUMN - len(rows)
                before = len(rows)
                append = rows.append
                for vb in var_binds[c::n]:
                    idx = vb[0]
                    if idx is None or vb[1] is END:
                        finished.add(column)  # the varbind that proves the end is not counted
                        break
                    if idx <= prev:
                        result.errors.append(f"agent returned a non-increasing OID {oid_text(column + idx)}; "
                                             f"column {oid_text(column)} stopped")
                        result.partial = True
                        finished.add(column)
                        before -= 1  # counted as taken, as it was fetched
                        break
                    append(vb)
                    prev = idx
                    room -= 1
                    if not room:
                        result.errors.append(f"column {oid_text(column)} stopped after {MAX_ROWS_PER_COLUMN} rows")
                        result.partial = True
                        finished.add(column)
                        break
                last[column] = prev
                taken = len(rows) - before
                self.varbinds += taken
                result.varbinds += taken
            if not var_binds:
                finished.update(per_request)
            active = [c for c in active if c not in finished]
        return result


class Engine:
    """What the sessions of one event loop share. The pysnmp SNMP engine (v3 only) is created on
    first use: a fleet of v2c devices never builds one, nor imports pysnmp's engine."""

    __slots__ = ("snmp",)

    def __init__(self) -> None:
        self.snmp: Any = None


def new_engine() -> Engine:
    """One engine; share it between the sessions of one event loop, close it with `close_engine`."""
    return Engine()


def _snmp_engine(engine: Any) -> Any:
    if isinstance(engine, Engine):
        if engine.snmp is None:
            from collector.snmp import usm

            engine.snmp = usm.new_snmp_engine()
        return engine.snmp
    return engine  # a pysnmp SnmpEngine passed in directly


def close_engine(engine: Any) -> None:
    snmp = engine.snmp if isinstance(engine, Engine) else engine
    if snmp is None:
        return
    from collector.snmp import usm

    usm.close_snmp_engine(snmp)


def _status_error(target: SnmpTarget, status: int) -> SnmpError:
    if status in _AUTH_STATUSES:
        return SnmpAuthError(f"{target.address}: access refused: {status_name(status)} (user, security level or view)")
    return SnmpProtocolError(f"{target.address}: error status {status_name(status)}")
