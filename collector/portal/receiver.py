"""Asyncio syslog receiver (UDP and TCP) for captive-portal logs.

Each message is parsed with the format of the route its peer address maps to
(a configured portal source: site, format, zone) and handed, with parse errors,
to a `sink` callable (sync or async) as a one-item list. Unknown peers are
dropped and counted (logged once per address). Invalid UTF-8 is replaced,
oversized messages are truncated, and nothing a sender does can stop the loop.
The receiver holds no global state: several may run side by side (tests).
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from collector.portal.context import ParseContext
from collector.portal.event import ParseError, PortalEvent
from collector.portal.framing import Framer
from collector.portal.parser import parse_line

log = logging.getLogger(__name__)

Result = PortalEvent | ParseError
Sink = Callable[[list[Result]], object]


@dataclass(frozen=True)
class Route:
    """Where messages from some peers belong: `name` is the portal source."""

    name: str
    site: str
    peers: tuple[str, ...]  # addresses or networks ("10.0.5.1", "10.0.6.0/24")
    format: str = "auto"
    tz: tzinfo = timezone.utc


@dataclass
class ReceiverStats:
    messages: int = 0
    events: int = 0
    errors: int = 0
    truncated: int = 0
    unknown_peer: int = 0
    connections: int = 0
    unknown_peers: set[str] = field(default_factory=set)


class RouteTable:
    def __init__(self, routes: Iterable[Route]) -> None:
        self._exact: dict[str, Route] = {}
        self._nets: list[tuple[ipaddress._BaseNetwork, Route]] = []
        for r in routes:
            for p in r.peers:
                if "/" in p:
                    self._nets.append((ipaddress.ip_network(p, strict=False), r))
                else:
                    self._exact[str(ipaddress.ip_address(p))] = r
        self._cache: dict[str, Route | None] = {}

    def lookup(self, peer: str) -> Route | None:
        hit = self._cache.get(peer, False)
        if hit is not False:
            return hit
        route = self._exact.get(peer)
        if route is None and self._nets:
            try:
                addr = ipaddress.ip_address(peer)
            except ValueError:
                addr = None
            if addr is not None and addr.version == 6 and addr.ipv4_mapped:
                addr = addr.ipv4_mapped
                route = self._exact.get(str(addr))
            if route is None and addr is not None:
                route = next((r for net, r in self._nets if addr in net), None)
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[peer] = route
        return route


class SyslogReceiver:
    def __init__(self, routes: Iterable[Route], sink: Sink | None, *, host: str = "127.0.0.1", port: int = 5514,
                 udp: bool = True, tcp: bool = True, max_message_bytes: int = 8192,
                 raw_sink: Callable[[Route, str, str, bool], int] | None = None,
                 durable: Callable[[int], Awaitable[None]] | None = None,
                 receive_buffer_bytes: int | None = None) -> None:
        """`raw_sink(route, origin, text, truncated) -> seq` takes each accepted message
        unparsed (the spool; parsing happens when it is stored); then a TCP read is
        followed by `await durable(seq)` before the next read, so what was read
        from a connection is on disk before more is taken from the kernel."""
        self.routes = RouteTable(routes)
        self.sink = sink
        self.raw_sink, self.durable = raw_sink, durable
        self.receive_buffer_bytes = receive_buffer_bytes
        self.udp_socket = None
        self._last_seq = 0
        self.host, self.port = host, port
        self.udp, self.tcp = udp, tcp
        self.max = max_message_bytes
        self.stats = ReceiverStats()
        self._transport: asyncio.DatagramTransport | None = None
        self._server: asyncio.base_events.Server | None = None
        self._conns: set[asyncio.Task] = set()
        self.udp_port: int | None = None
        self.tcp_port: int | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        if self.udp:
            sock = _udp_socket(self.host, self.port, self.receive_buffer_bytes)
            self._transport, _ = await loop.create_datagram_endpoint(lambda: _Udp(self), sock=sock)
            self.udp_socket = sock
            self.udp_port = sock.getsockname()[1]
        if self.tcp:
            tcp_port = self.port if self.port or not self.udp_port else self.udp_port
            try:
                self._server = await asyncio.start_server(self._handle_tcp, self.host, tcp_port)
            except OSError:
                if self.port:
                    raise
                self._server = await asyncio.start_server(self._handle_tcp, self.host, 0)
            self.tcp_port = self._server.sockets[0].getsockname()[1]
        log.info("syslog receiver on %s udp=%s tcp=%s", self.host, self.udp_port, self.tcp_port)

    async def stop(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if self._server is not None:
            self._server.close()
            for task in list(self._conns):
                task.cancel()
            await asyncio.gather(*self._conns, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> "SyslogReceiver":
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    # ---------------------------------------------------------------- handling

    def handle(self, data: bytes, peer: tuple, proto: str, truncated: bool = False) -> Result | None:
        """Parse one message from `peer`; returns what was given to the sink."""
        self.stats.messages += 1
        host = peer[0] if peer else "?"
        route = self.routes.lookup(host)
        if route is None:
            self.stats.unknown_peer += 1
            if host not in self.stats.unknown_peers and len(self.stats.unknown_peers) < 1000:
                self.stats.unknown_peers.add(host)
                log.warning("syslog message from unconfigured peer %s dropped", host)
            return None
        if len(data) > self.max:
            data, truncated = data[: self.max], True
        if truncated:
            self.stats.truncated += 1
        text = data.decode("utf-8", errors="replace").rstrip("\r\n\x00")
        origin = f"{proto}:{host}:{peer[1] if len(peer) > 1 else 0}"
        if self.raw_sink is not None:
            self._last_seq = self.raw_sink(route, origin, text, truncated)
            return None
        now = datetime.now(route.tz)
        ctx = ParseContext(tz=route.tz, now=now, site=route.site, received_at=now)
        try:
            result: Result = parse_line(text, route.format, ctx)
        except ParseError as err:
            result = err
        except Exception as exc:  # a parser bug must not stop the receiver
            result = ParseError(f"parser failure: {type(exc).__name__}")
        if isinstance(result, ParseError):
            self.stats.errors += 1
            result.raw, result.origin, result.format = text, origin, result.format or route.format
            result.line = None
        else:
            self.stats.events += 1
            result.site, result.source, result.origin = route.site, route.name, origin
            result.raw = text
            if truncated and result.reason is None and result.kind != "other":
                result.reason = "truncated message"
        return result

    def _deliver(self, result: Result | None) -> None:
        if result is None:
            return
        try:
            out = self.sink([result])
            if inspect.isawaitable(out):
                task = asyncio.ensure_future(out)
                task.add_done_callback(_log_sink_failure)
        except Exception:  # the sink's problem must not kill the listener
            log.exception("portal sink failed")

    async def _handle_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._conns.add(task)
        self.stats.connections += 1
        peer = writer.get_extra_info("peername") or ("?", 0)
        framer = Framer(self.max)
        try:
            while True:
                data = await reader.read(65536)
                frames = framer.feed(data) if data else framer.close()
                for frame in frames:
                    self._deliver(self.handle(frame.data, peer, "tcp", frame.truncated))
                if frames and self.durable is not None:
                    await self.durable(self._last_seq)  # on disk before more is read
                if not data:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._conns.discard(task)
            writer.close()


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, receiver: SyslogReceiver) -> None:
        self.r = receiver

    def datagram_received(self, data: bytes, addr) -> None:
        # one datagram is one message (RFC 5426); a trailing newline is not part of it
        self.r._deliver(self.r.handle(data, addr, "udp"))

    def error_received(self, exc: Exception) -> None:  # ICMP errors: nothing to do
        log.debug("udp error: %s", exc)


def _udp_socket(host: str, port: int, rcvbuf: int | None) -> socket.socket:
    """The UDP socket with a receive buffer for bursts (past net.core.rmem_max when allowed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        if rcvbuf:
            try:
                sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33), rcvbuf)
            except OSError:  # not root: the kernel caps it at net.core.rmem_max
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            got = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) // 2  # Linux reports twice the size
            if got < rcvbuf * 0.9:
                log.warning("syslog UDP receive buffer is %d bytes, not %d (raise net.core.rmem_max)", got, rcvbuf)
        sock.bind((host, port))
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _log_sink_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("portal sink failed: %s", task.exception())


def routes_from_config(cfg) -> list[Route]:
    """Routes for the `kind: syslog` sources of kunang.yaml (`portal.sources`)."""
    from collector.portal.timeparse import get_zone

    zones = {s.name: s.timezone for s in cfg.sites}
    return [Route(s.name, s.site, tuple(s.peers), s.format, get_zone(s.timezone or zones.get(s.site)))
            for s in cfg.portal.sources if s.kind == "syslog"]
