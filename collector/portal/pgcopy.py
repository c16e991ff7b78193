"""Binary COPY of portal rows (events, sessions) with the column types declared.

Binary COPY saves the client formatting every timestamp, integer and dedup hash
as text (and the server parsing it back). Column types are fixed here, so each
value goes through the binary dumper of its column. IP addresses arrive from the
parsers as strings; `InetStrDumper` turns them into PostgreSQL's binary `inet`
(the same value the text input would give), cached per distinct address.
"""

from __future__ import annotations

import io
import ipaddress
import struct
from typing import ClassVar

import psycopg
import psycopg.copy
import psycopg.sql
from psycopg.adapt import Dumper
from psycopg.pq import Format
from psycopg.types.string import BytesBinaryDumper

from collector.portal.queries import sql

EVENT_TYPES = ("timestamptz", "int4", "text", "text", "text", "bool", "text", "text", "text", "inet", "int8", "int8",
               "int4", "text", "text", "text", "text", "bytea")
SESSION_TYPES = ("int8", "int4", "text", "text", "bool", "text", "text", "timestamptz", "timestamptz", "timestamptz",
                 "int8", "int8", "int4", "text", "bool", "inet", "text")
PGSQL_AF_INET, PGSQL_AF_INET6 = 2, 3
_INET_CACHE_MAX = 100_000


class InetStrDumper(Dumper):
    """A text IP address ('10.5.0.7', '2001:db8::1', '10.0.0.1/24') to binary inet."""

    format = Format.BINARY
    _cache: ClassVar[dict[str, bytes]] = {}

    def dump(self, obj) -> bytes:
        b = self._cache.get(obj)
        if b is None:
            try:
                a = ipaddress.ip_interface(obj)
            except ValueError:
                raise psycopg.DataError(f"invalid input syntax for type inet: {obj!r}") from None
            family = PGSQL_AF_INET if a.version == 4 else PGSQL_AF_INET6
            b = bytes((family, a.network.prefixlen, 0, len(a.packed))) + a.packed
            if len(self._cache) >= _INET_CACHE_MAX:
                self._cache.clear()
            self._cache[obj] = b
        return b


def prepare(conn: psycopg.Connection) -> None:
    """Register the by-oid binary dumpers for inet (from text) and bytea (used when COPY declares types)."""
    oid = conn.adapters.types["inet"].oid
    dumper = type("InetStrDumper", (InetStrDumper,), {"oid": oid})
    conn.adapters.register_dumper(None, dumper)
    # by oid, bytea otherwise gets psycopg.dbapi20's pure-Python dumper (it unwraps
    # `Binary`); ours are plain bytes and this one is implemented in C
    conn.adapters.register_dumper(None, BytesBinaryDumper)


def _statement(table: str, columns: tuple[str, ...]) -> psycopg.sql.Composed:
    return psycopg.sql.SQL(sql("copy_binary")).format(
        table=psycopg.sql.Identifier(table), columns=psycopg.sql.SQL(", ").join(map(psycopg.sql.Identifier, columns)))


def copy_rows(cur: psycopg.Cursor, table: str, columns: tuple[str, ...], types: tuple[str, ...],
              rows: list[tuple]) -> None:
    with cur.copy(_statement(table, columns)) as cp:
        cp.set_types(types)
        write = cp.write_row
        for row in rows:
            write(row)


# the binary COPY stream around the rows: signature, flags, header extension; end marker
SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
TRAILER = b"\xff\xff"


def copy_bodies(cur: psycopg.Cursor, table: str, columns: tuple[str, ...], bodies) -> None:
    """One COPY of the rows formatted by `format_body`, sent as they come (an iterable)."""
    with cur.copy(_statement(table, columns)) as cp:
        cp.write(SIGNATURE)
        for body in bodies:
            cp.write(body)
        cp.write(TRAILER)


def format_body(cur: psycopg.Cursor, types: tuple[str, ...], rows: list[tuple]) -> memoryview:
    """Rows in binary COPY format, without the stream's header and trailer, formatted
    without sending anything (`cur` only provides the adapters)."""
    out = io.BytesIO()
    with psycopg.copy.Copy(cur, binary=True, writer=psycopg.copy.FileWriter(out)) as cp:
        cp.set_types(types)
        write = cp.write_row
        for row in rows:
            write(row)
    data = out.getbuffer()
    if data[:len(SIGNATURE)] != SIGNATURE or data[-len(TRAILER):] != TRAILER:
        raise RuntimeError("unexpected binary COPY framing from psycopg")
    return data[len(SIGNATURE):-len(TRAILER)]


_I16, _I32 = struct.Struct(">h"), struct.Struct(">i")


def split_rows(body) -> list[bytes]:
    """The rows of binary COPY data from `format_body` (no header or trailer), one bytes each."""
    mv = memoryview(body)
    out, pos, n = [], 0, len(mv)
    while pos < n:
        start = pos
        (nf,) = _I16.unpack_from(mv, pos)
        pos += 2
        for _ in range(nf):
            (ln,) = _I32.unpack_from(mv, pos)
            pos += 4 + max(ln, 0)
        out.append(bytes(mv[start:pos]))
    return out


def row_fields(row: bytes) -> list[bytes | None]:
    """The raw (binary) values of one row from `split_rows`."""
    (nf,) = _I16.unpack_from(row, 0)
    pos, out = 2, []
    for _ in range(nf):
        (ln,) = _I32.unpack_from(row, pos)
        pos += 4
        out.append(None if ln < 0 else row[pos:pos + ln])
        pos += max(ln, 0)
    return out
