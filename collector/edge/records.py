"""What an edge keeps in its spool.

Portal lines and tailed chunks are the collector's own records (`intake.encode_line`,
`intake.encode_chunk`). A poll is named by site and AP (an edge has no database ids) and kept as
plain JSON (`intake.poll_json`), not compressed one by one: the batch compresses many polls of the
same APs together, which is where the repetition is (MACs, names, columns).

    b"E" | u16 len(site) | site | u16 len(ap) | ap | f64 started (Unix) | poll JSON
"""

from __future__ import annotations

import struct

from collector.intake import CHUNK, LINE, poll_from_json, poll_json

EDGE_POLL = b"E"
_LEN = struct.Struct(">H")
_TIME = struct.Struct(">d")


def encode_edge_poll(site: str, ap: str, result) -> bytes:
    s, a = site.encode(), ap.encode()
    return (EDGE_POLL + _LEN.pack(len(s)) + s + _LEN.pack(len(a)) + a
            + _TIME.pack(result.started_at.timestamp()) + poll_json(result))


def _edge_poll_head(payload: bytes) -> tuple[str, str, float, int]:
    p = 1
    (ls,) = _LEN.unpack_from(payload, p)
    site = payload[p + 2:p + 2 + ls].decode()
    p += 2 + ls
    (la,) = _LEN.unpack_from(payload, p)
    ap = payload[p + 2:p + 2 + la].decode()
    p += 2 + la
    (t,) = _TIME.unpack_from(payload, p)
    return site, ap, t, p + _TIME.size


def decode_edge_poll(payload: bytes):
    """(site, ap name, PollResult)."""
    site, ap, _t, p = _edge_poll_head(payload)
    return site, ap, poll_from_json(payload[p:])


def record_time(payload: bytes) -> float | None:
    """When a record was polled or received (Unix time), for the backlog's age."""
    kind = payload[:1]
    if kind == EDGE_POLL:
        return _edge_poll_head(payload)[2]
    if kind in (LINE, CHUNK):
        return struct.unpack_from(">d", payload, 1)[0]
    return None
