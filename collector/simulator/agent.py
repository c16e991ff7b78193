"""Real SNMP agents for the simulated fleet: one pysnmp engine, one UDP port per agent.

A custom MIB instrumentation controller answers GET/GETNEXT/GETBULK from the agent's
rendered MIB (`mibs.render`), looked up by the UDP transport the request came in on.
Each agent serves a snapshot of the model, rebuilt when simulated time has moved on
(`ManualClock`) or after `hold_s` wall-clock seconds (`SimClock`), so one poll's walk
sees one consistent instant. An agent whose box is down, or whose site has lost its
uplink, does not answer at all (the poller times out, as with a real outage).

pysnmp is imported only here and, in the collector, by collector/snmp/usm.py (SNMPv3) and
pyasn1_codec.py (v1 and odd v2c datagrams): the simulator is a stand-in for the devices,
not part of the collector's polling path.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import socket
import time
from dataclasses import dataclass
from typing import Any, Callable

from collector.errors import KunangError
from collector.simulator import mibs

log = logging.getLogger(__name__)


class AgentError(KunangError):
    pass


@dataclass
class Snapshot:
    sim_t: float
    built: float  # time.monotonic()
    reachable: bool
    oids: list[tuple[int, ...]]
    values: list[Any]  # pyasn1 objects, built lazily
    rows: list[tuple]


class AgentFleet:
    """Serve every agent of `fleet` on 127.0.0.1:<agent.port> from `model` at `clock` time."""

    def __init__(self, fleet, model, clock, *, address: str = "127.0.0.1", hold_s: float = 1.0,
                 on_snapshot: Callable[[Any, Any], None] | None = None):
        self.fleet, self.model, self.clock = fleet, model, clock
        self.address = address
        self.hold_s = hold_s
        self.on_snapshot = on_snapshot
        self.requests = 0
        self.engine = None
        self._by_domain: dict[tuple[int, ...], Any] = {}
        self._snap: dict[tuple[int, str], Snapshot] = {}

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        from pysnmp.carrier.asyncio.dgram import udp
        from pysnmp.entity import config, engine
        from pysnmp.entity.rfc3413 import cmdrsp, context

        self.engine = snmp_engine = engine.SnmpEngine()
        for i, agent in enumerate(self.fleet.agents):
            domain = udp.DOMAIN_NAME + (i + 1,)
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                sock.bind((self.address, agent.port))
            except OSError as exc:
                sock.close()
                self.stop()
                raise AgentError(f"cannot listen on UDP {self.address}:{agent.port} for agent {agent.name!r} "
                                 f"({exc.strerror}); choose another --base-port") from None
            sock.setblocking(False)
            transport = udp.UdpAsyncioTransport().open_server_mode(sock=sock)
            config.add_transport(snmp_engine, domain, transport)
            self._by_domain[tuple(domain)] = agent
        config.add_v1_system(snmp_engine, "sim-area", self.fleet.community)
        snmp_ctx = context.SnmpContext(snmp_engine)
        snmp_ctx.unregister_context_name(b"")
        snmp_ctx.register_context_name(b"", _Controller(self))
        for cls in (cmdrsp.GetCommandResponder, cmdrsp.NextCommandResponder, cmdrsp.BulkCommandResponder):
            cls(snmp_engine, snmp_ctx)
        await asyncio.sleep(0)  # pysnmp opens the sockets on the running loop
        await self._warm_up()

    async def _warm_up(self) -> None:
        """pysnmp loads its MIB modules on the first message (~1 s): do that before real pollers come."""
        from pysnmp.proto import api

        if not self.fleet.agents:
            return
        p = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
        pdu = p.GetRequestPDU()
        p.apiPDU.set_defaults(pdu)
        p.apiPDU.set_varbinds(pdu, [((1, 3, 6, 1, 2, 1, 1, 3, 0), p.Null(""))])
        msg = p.Message()
        p.apiMessage.set_defaults(msg)
        p.apiMessage.set_community(msg, self.fleet.community)
        p.apiMessage.set_pdu(msg, pdu)
        from pyasn1.codec.ber import encoder

        data = encoder.encode(msg)
        loop = asyncio.get_running_loop()
        got = loop.create_future()

        class _Probe(asyncio.DatagramProtocol):
            def datagram_received(self, _data, _addr):
                if not got.done():
                    got.set_result(True)

        first = (self.address, self.fleet.agents[0].port)
        transport, _ = await loop.create_datagram_endpoint(_Probe, remote_addr=first)
        try:
            for _ in range(20):
                transport.sendto(data)
                try:
                    await asyncio.wait_for(asyncio.shield(got), 0.5)
                    return
                except asyncio.TimeoutError:
                    continue
        finally:
            transport.close()

    def stop(self) -> None:
        if self.engine is not None:
            try:
                self.engine.close_dispatcher()
            except Exception:  # noqa: BLE001 - closing best effort
                log.debug("closing the agents' dispatcher failed", exc_info=True)
            self.engine = None

    # ------------------------------------------------------------------ data

    def agent_for(self, snmp_engine) -> Any:
        ctx = snmp_engine.observer.get_execution_context("rfc3412.receiveMessage:request")
        return self._by_domain.get(tuple(ctx["transportDomain"]))

    def snapshot(self, agent) -> Snapshot:
        key = (agent.site_index, agent.name)
        now_sim = self.clock.now().timestamp()
        now = time.monotonic()
        snap = self._snap.get(key)
        manual = getattr(self.clock, "manual", False)
        fresh = snap is not None and (snap.sim_t == now_sim if manual else now - snap.built < self.hold_s)
        if fresh:
            return snap
        state = self.model.agent_state(agent, now_sim)
        site = self.fleet.sites[agent.site_index]
        rows = mibs.render(agent, state, site) if state.reachable else []
        snap = Snapshot(now_sim, now, state.reachable, [r[0] for r in rows], [None] * len(rows), rows)
        self._snap[key] = snap
        if self.on_snapshot is not None and state.reachable:
            self.on_snapshot(agent, state)
        return snap


def _value(row: tuple) -> Any:
    from pysnmp.proto import rfc1902

    _oid, tag, v = row
    if tag == mibs.OCTETS:
        return rfc1902.OctetString(v)
    if tag == mibs.INTEGER:
        return rfc1902.Integer32(v)
    if tag == mibs.COUNTER32:
        return rfc1902.Counter32(v)
    if tag == mibs.COUNTER64:
        return rfc1902.Counter64(v)
    if tag == mibs.GAUGE32:
        return rfc1902.Gauge32(v)
    if tag == mibs.TICKS:
        return rfc1902.TimeTicks(v)
    if tag == mibs.IPADDR:
        return rfc1902.IpAddress(v)
    if tag == mibs.OID:
        return rfc1902.ObjectName(v)
    raise ValueError(f"unknown type tag {tag}")


def _controller_base():
    from pysnmp.smi import instrum

    return instrum.AbstractMibInstrumController


class _Controller(_controller_base()):  # type: ignore[misc]
    """read/read-next over a sorted snapshot; a down agent raises so that no response is sent."""

    def __init__(self, fleet: AgentFleet):
        self.fleet = fleet

    def _snap(self, context) -> Snapshot:
        from pysnmp.error import PySnmpError

        self.fleet.requests += 1
        agent = self.fleet.agent_for(context["snmpEngine"])
        if agent is None:
            raise PySnmpError("request on an unknown transport")
        snap = self.fleet.snapshot(agent)
        if not snap.reachable:
            raise PySnmpError("agent is down")  # cmdrsp drops the request: no response at all
        return snap

    @staticmethod
    def _at(snap: Snapshot, i: int):
        v = snap.values[i]
        if v is None:
            v = snap.values[i] = _value(snap.rows[i])
        return v

    def read_variables(self, *var_binds, **context):
        from pysnmp.proto import rfc1905

        snap = self._snap(context)
        out = []
        for name, _val in var_binds:
            oid = tuple(name)
            i = bisect.bisect_left(snap.oids, oid)
            if i < len(snap.oids) and snap.oids[i] == oid:
                out.append((name, self._at(snap, i)))
            else:
                out.append((name, rfc1905.noSuchInstance))
        return out

    def read_next_variables(self, *var_binds, **context):
        from pysnmp.proto import rfc1902, rfc1905

        snap = self._snap(context)
        out = []
        for name, _val in var_binds:
            i = bisect.bisect_right(snap.oids, tuple(name))
            if i < len(snap.oids):
                out.append((rfc1902.ObjectName(snap.oids[i]), self._at(snap, i)))
            else:
                out.append((name, rfc1905.endOfMibView))
        return out

    def write_variables(self, *var_binds, **context):
        from pysnmp.smi import error

        raise error.NotWritableError(name=var_binds[0][0] if var_binds else None, idx=0)


def free_base_port(count: int, start: int = 20000, stop: int = 60000, address: str = "127.0.0.1") -> int:
    """The first port p >= start such that UDP p..p+count-1 are all free on `address` right now."""
    p = start
    while p + count < stop:
        socks = []
        try:
            for k in range(count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind((address, p + k))
            return p
        except OSError:
            p += len(socks) + 1
        finally:
            for s in socks:
                s.close()
    raise AgentError(f"no {count} consecutive free UDP ports between {start} and {stop}")
