"""A small, strict BER codec for the SNMP v1/v2c poll path: requests out, v2c Response-PDUs in.

No pysnmp, no pyasn1. `encode_request` builds GET, GETNEXT and GETBULK messages.
`decode_response` decodes a v2c Response-PDU in its plain form, the form agents send, and returns
None for anything else (another version or PDU type, an indefinite or oversized length, a
constructed string, an unknown type, a value out of its type's range, trailing bytes, truncation):
the caller then hands the datagram to pysnmp's decoder, which decides (`collector/snmp/pyasn1_codec.py`).
So this decoder never has to be complete, only exact where it answers; the differential tests
(tests/snmp/test_snmp011_ber.py) hold it to pyasn1's answers over every recording in the repository
and over fuzzed datagrams.

Values come out as the rest of the client expects them: INTEGER and the unsigned types as int,
OCTET STRING and Opaque as bytes, OBJECT IDENTIFIER as dotted text, IpAddress as a dotted quad,
NULL as b"", and noSuchObject / noSuchInstance / endOfMibView as the `END` marker.

Size: about 340 lines, kept together on purpose. The request encoder, the whole-OID decoder and the
column-relative decoder (a walk's answers as (index, value) under each requested column) share the
same length, integer and OID primitives and the same rule for refusing a datagram; split apart, the
differential tests would have to keep three copies of that rule in step.
"""

from __future__ import annotations

from typing import Any

Oid = tuple[int, ...]


class _End:
    """noSuchObject, noSuchInstance or endOfMibView: no value here."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "END"


END: Any = _End()

GET, GETNEXT, RESPONSE, GETBULK = 0xA0, 0xA1, 0xA2, 0xA5

_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1
_U32_MAX, _U64_MAX = (1 << 32) - 1, (1 << 64) - 1
_NULL_VALUE = b"\x05\x00"


class _Unsure(Exception):
    """Not the plain form this decoder answers for: pysnmp decides."""


# ------------------------------------------------------------------------------------- encoding


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def _integer(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)
    return b"\x02" + _length(len(body)) + body


def encode_oid(oid: Oid) -> bytes:
    """The BER encoding of an OBJECT IDENTIFIER (tag and length included). ValueError if the OID
    cannot be one (fewer than 2 arcs, first arc > 2, second arc >= 40 under 0 or 1, negative arcs)."""
    if len(oid) < 2:
        raise ValueError(f"OID {'.'.join(map(str, oid))!r}: needs at least two arcs")
    first, second = oid[0], oid[1]
    if first not in (0, 1, 2) or second < 0 or (first < 2 and second >= 40):
        raise ValueError(f"OID {'.'.join(map(str, oid))!r}: invalid first arcs")
    body = _subid_bytes((first * 40 + second, *oid[2:]), oid)
    return b"\x06" + _length(len(body)) + body


def _subid_bytes(subids: Oid, oid: Oid) -> bytes:
    out = bytearray()
    for arc in subids:
        if arc < 0x80:
            if arc < 0:
                raise ValueError(f"OID {'.'.join(map(str, oid))!r}: negative arc")
            out.append(arc)
            continue
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out.extend(reversed(chunk))
    return bytes(out)


def encode_under(contents: bytes, index: Oid) -> bytes:
    """`encode_oid(column + index)` from the column's `oid_contents` (a walk's next request)."""
    if not index or (max(index) < 0x80 and min(index) >= 0):
        body = contents + bytes(index)
    else:
        body = contents + _subid_bytes(index, index)
    return b"\x06" + _length(len(body)) + body


def encode_request(pdu: int, version: int, community: bytes, request_id: int, oids: list[Oid],
                   non_repeaters: int = 0, max_repetitions: int = 0, encoded: list[bytes] | None = None) -> bytes:
    """A v1 (version 0) or v2c (version 1) request message; `pdu` is GET, GETNEXT or GETBULK.
    `encoded`, if given, holds the OIDs already encoded (`encode_oid`), in place of `oids`."""
    varbinds = b"".join(b"\x30" + _length(len(o) + 2) + o + _NULL_VALUE for o in (encoded or map(encode_oid, oids)))
    body = (_integer(request_id) + _integer(non_repeaters) + _integer(max_repetitions)
            + b"\x30" + _length(len(varbinds)) + varbinds)
    message = (_integer(version) + b"\x04" + _length(len(community)) + community
               + bytes((pdu,)) + _length(len(body)) + body)
    return b"\x30" + _length(len(message)) + message


# ------------------------------------------------------------------------------------- decoding


def _header(data: bytes, i: int, tag: int, end: int) -> tuple[int, int]:
    """Expect `tag` at i; returns (start of contents, end of contents)."""
    if data[i] != tag:
        raise _Unsure
    n = data[i + 1]
    i += 2
    if n >= 0x80:
        size = n & 0x7F
        if size == 0 or size > 3:
            raise _Unsure  # indefinite length, or longer than any datagram
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    if i + n > end:
        raise _Unsure
    return i, i + n


def _int_at(data: bytes, i: int, end: int) -> tuple[int, int]:
    start, stop = _header(data, i, 0x02, end)
    if start == stop:
        raise _Unsure
    return int.from_bytes(data[start:stop], "big", signed=True), stop


_HIGH = bytes(0 if b < 0x80 else 1 for b in range(256))  # marks the bytes of multi-byte sub-identifiers


def _subids(raw: bytes) -> Oid:
    """The sub-identifiers of BER OID contents (no first-arc split); `raw` may be empty."""
    if raw.isascii():  # every sub-identifier is one byte
        return tuple(raw)
    # one-byte sub-identifiers are copied in runs; only the multi-byte ones (an enterprise
    # number, index octets >= 128) are assembled here
    marks = raw.translate(_HIGH)
    out: list[int] = []
    i = 0
    end = len(raw)
    while i < end:
        j = marks.find(1, i)
        if j < 0:
            out.extend(raw[i:])
            break
        out.extend(raw[i:j])
        b = raw[j]
        if b == 0x80:
            raise _Unsure  # a sub-identifier padded with a leading 0x80 (not minimal)
        value = b & 0x7F
        j += 1
        while j < end and raw[j] >= 0x80:
            value = (value << 7) | (raw[j] & 0x7F)
            j += 1
        if j == end:
            raise _Unsure  # the last sub-identifier is cut off
        out.append((value << 7) | raw[j])
        i = j + 1
    return tuple(out)


def _arcs(raw: bytes) -> Oid:
    if not raw:
        raise _Unsure
    arcs = _subids(raw)
    first = arcs[0]
    if first < 40:
        return (0, first) + arcs[1:]
    if first < 80:
        return (1, first - 40) + arcs[1:]
    return (2, first - 80) + arcs[1:]


def oid_contents(oid: Oid) -> bytes:
    """The contents octets of an OID's encoding (no tag, no length): the prefix every OID under
    it starts with, sub-identifier for sub-identifier."""
    encoded = encode_oid(oid)
    return encoded[2:] if encoded[1] < 0x80 else encoded[2 + (encoded[1] & 0x7F) :]


def split_rows(varbinds: list[tuple[Oid, Any]], columns: list[Oid]) -> list[tuple[Oid | None, Any]]:
    """Varbinds of a walk request (varbind k answers column k mod n) -> (index under that column,
    value), index None for a varbind outside its column: what `decode_response` gives with
    `columns`, for the answers that another decoder (pysnmp) decoded."""
    n = len(columns)
    out = []
    for k, (oid, value) in enumerate(varbinds):
        column = columns[k % n]
        size = len(column)
        out.append((oid[size:] if oid[:size] == column else None, value))
    return out


def decode_response(data: bytes, columns: list[bytes] | None = None,
                    indexes: dict[bytes, Oid] | None = None) -> tuple[bytes, int, int, int, list[tuple[Any, Any]]] | None:
    """A v2c Response-PDU -> (community, request_id, error_status, error_index, varbinds), or None
    when the datagram is not in the plain form this decoder answers for (pysnmp decides then).

    Varbinds are (OID, value). For the answer to a walk request give `columns`, the requested
    columns' `oid_contents` (varbind k answers column k mod n, as in a GETBULK answer): each
    varbind then comes as (index, value), the index being the OID's arcs after its column, or None
    when the OID is not under that column (it is still checked): what `split_rows` makes of the
    full form. The index bytes are compared, not decoded, against the column; `indexes` (a dict the
    caller keeps for one walk) remembers decoded indexes by their bytes, since every column of a
    table repeats them."""
    try:
        return _decode(data, columns, indexes if indexes is not None else {})
    except (_Unsure, IndexError):
        return None


def _decode(data: bytes, columns: list[bytes] | None, indexes: dict[bytes, Oid]) -> tuple[bytes, int, int, int, list[tuple[Any, Any]]]:
    end = len(data)
    i, stop = _header(data, 0, 0x30, end)
    if stop != end:
        raise _Unsure  # trailing bytes
    version, i = _int_at(data, i, end)
    if version != 1:
        raise _Unsure
    start, i = _header(data, i, 0x04, end)
    community = data[start:i]
    i, stop = _header(data, i, RESPONSE, end)
    if stop != end:
        raise _Unsure
    request_id, i = _int_at(data, i, end)
    status, i = _int_at(data, i, end)
    index, i = _int_at(data, i, end)
    if not (_INT32_MIN <= request_id <= _INT32_MAX and 0 <= index <= _INT32_MAX):
        raise _Unsure
    i, stop = _header(data, i, 0x30, end)
    if stop != end:
        raise _Unsure
    varbinds: list[tuple[Any, Any]] = []
    append = varbinds.append
    from_bytes = int.from_bytes
    ncols = len(columns) if columns else 0
    col = 0
    while i < end:
        # SEQUENCE { name OBJECT IDENTIFIER, value }; short lengths inline, long ones via _header
        if data[i] != 0x30:
            raise _Unsure
        n = data[i + 1]
        if n < 0x80:
            i += 2
            vb_end = i + n
            if vb_end > end:
                raise _Unsure
        else:
            i, vb_end = _header(data, i, 0x30, end)
        if data[i] != 0x06:
            raise _Unsure
        n = data[i + 1]
        if n < 0x80:
            i += 2
            oid_end = i + n
        else:
            i, oid_end = _header(data, i, 0x06, vb_end)
        if oid_end > vb_end:
            raise _Unsure
        if ncols:
            prefix = columns[col]  # type: ignore[index]
            col = col + 1 if col + 1 < ncols else 0
            if data.startswith(prefix, i, oid_end):
                # under the column: the prefix is a valid OID's contents, so the OID is valid
                # exactly when its index bytes are
                raw = data[i + len(prefix) : oid_end]
                oid = indexes.get(raw)
                if oid is None:
                    oid = indexes[raw] = _subids(raw)
            else:
                _arcs(data[i:oid_end])  # outside the column: checked, not kept
                oid = None
        else:
            oid = _arcs(data[i:oid_end])
        i = oid_end
        tag = data[i]
        n = data[i + 1]
        if n < 0x80:
            i += 2
            v_end = i + n
        else:
            i, v_end = _header(data, i, tag, vb_end)
        if v_end != vb_end:
            raise _Unsure  # the value must fill the rest of its varbind exactly
        if tag == 0x04:  # OCTET STRING
            value: Any = data[i:v_end]
        elif tag == 0x02:  # INTEGER (Integer32)
            if i == v_end:
                raise _Unsure
            value = from_bytes(data[i:v_end], "big", signed=True)
            if not _INT32_MIN <= value <= _INT32_MAX:
                raise _Unsure
        elif tag in (0x41, 0x42, 0x43):  # Counter32, Gauge32/Unsigned32, TimeTicks
            if i == v_end:
                raise _Unsure
            value = from_bytes(data[i:v_end], "big", signed=True)
            if not 0 <= value <= _U32_MAX:
                raise _Unsure
        elif tag == 0x46:  # Counter64
            if i == v_end:
                raise _Unsure
            value = from_bytes(data[i:v_end], "big", signed=True)
            if not 0 <= value <= _U64_MAX:
                raise _Unsure
        elif tag in (0x80, 0x81, 0x82):  # noSuchObject, noSuchInstance, endOfMibView
            if i != v_end:
                raise _Unsure
            value = END
        elif tag == 0x06:  # OBJECT IDENTIFIER
            value = ".".join(map(str, _arcs(data[i:v_end])))
        elif tag == 0x40:  # IpAddress
            if v_end - i != 4:
                raise _Unsure
            value = "%d.%d.%d.%d" % tuple(data[i:v_end])
        elif tag == 0x44:  # Opaque
            value = data[i:v_end]
        elif tag == 0x05:  # NULL (unSpecified)
            if i != v_end:
                raise _Unsure
            value = b""
        else:
            raise _Unsure
        append((oid, value))
        i = v_end
    if index > len(varbinds):
        raise _Unsure  # pysnmp refuses an error-index past the varbinds
    return community, request_id, status, index, varbinds
