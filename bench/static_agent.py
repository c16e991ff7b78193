"""A light SNMP v2c agent for benchmarks: serves static .snmprec recordings, one UDP port per
recording, GET / GETNEXT / GETBULK, any community. Run as its own process so its CPU is not the
collector's:

    python bench/static_agent.py --port-base 30000 FILE.snmprec [FILE.snmprec ...]

Port `port-base + k` serves the k-th file. snmpsim (pysnmp) costs ~50 ms of CPU per 30-client
AP-poll; a fleet of 1,000 such APs polled every minute would need a core of its own on a 2-core
machine, so the whole-collector benchmark (bench/collector_fleet.py) uses this agent instead and
checks first that a poll of each device kind through it and through snmpsim stores the same rows.
Answers are pre-encoded per OID; a request costs a bisect and a join. Prints "ready" when bound.
Only the plain types of the recordings (2, 4, 4x, 6, 64, 65, 66, 67, 70) are understood.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import signal
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from collector.snmp import ber  # noqa: E402

END = b"\x82\x00"
NO_SUCH_INSTANCE = b"\x81\x00"


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes((tag,)) + ber._length(len(body)) + body


def _value(kind: str, text: str) -> bytes:
    if kind == "2":
        return b"\x02" + ber._integer(int(text))[1:]
    if kind in ("65", "66", "67", "70"):
        body = ber._integer(int(text))[1:]  # length + two's complement, positive
        return bytes((int(kind) - 65 + 0x41 if kind != "70" else 0x46,)) + body
    if kind == "4":
        return _tlv(0x04, text.encode())
    if kind == "4x":
        return _tlv(0x04, bytes.fromhex(text))
    if kind == "6":
        return ber.encode_oid(tuple(int(p) for p in text.split(".")))
    if kind == "64":
        return _tlv(0x40, bytes(int(p) for p in text.split(".")))
    raise ValueError(f"type {kind} not served by the static agent")


def load(path: Path) -> tuple[list[tuple[int, ...]], list[bytes]]:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        oid_text, kind, value = line.split("|", 2)
        oid = tuple(int(p) for p in oid_text.split("."))
        rows.append((oid, ber.encode_oid(oid) + _value(kind, value)))
    rows.sort()
    return [r[0] for r in rows], [r[1] for r in rows]


def parse_request(data: bytes):
    """-> (community, pdu tag, request id, non-repeaters, max-repetitions, [oid, ...])."""
    end = len(data)
    i, _ = ber._header(data, 0, 0x30, end)
    _version, i = ber._int_at(data, i, end)
    start, i = ber._header(data, i, 0x04, end)
    community = data[start:i]
    tag = data[i]
    i, stop = ber._header(data, i, tag, end)
    request_id, i = ber._int_at(data, i, end)
    nr, i = ber._int_at(data, i, end)
    mr, i = ber._int_at(data, i, end)
    i, stop = ber._header(data, i, 0x30, end)
    oids = []
    while i < stop:
        j, vb_end = ber._header(data, i, 0x30, end)
        s, e = ber._header(data, j, 0x06, vb_end)
        oids.append(ber._arcs(data[s:e]))
        i = vb_end
    return community, tag, request_id, nr, mr, oids


class Agent(asyncio.DatagramProtocol):
    def __init__(self, oids, encoded) -> None:
        self.oids, self.encoded = oids, encoded
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        try:
            community, tag, request_id, nr, mr, oids = parse_request(data)
        except Exception:  # noqa: BLE001 - garbage: an agent stays silent
            return
        out = []
        n = len(self.oids)
        if tag == ber.GET:
            for oid in oids:
                k = bisect.bisect_left(self.oids, oid)
                out.append(self.encoded[k] if k < n and self.oids[k] == oid else ber.encode_oid(oid) + NO_SUCH_INSTANCE)
        elif tag in (ber.GETNEXT, ber.GETBULK):
            reps = 1 if tag == ber.GETNEXT else max(0, mr)
            starts = [bisect.bisect_right(self.oids, oid) for oid in oids]
            last = list(oids)
            for r in range(reps):
                for c, k in enumerate(starts):
                    if k + r < n:
                        out.append(self.encoded[k + r])
                        last[c] = self.oids[k + r]
                    else:
                        out.append(ber.encode_oid(last[c]) + END)
        else:
            return
        vbl = b"".join(b"\x30" + ber._length(len(v)) + v for v in out)
        body = ber._integer(request_id) + b"\x02\x01\x00\x02\x01\x00" + b"\x30" + ber._length(len(vbl)) + vbl
        msg = b"\x02\x01\x01" + _tlv(0x04, community) + _tlv(ber.RESPONSE, body)
        self.transport.sendto(b"\x30" + ber._length(len(msg)) + msg, addr)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-base", type=int, required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    transports = []
    for k, f in enumerate(args.files):
        oids, encoded = load(Path(f))
        t, _ = await loop.create_datagram_endpoint(lambda o=oids, e=encoded: Agent(o, e),
                                                   local_addr=("127.0.0.1", args.port_base + k))
        transports.append(t)
    print("ready", flush=True)
    await stop.wait()
    for t in transports:
        t.close()


if __name__ == "__main__":
    asyncio.run(main())
