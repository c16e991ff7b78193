"""The only module that imports pysnmp: GET and multi-column GETBULK walks over raw numeric OIDs.

Everything returned is plain Python: OIDs as tuples of ints, values as int / bytes / str
(dotted OID or IPv4 text). Errors are `collector.snmp.errors` exceptions. MIBs are never loaded.

Two paths, both pysnmp:
- SNMPv1/v2c use pysnmp's message-level API (`pysnmp.proto.api`: the v1/v2c PDU and message
  modules with their pyasn1 BER codec) over an asyncio datagram socket of the session's own.
  Each response is decoded exactly once. Through the SNMP engine (RFC 3412 message processing,
  RFC 3413 applications) each v2c response was decoded and re-encoded several times and every
  request went through the engine's LCD, which was two thirds of the poller's CPU
  (docs/performance.md, "SNMP polling"). Community security has nothing else to offer: the engine
  only compares the community string, as this path does.
- SNMPv3 goes through the SNMP engine (asyncio), which implements USM (keys, time windows,
  discovery, authentication and privacy); that is not something to re-implement.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

from pysnmp.entity.rfc3413 import cmdgen
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    usm3DESEDEPrivProtocol,  # noqa: F401  (kept importable for future profiles of old gear)
    usmAesBlumenthalCfb192Protocol,
    usmAesBlumenthalCfb256Protocol,
    usmAesCfb128Protocol,
    usmDESPrivProtocol,
    usmHMAC128SHA224AuthProtocol,
    usmHMAC192SHA256AuthProtocol,
    usmHMAC256SHA384AuthProtocol,
    usmHMAC384SHA512AuthProtocol,
    usmHMACMD5AuthProtocol,
    usmHMACSHAAuthProtocol,
)
from pysnmp.hlapi.v3arch.asyncio.lcd import CommandGeneratorLcdConfigurator
from pysnmp.proto import api as _api
from pysnmp.proto import errind
from pysnmp.proto.rfc1902 import Null, ObjectName
from pyasn1.codec.ber import decoder as _ber_decoder
from pyasn1.codec.ber import encoder as _ber_encoder

from collector.snmp.errors import SnmpAuthError, SnmpError, SnmpProtocolError, SnmpTimeout, SnmpUnreachable
from collector.snmp.model import SnmpTarget

Oid = tuple[int, ...]

_AUTH = {
    "MD5": usmHMACMD5AuthProtocol,
    "SHA": usmHMACSHAAuthProtocol,
    "SHA-224": usmHMAC128SHA224AuthProtocol,
    "SHA-256": usmHMAC192SHA256AuthProtocol,
    "SHA-384": usmHMAC256SHA384AuthProtocol,
    "SHA-512": usmHMAC384SHA512AuthProtocol,
}
# AES-192/256 with the key extension net-snmp uses (draft-blumenthal), so both interoperate.
_PRIV = {
    "DES": usmDESPrivProtocol,
    "AES": usmAesCfb128Protocol,
    "AES-192": usmAesBlumenthalCfb192Protocol,
    "AES-256": usmAesBlumenthalCfb256Protocol,
}
_AUTH_ERRORS = (
    errind.WrongDigest,
    errind.UnknownUserName,
    errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel,
    errind.DecryptionError,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.NotInTimeWindow,
    errind.UnknownCommunityName,
    errind.NoAccessEntry,
    errind.NotInView,
)
_END = ("EndOfMibView", "NoSuchObject", "NoSuchInstance")
# The HLAPI's get_cmd/bulk_cmd resolve every request OID through the MIB view (even with
# lookupMib=False) and re-wrap every answer; that was a fifth of the poller's CPU. We use the same
# asyncio engine one layer down: LCD configuration as the HLAPI does it, then the RFC 3413 command
# generators with raw (ObjectName, value) pairs.
_LCD = CommandGeneratorLcdConfigurator()
_GET, _NEXT, _BULK = cmdgen.GetCommandGenerator(), cmdgen.NextCommandGenerator(), cmdgen.BulkCommandGenerator()
MAX_ROWS_PER_COLUMN = 200_000  # hard stop for agents that keep inventing rows
MAX_VARBINDS_PER_REQUEST = 60  # snmpsim answers at most 64; keeps responses to a few kB
FIRST_REPETITIONS = 6  # first GETBULK of a walk asks this many rows, then x2 per round


def oid_text(oid: Oid) -> str:
    return ".".join(map(str, oid))


def to_python(value: Any) -> Any:
    """pyasn1 SNMP value -> int | bytes | str; None for noSuchObject/noSuchInstance/endOfMibView."""
    kind = value.__class__.__name__
    if kind in _END:
        return None
    if kind == "IpAddress":
        return ".".join(str(b) for b in value.asOctets())
    if kind == "ObjectIdentifier" or kind == "ObjectName":
        return str(value)
    if kind in ("OctetString", "Opaque", "Bits"):
        return bytes(value.asOctets())
    try:
        return int(value)
    except (TypeError, ValueError):
        return bytes(value.asOctets()) if hasattr(value, "asOctets") else str(value)


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

    def __init__(self, target: SnmpTarget, engine: Any, transport: Any, channel: _Channel | None = None) -> None:
        self.target = target
        self._engine = engine
        self._transport = transport
        self._channel = channel  # v1/v2c: our own datagram socket; None for v3 (the engine's)
        self._auth = _auth_data(target) if channel is None else None
        self._context = ContextData(contextName=target.context.encode()) if target.context else ContextData()
        self.varbinds = 0
        self.max_varbinds = MAX_VARBINDS_PER_REQUEST

    @classmethod
    async def open(cls, target: SnmpTarget, engine: Any | None = None) -> SnmpSession:
        engine = engine if engine is not None else new_engine()
        if target.version in ("1", "2c"):
            return cls(target, engine, None, await _Channel.open(target))
        try:
            transport = await UdpTransportTarget.create(
                (target.host, target.port), timeout=target.timeout_s, retries=target.retries
            )
        except (OSError, socket.gaierror) as exc:
            raise SnmpUnreachable(f"{target.address}: cannot resolve or reach: {exc}") from None
        except Exception as exc:  # pysnmp wraps resolution failures in PySnmpError
            raise SnmpUnreachable(f"{target.address}: cannot resolve or reach: {exc}") from None
        return cls(target, engine, transport)

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()

    async def __aenter__(self) -> SnmpSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    async def get(self, oids: list[Oid]) -> dict[Oid, Any]:
        """GET scalars; missing objects map to None. Splits large requests."""
        out: dict[Oid, Any] = {}
        for start in range(0, len(oids), MAX_VARBINDS_PER_REQUEST):
            chunk = oids[start : start + MAX_VARBINDS_PER_REQUEST]
            err_ind, err_status, err_index, var_binds = await self._call(_GET, chunk)
            if err_ind:
                raise _map_indication(self.target, err_ind)
            if int(err_status):
                if self.target.version == "1" and int(err_status) == 2 and len(chunk) > 1:
                    # v1 noSuchName fails the whole PDU: fall back to one OID per request
                    for oid in chunk:
                        out.update(await self.get([oid]))
                    continue
                if self.target.version == "1" and int(err_status) == 2:
                    out[chunk[0]] = None
                    continue
                raise _status_error(self.target, err_status)
            for oid, (name, value) in zip(chunk, var_binds):
                self.varbinds += 1
                out[oid] = to_python(value)
        return out

    async def walk(self, columns: list[Oid], expected_rows: int | None = None) -> WalkResult:
        """Walk several table columns side by side (one GETBULK carries every unfinished column).

        Stops a column at the first OID outside it, at endOfMibView, or at a non-increasing OID
        (reported in `errors`). A timeout or error after some rows keeps what arrived: partial.
        `expected_rows` (e.g. the row count of the previous poll) sizes the first request so that
        one GETBULK usually fetches the whole table plus the one row that proves its end.
        """
        result = WalkResult(columns={c: [] for c in columns})
        last: dict[Oid, Oid] = {c: c for c in columns}
        active = list(dict.fromkeys(columns))
        use_bulk = self.target.version != "1"
        # Decoding dominates the client's cost, so every varbind past the end of a column is
        # waste. Unknown size: start with few repetitions and double them while the columns keep
        # going. Known size (rows of the last poll): the rows plus the one proving the end, spread
        # evenly over the fewest requests the per-request budget allows.
        grow = FIRST_REPETITIONS
        remaining = None if expected_rows is None else max(0, expected_rows) + 1
        while active:
            per_request = active[:MAX_VARBINDS_PER_REQUEST]
            limit = max(1, min(self.target.max_repetitions, MAX_VARBINDS_PER_REQUEST // len(per_request)))
            if remaining is not None and remaining > 0:
                requests = -(-remaining // limit)
                reps = -(-remaining // requests)
            else:
                reps = min(limit, grow)
                grow = max(grow * 2, FIRST_REPETITIONS)
            request = [last[c] for c in per_request]
            try:
                if use_bulk:
                    err_ind, err_status, err_index, var_binds = await self._call(_BULK, request, reps)
                else:
                    err_ind, err_status, err_index, var_binds = await self._call(_NEXT, request)
                    reps = 1
            except SnmpError as exc:
                if any(result.columns.values()):
                    result.partial = True
                    result.silent = exc.kind in ("timeout", "unreachable")
                    result.errors.append(f"walk stopped: {exc}")
                    return result
                raise
            if err_ind:
                exc = _map_indication(self.target, err_ind)
                if any(result.columns.values()):
                    result.partial = True
                    result.silent = exc.kind in ("timeout", "unreachable")
                    result.errors.append(f"walk stopped: {exc}")
                    return result
                raise exc
            if int(err_status):
                status = int(err_status)
                if not use_bulk and status == 2:  # v1 noSuchName: that column is past the end of the MIB
                    idx = int(err_index) - 1
                    active.remove(per_request[idx if 0 <= idx < len(per_request) else 0])
                    continue
                if not any(result.columns.values()):
                    raise _status_error(self.target, err_status)
                result.partial = True
                result.errors.append(f"walk stopped: agent error status {err_status.prettyPrint()}")
                return result
            n = len(per_request)
            if remaining is not None:
                remaining -= len(var_binds) // n if use_bulk else 1
            finished: set[Oid] = set()
            for pos, (name, value) in enumerate(var_binds):
                column = per_request[pos % n]
                if column in finished:
                    continue
                oid = tuple(name.asTuple())
                if value.__class__.__name__ in _END or oid[: len(column)] != column:
                    finished.add(column)  # the varbind that proves the end is not counted
                    continue
                self.varbinds += 1
                result.varbinds += 1
                if oid <= last[column]:
                    result.errors.append(f"agent returned a non-increasing OID {oid_text(oid)}; column {oid_text(column)} stopped")
                    result.partial = True
                    finished.add(column)
                    continue
                rows = result.columns[column]
                rows.append((oid[len(column) :], to_python(value)))
                last[column] = oid
                if len(rows) >= MAX_ROWS_PER_COLUMN:
                    result.errors.append(f"column {oid_text(column)} stopped after {MAX_ROWS_PER_COLUMN} rows")
                    result.partial = True
                    finished.add(column)
            if not var_binds:
                finished.update(per_request)
            active = [c for c in active if c not in finished]
        return result

    async def _call(self, generator: Any, oids: list[Oid], repetitions: int | None = None):
        """One request; returns (errorIndication, errorStatus, errorIndex, varBinds) as pysnmp does."""
        if self._channel is not None:
            return await self._channel.request(generator, oids, repetitions)
        try:
            addr_name, _params = _LCD.configure(_snmp_engine(self._engine), self._auth, self._transport, self._context.contextName)
            future = asyncio.get_running_loop().create_future()

            def done(_engine, _handle, err_ind, err_status, err_index, var_binds, _ctx):
                if not future.done():
                    future.set_result((err_ind, err_status, err_index, var_binds))

            var_binds = [(ObjectName(oid), Null("")) for oid in oids]
            ctx_engine, ctx_name = self._context.contextEngineId, self._context.contextName
            snmp_engine = _snmp_engine(self._engine)
            if repetitions is None:
                generator.send_varbinds(snmp_engine, addr_name, ctx_engine, ctx_name, var_binds, done)
            else:
                generator.send_varbinds(snmp_engine, addr_name, ctx_engine, ctx_name, 0, repetitions, var_binds, done)
            return await future
        except SnmpError:
            raise
        except OSError as exc:
            raise SnmpUnreachable(f"{self.target.address}: {exc}") from None
        except Exception as exc:  # pysnmp raises PySnmpError / pyasn1 errors on garbage
            raise SnmpProtocolError(f"{self.target.address}: {exc.__class__.__name__}: {exc}") from None


class Engine:
    """What the sessions of one event loop share. The pysnmp SNMP engine (v3 only) is created on
    first use: a fleet of v2c devices never builds one."""

    __slots__ = ("snmp",)

    def __init__(self) -> None:
        self.snmp: Any = None


def new_engine() -> Engine:
    """One engine; share it between the sessions of one event loop, close it with `close_engine`."""
    return Engine()


def _snmp_engine(engine: Any) -> Any:
    if isinstance(engine, Engine):
        if engine.snmp is None:
            engine.snmp = SnmpEngine()
        return engine.snmp
    return engine  # a pysnmp SnmpEngine passed in directly


def close_engine(engine: Any) -> None:
    snmp = engine.snmp if isinstance(engine, Engine) else engine
    if snmp is None:
        return
    try:
        snmp.close_dispatcher()
    except Exception:  # already closed, or nothing was opened
        pass


class _Waiter(asyncio.DatagramProtocol):
    """Receives on a session's socket; hands the one response we wait for to `request()`."""

    def __init__(self, module: Any, community: bytes) -> None:
        self.module = module
        self.community = community
        self.request_id: int | None = None
        self.future: asyncio.Future | None = None
        self.undecodable = 0  # datagrams that were not an SNMP response (garbage, wrong version)
        self.icmp: OSError | None = None

    def datagram_received(self, data: bytes, addr: Any) -> None:
        future = self.future
        if future is None or future.done():
            return  # nothing outstanding: a late duplicate
        m = self.module
        try:
            msg, _rest = _ber_decoder.decode(data, asn1Spec=m.Message())
            pdu = m.apiMessage.get_pdu(msg)
        except Exception:  # pyasn1 raises several kinds on garbage: all mean "not for us"
            self.undecodable += 1
            return
        if int(m.apiPDU.get_request_id(pdu)) != self.request_id or not isinstance(pdu, m.GetResponsePDU):
            return  # a stray or late answer to an earlier request
        if bytes(m.apiMessage.get_community(msg)) != self.community:
            return  # the engine would drop it too (unknown community)
        future.set_result(pdu)

    def error_received(self, exc: OSError) -> None:
        self.icmp = exc  # e.g. port unreachable; keep waiting out the timeout, as pysnmp does


class _Channel:
    """A v1/v2c agent over an asyncio datagram socket: requests encoded and responses decoded by
    pysnmp's message-level API, one decode per response, retries with the same request-id (a late
    answer to the first try still counts)."""

    def __init__(self, target: SnmpTarget, address: Any, transport: Any, waiter: _Waiter) -> None:
        self.target = target
        self.address = address
        self.transport = transport
        self.waiter = waiter
        self.module = waiter.module

    @classmethod
    async def open(cls, target: SnmpTarget) -> _Channel:
        loop = asyncio.get_running_loop()
        try:
            ipaddress.ip_address(target.host)
            family = socket.AF_INET6 if ":" in target.host else socket.AF_INET
            address: Any = (target.host, target.port)
        except ValueError:
            try:
                infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_DGRAM)
            except (OSError, UnicodeError) as exc:
                raise SnmpUnreachable(f"{target.address}: cannot resolve or reach: {exc}") from None
            family, _type, _proto, _name, address = infos[0]
        module = _api.PROTOCOL_MODULES[_api.SNMP_VERSION_1 if target.version == "1" else _api.SNMP_VERSION_2C]
        waiter = _Waiter(module, target.community.encode())
        try:
            transport, _ = await loop.create_datagram_endpoint(lambda: waiter, family=family)
        except OSError as exc:
            raise SnmpUnreachable(f"{target.address}: {exc}") from None
        return cls(target, address, transport, waiter)

    def close(self) -> None:
        self.transport.close()

    async def request(self, generator: Any, oids: list[Oid], repetitions: int | None):
        m = self.module
        if repetitions is not None:
            pdu, pdu_api = m.GetBulkRequestPDU(), m.apiBulkPDU
            pdu_api.set_defaults(pdu)
            pdu_api.set_non_repeaters(pdu, 0)
            pdu_api.set_max_repetitions(pdu, repetitions)
        else:
            pdu = m.GetNextRequestPDU() if isinstance(generator, cmdgen.NextCommandGenerator) else m.GetRequestPDU()
            pdu_api = m.apiPDU
            pdu_api.set_defaults(pdu)
        null = m.Null("")
        pdu_api.set_varbinds(pdu, [(oid, null) for oid in oids])
        msg = m.Message()
        m.apiMessage.set_defaults(msg)
        m.apiMessage.set_community(msg, self.waiter.community)
        m.apiMessage.set_pdu(msg, pdu)
        try:
            data = _ber_encoder.encode(msg)
        except Exception as exc:  # an OID pyasn1 cannot encode (from a profile)
            raise SnmpProtocolError(f"{self.target.address}: cannot encode request: {exc}") from None
        waiter = self.waiter
        waiter.request_id = int(pdu_api.get_request_id(pdu))
        loop = asyncio.get_running_loop()
        for _attempt in range(self.target.retries + 1):
            waiter.future = loop.create_future()
            try:
                self.transport.sendto(data, self.address)
            except OSError as exc:
                raise SnmpUnreachable(f"{self.target.address}: {exc}") from None
            try:
                async with asyncio.timeout(self.target.timeout_s):
                    response = await waiter.future
            except TimeoutError:
                continue
            finally:
                waiter.future = None
            return None, m.apiPDU.get_error_status(response), m.apiPDU.get_error_index(response), m.apiPDU.get_varbinds(response)
        if waiter.undecodable:
            raise SnmpTimeout(
                f"{self.target.address}: no usable response within {self.target.timeout_s:g} s x {self.target.retries + 1} "
                f"({waiter.undecodable} undecodable datagrams received)"
            )
        raise _map_indication(self.target, errind.RequestTimedOut())


def _auth_data(target: SnmpTarget) -> Any:
    if target.version == "3":
        return UsmUserData(
            target.user,
            authKey=target.auth_key,
            privKey=target.priv_key,
            authProtocol=_AUTH[target.auth_protocol] if target.auth_protocol else None,
            privProtocol=_PRIV[target.priv_protocol] if target.priv_protocol else None,
        )
    return CommunityData(target.community, mpModel=0 if target.version == "1" else 1)


_AUTH_STATUSES = {6, 16}  # noAccess, authorizationError (RFC 3416)


def _status_error(target: SnmpTarget, status: Any) -> SnmpError:
    if int(status) in _AUTH_STATUSES:
        return SnmpAuthError(f"{target.address}: access refused: {status.prettyPrint()} (user, security level or view)")
    return SnmpProtocolError(f"{target.address}: error status {status.prettyPrint()}")


def _map_indication(target: SnmpTarget, indication: Any) -> SnmpError:
    text = str(indication)
    if isinstance(indication, errind.RequestTimedOut):
        if target.version == "3":
            return SnmpTimeout(f"{target.address}: no response within {target.timeout_s:g} s x {target.retries + 1}")
        return SnmpTimeout(
            f"{target.address}: no response within {target.timeout_s:g} s x {target.retries + 1} "
            "(agent down, or wrong community: v1/v2c agents drop those silently)"
        )
    if isinstance(indication, _AUTH_ERRORS):
        return SnmpAuthError(f"{target.address}: authentication failed: {text}")
    return SnmpProtocolError(f"{target.address}: {text}")
