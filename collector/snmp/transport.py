"""The v1/v2c transport: one asyncio datagram socket per session, requests out, the one matching
response in, retries and timeouts. No SNMP engine on this path.

Requests are encoded by `collector.snmp.ber`; v2c responses decoded by its strict decoder, and any
datagram it does not answer for (and every v1 response) by pysnmp's codec
(`collector.snmp.pyasn1_codec`, imported on first need). A retry reuses the request-id, so a late
answer to the first try still counts; answers with another request-id or community are ignored
(as the SNMP engine would: an unknown community is dropped); undecodable datagrams are counted
and named in the timeout message; an ICMP port-unreachable is waited out like silence.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
from typing import Any

from collector.snmp import ber
from collector.snmp.errors import SnmpProtocolError, SnmpTimeout, SnmpUnreachable
from collector.snmp.model import SnmpTarget

Oid = ber.Oid
Response = tuple[int, int, list[tuple[Oid, Any]]]  # error status, error index, varbinds

# what the pysnmp codec made of each datagram the strict decoder passed on (for tests and the benchmark)
FALLBACKS = {"decoded": 0, "undecodable": 0}


def decode(data: bytes, version: int, walk: _Walk | None = None) -> tuple[bytes, int, int, int, list[tuple[Any, Any]]] | None:
    """Any datagram -> a response tuple (see `ber.decode_response`); None if it is not a response
    PDU. Raises ValueError on data no SNMP decoder accepts. With `walk`, varbinds come as
    (index under their column, value) (`ber.split_rows`)."""
    if version == 1:
        fast = ber.decode_response(data, walk.prefixes, walk.indexes) if walk is not None else ber.decode_response(data)
        if fast is not None:
            return fast
    from collector.snmp import pyasn1_codec

    try:
        decoded = pyasn1_codec.decode_response(data, version)
    except Exception as exc:  # pyasn1 raises several kinds on garbage: all mean "not for us"
        FALLBACKS["undecodable"] += 1
        raise ValueError(f"undecodable datagram: {exc.__class__.__name__}") from None
    FALLBACKS["decoded"] += 1
    if walk is not None and decoded is not None:
        community, request_id, status, index, varbinds = decoded
        return community, request_id, status, index, ber.split_rows(varbinds, walk.columns)
    return decoded


# Decoded table indexes by their bytes, shared by every session: a pure function of the bytes, and
# the same rows (clients, APs, interfaces) come back poll after poll. Emptied when it grows past
# _INDEXES_MAX entries (~100 bytes each; a 1,000-AP fleet of 30 clients has ~40,000).
_INDEXES: dict[bytes, Oid] = {b"": ()}
_INDEXES_MAX = 200_000


class _Walk:
    """The columns a walk request asks for, as OIDs and as BER contents, and the decoded indexes
    of the session (see `ber.decode_response`: a pure function of their bytes)."""

    __slots__ = ("columns", "prefixes", "indexes")

    def __init__(self, columns: list[Oid], prefixes: list[bytes], indexes: dict[bytes, Oid]) -> None:
        self.columns = columns
        self.prefixes = prefixes
        self.indexes = indexes


class _Waiter(asyncio.DatagramProtocol):
    """Receives on a session's socket; hands the one response we wait for to `request()`."""

    def __init__(self, version: int, community: bytes) -> None:
        self.version = version
        self.community = community
        self.request_id: int | None = None
        self.walk: _Walk | None = None  # set while a walk request is outstanding
        self.future: asyncio.Future | None = None
        self.undecodable = 0  # datagrams that were not an SNMP response (garbage, wrong version)
        self.icmp: OSError | None = None

    def datagram_received(self, data: bytes, addr: Any) -> None:
        future = self.future
        if future is None or future.done():
            return  # nothing outstanding: a late duplicate
        try:
            decoded = decode(data, self.version, self.walk)
        except ValueError:
            self.undecodable += 1
            return
        if decoded is None:
            return  # a message, but not a response
        community, request_id, status, index, varbinds = decoded
        if request_id != self.request_id:
            return  # a stray or late answer to an earlier request
        if community != self.community:
            return  # the engine would drop it too (unknown community)
        future.set_result((status, index, varbinds))

    def error_received(self, exc: OSError) -> None:
        self.icmp = exc  # e.g. port unreachable; keep waiting out the timeout, as pysnmp does


class Channel:
    """A v1/v2c agent over an asyncio datagram socket."""

    def __init__(self, target: SnmpTarget, address: Any, transport: Any, waiter: _Waiter) -> None:
        self.target = target
        self.address = address
        self.transport = transport
        self.waiter = waiter
        self.version = waiter.version
        self._next_id = random.randrange(1, 1 << 30)
        self._walk: _Walk | None = None
        self._prefixes: dict[Oid, bytes] = {}
        if len(_INDEXES) > _INDEXES_MAX:
            _INDEXES.clear()
            _INDEXES[b""] = ()
        self._indexes = _INDEXES

    @classmethod
    async def open(cls, target: SnmpTarget) -> Channel:
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
        waiter = _Waiter(0 if target.version == "1" else 1, (target.community or "").encode())
        try:
            transport, _ = await loop.create_datagram_endpoint(lambda: waiter, family=family)
        except OSError as exc:
            raise SnmpUnreachable(f"{target.address}: {exc}") from None
        return cls(target, address, transport, waiter)

    def close(self) -> None:
        self.transport.close()

    async def request(self, pdu: int, oids: list[Oid], repetitions: int = 0, columns: list[Oid] | None = None) -> Response:
        """One GET / GETNEXT / GETBULK (`ber.GET`, ...) -> (error status, error index, varbinds).
        With `columns` (those a walk request continues, one per OID), varbinds come as (index
        under their column or None, value): see `ber.split_rows`."""
        request_id = self._next_id
        self._next_id = request_id + 1 if request_id < (1 << 31) - 2 else 1
        waiter = self.waiter
        encoded = None
        try:
            if columns is None:
                waiter.walk = None
            else:
                walk = self._walk
                if walk is None or walk.columns != columns:
                    prefixes = self._prefixes
                    for column in columns:
                        if column not in prefixes:
                            prefixes[column] = ber.oid_contents(column)
                    walk = self._walk = _Walk(columns, [prefixes[c] for c in columns], self._indexes)
                # each OID continues its column: only the index part is encoded
                encoded = [ber.encode_under(p, oid[len(c):]) if oid[: len(c)] == c else ber.encode_oid(oid)
                           for p, c, oid in zip(walk.prefixes, columns, oids)]
            data = ber.encode_request(pdu, self.version, waiter.community, request_id, oids, 0, repetitions, encoded)
        except ValueError as exc:  # an OID that cannot be encoded (from a profile)
            raise SnmpProtocolError(f"{self.target.address}: cannot encode request: {exc}") from None
        waiter.request_id = request_id
        if columns is not None:
            waiter.walk = walk
        loop = asyncio.get_running_loop()
        target = self.target
        for _attempt in range(target.retries + 1):
            waiter.future = future = loop.create_future()
            try:
                self.transport.sendto(data, self.address)
            except OSError as exc:
                raise SnmpUnreachable(f"{target.address}: {exc}") from None
            handle = loop.call_later(target.timeout_s, _expire, future)
            try:
                response = await future
            finally:
                handle.cancel()
                waiter.future = None
            if response is not None:
                return response
        if waiter.undecodable:
            raise SnmpTimeout(
                f"{target.address}: no usable response within {target.timeout_s:g} s x {target.retries + 1} "
                f"({waiter.undecodable} undecodable datagrams received)"
            )
        raise SnmpTimeout(
            f"{target.address}: no response within {target.timeout_s:g} s x {target.retries + 1} "
            "(agent down, or wrong community: v1/v2c agents drop those silently)"
        )


def _expire(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)  # timed out (cheaper than asyncio.timeout's cancellation)
