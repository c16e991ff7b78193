"""A deliberately misbehaving SNMPv2c agent on a real loopback UDP socket (fault injection).

It answers GET for the system group correctly, then misbehaves on GETNEXT/GETBULK:
  mode "stuck":     repeats the requested OID (non-increasing) forever
  mode "backwards": answers with an OID lower than the one asked for
  mode "endless":   invents ever-increasing rows inside the asked column
  mode "garbage":   replies with bytes that are not BER at all
  mode "generr":    genErr for requests under enterprises (1.3.6.1.4.1); one row per column elsewhere
  mode "stray":     well-behaved (one row per column), but each answer is preceded by a response
                    with another request-id and one with another community (both must be ignored)
  mode "late":      well-behaved, but answers each request 0.6 s late and never answers a retry
  mode "indefinite": well-behaved, every answer BER-encoded with indefinite lengths (valid BER that
                    the strict decoder leaves to pysnmp's)
Used only by tests: a well-behaved agent (snmpsim, snmpd) cannot produce these faults.
"""

from __future__ import annotations

import asyncio
import threading

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api, rfc1902

SYSTEM = {
    (1, 3, 6, 1, 2, 1, 1, 1, 0): rfc1902.OctetString(b"Linux bad-agent"),
    (1, 3, 6, 1, 2, 1, 1, 2, 0): rfc1902.ObjectIdentifier((1, 3, 6, 1, 4, 1, 8072, 3, 2, 10)),
    (1, 3, 6, 1, 2, 1, 1, 3, 0): rfc1902.TimeTicks(42),
    (1, 3, 6, 1, 2, 1, 1, 5, 0): rfc1902.OctetString(b"bad"),
}


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.requests = 0
        self.seen: set[int] = set()

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        self.requests += 1
        p = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
        req, _ = decoder.decode(data, asn1Spec=p.Message())
        pdu = p.apiMessage.get_pdu(req)
        if self.mode == "late":
            request_id = int(p.apiPDU.get_request_id(pdu))
            if request_id not in self.seen:
                self.seen.add(request_id)
                asyncio.get_running_loop().call_later(0.6, self._answer, p, req, pdu, addr)
            return
        self._answer(p, req, pdu, addr)

    def _answer(self, p, req, pdu, addr) -> None:
        rsp = p.apiMessage.get_response(req)
        rsp_pdu = p.apiMessage.get_pdu(rsp)
        asked = [tuple(oid) for oid, _v in p.apiPDU.get_varbinds(pdu)]
        if self.mode == "stray":
            p.apiPDU.set_varbinds(rsp_pdu, [(oid, rfc1902.Integer(666)) for oid in asked])
            p.apiPDU.set_request_id(rsp_pdu, int(p.apiPDU.get_request_id(pdu)) ^ 1)
            self.transport.sendto(encoder.encode(rsp), addr)
            p.apiPDU.set_request_id(rsp_pdu, int(p.apiPDU.get_request_id(pdu)))
            p.apiMessage.set_community(rsp, b"someone-else")
            self.transport.sendto(encoder.encode(rsp), addr)
            p.apiMessage.set_community(rsp, p.apiMessage.get_community(req))
        if pdu.isSameTypeWith(p.GetRequestPDU()):
            out = [(oid, SYSTEM.get(oid, rfc1902.Integer(0))) for oid in asked]
        elif self.mode == "garbage":
            self.transport.sendto(b"\x30\x03\xff\xfe\xfd not BER", addr)
            return
        elif self.mode in ("generr", "stray", "late", "indefinite"):
            if self.mode == "generr" and any(oid[:6] == (1, 3, 6, 1, 4, 1) for oid in asked):
                p.apiPDU.set_error_status(rsp_pdu, 5)
                p.apiPDU.set_error_index(rsp_pdu, 1)
                p.apiPDU.set_varbinds(rsp_pdu, [(oid, rfc1902.Integer(0)) for oid in asked])
                self.transport.sendto(encoder.encode(rsp), addr)
                return
            # first call per column: one row (index 1); then jump past the column
            out = [(oid + (1,), rfc1902.Integer(1)) if len(oid) <= 10 else ((1, 3, 6, 1, 9, 9), rfc1902.Integer(0)) for oid in asked]
        elif self.mode == "stuck":
            out = [(oid, rfc1902.Integer(1)) for oid in asked] * 10
        elif self.mode == "backwards":
            out = [(oid[:-1] + (max(oid[-1] - 1, 0),) if len(oid) > 12 else oid + (1,), rfc1902.Integer(1)) for oid in asked]
            out = [(o if len(a) > 12 else a + (5,), v) for (o, v), a in zip(out, asked)]
            out += [(a + (3,) if len(a) <= 12 else a[:-1] + (a[-1] - 1,), rfc1902.Integer(2)) for a in asked]
        else:  # endless
            out = []
            for i in range(1, 11):
                for oid in asked:
                    out.append((oid + (i,) if len(oid) <= 12 else oid[:-1] + (oid[-1] + i,), rfc1902.Integer(i)))
        p.apiPDU.set_varbinds(rsp_pdu, out)
        self.transport.sendto(encoder.encode(rsp, defMode=self.mode != "indefinite"), addr)


class BadAgent:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start():
            transport, self.protocol = await self._loop.create_datagram_endpoint(
                lambda: _Protocol(self.mode), local_addr=("127.0.0.1", 0)
            )
            self.transport = transport
            self.port = transport.get_extra_info("sockname")[1]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def __enter__(self) -> "BadAgent":
        self._thread.start()
        self._ready.wait(5)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self.transport.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
