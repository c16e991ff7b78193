"""The syslog receiver over real UDP and TCP sockets on loopback, and RFC 6587 framing."""

from __future__ import annotations

import asyncio
import socket

import pytest

from collector.portal.event import ParseError, PortalEvent
from collector.portal.framing import Framer
from collector.portal.receiver import Route, SyslogReceiver
from tests.portal.conftest import WITA

LOGIN = "<134>Nov 27 10:00:00 desa-01 hotspot,account,info,debug budi (10.5.50.9): logged in"
LOGOUT = "<134>1 2026-11-27T11:00:00+08:00 desa-01 - - - - hotspot,info,debug budi (10.5.50.9): logged out: keepalive timeout"


def test_framer_octet_counting_newline_and_truncation():
    f = Framer(max_bytes=64)
    msg = b"<13>1 - h a - - - hello"
    out = f.feed(b"%d " % len(msg) + msg[:5])
    assert out == []
    out = f.feed(msg[5:] + b"<13>plain newline framed\n" + b"%d " % len(msg))
    assert [x.data for x in out] == [msg, b"<13>plain newline framed"]
    out = f.feed(msg + b"2024-01-01T00:00:00Z host app: starts with digits\r\n")
    assert [x.data for x in out] == [msg, b"2024-01-01T00:00:00Z host app: starts with digits"]
    big = b"<13>" + b"x" * 200
    out = f.feed(b"%d " % len(big) + big[:100])
    assert len(out) == 1 and out[0].truncated and out[0].data == big[:64]
    out = f.feed(big[100:] + b"<13>after the big one\n")
    assert [x.data for x in out] == [b"<13>after the big one"]  # the rest of the big frame was skipped
    out = f.feed(b"<13>" + b"y" * 300)
    assert len(out) == 1 and out[0].truncated
    out = f.feed(b"y" * 50 + b"\n<13>next\n")
    assert [x.data for x in out] == [b"<13>next"]
    assert f.feed(b"<13>no newline at the end") == []
    assert [x.data for x in f.close()] == [b"<13>no newline at the end"]


@pytest.fixture
def collected():
    return []


def _receiver(collected, **kw):
    routes = [Route("desa-01-hotspot", "Desa Sembalun", ("127.0.0.1",), "mikrotik", WITA),
              Route("pfsense-net", "Kantor", ("127.0.0.64/26",), "auto", WITA)]
    return SyslogReceiver(routes, collected.extend, host="127.0.0.1", port=0, max_message_bytes=512, **kw)


async def _wait_for(pred, timeout=5.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not pred():
        if loop.time() > end:
            raise AssertionError("timed out waiting for messages")
        await asyncio.sleep(0.01)


def test_udp_messages_become_events(collected):
    async def scenario():
        async with _receiver(collected) as rx:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(LOGIN.encode(), ("127.0.0.1", rx.udp_port))
                s.sendto(LOGOUT.encode() + b"\n", ("127.0.0.1", rx.udp_port))
                s.sendto(b"<134>Nov 27 10:05:00 desa-01 hotspot,info \xff\xfe (10.5.50.9): logged in", ("127.0.0.1", rx.udp_port))
                s.sendto(b"<134>Nov 27 10:06:00 desa-01 hotspot,info budi (10.5.50.999x): logged in", ("127.0.0.1", rx.udp_port))
                s.sendto(b"<134>" + b"z" * 5000, ("127.0.0.1", rx.udp_port))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:  # a peer of no source
                s.bind(("127.0.0.2", 0))
                s.sendto(LOGIN.encode(), ("127.0.0.1", rx.udp_port))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:  # a peer of a network route
                s.bind(("127.0.0.70", 0))
                s.sendto(b"<166>Nov 27 10:07:00 fw logportalauth[1]: Zone: z - ACCEPT: ani, aa-bb-cc-dd-ee-ff, 10.9.0.5",
                         ("127.0.0.1", rx.udp_port))
            await _wait_for(lambda: rx.stats.messages >= 7)
            return rx.stats

    stats = asyncio.run(scenario())
    assert stats.unknown_peer == 1 and "127.0.0.2" in stats.unknown_peers
    assert stats.truncated == 1
    by_kind = [(r.kind if isinstance(r, PortalEvent) else "error") for r in collected]
    assert by_kind == ["login", "logout", "login", "error", "other", "login"]
    login, logout = collected[0], collected[1]
    assert (login.user, login.ip, login.site, login.source, login.host) == (
        "budi", "10.5.50.9", "Desa Sembalun", "desa-01-hotspot", "desa-01")
    assert login.origin.startswith("udp:127.0.0.1:") and login.time.tzinfo is WITA
    assert logout.reason == "keepalive timeout" and logout.time.isoformat() == "2026-11-27T11:00:00+08:00"
    assert "\ufffd" in collected[2].user  # invalid UTF-8 replaced, line still understood
    assert isinstance(collected[3], ParseError) and collected[3].raw.endswith("logged in")
    assert collected[5].mac == "aa:bb:cc:dd:ee:ff" and collected[5].site == "Kantor"


def test_tcp_octet_counting_and_newline_framing(collected):
    async def scenario():
        async with _receiver(collected, udp=False) as rx:
            reader, writer = await asyncio.open_connection("127.0.0.1", rx.tcp_port)
            a, b = LOGIN.encode(), LOGOUT.encode()
            payload = b"%d " % len(a) + a + b + b"\n" + b"%d " % len(b) + b
            for i in range(0, len(payload), 7):  # arrives in small pieces
                writer.write(payload[i:i + 7])
                await writer.drain()
            writer.write(b"%d " % 10000 + b"<134>" + b"q" * 9995)  # oversized octet-counted frame
            writer.write(LOGIN.encode() + b"\n")
            await writer.drain()
            writer.close()
            await writer.wait_closed()
            await _wait_for(lambda: rx.stats.messages >= 5)
            # a second connection, newline framing only, closed without a final newline
            reader, writer = await asyncio.open_connection("127.0.0.1", rx.tcp_port)
            writer.write(LOGOUT.encode() + b"\r\n" + LOGIN.encode())
            await writer.drain()
            writer.close()
            await _wait_for(lambda: rx.stats.messages >= 7)
            return rx.stats

    stats = asyncio.run(scenario())
    kinds = [r.kind for r in collected]
    assert kinds == ["login", "logout", "logout", "other", "login", "logout", "login"]
    assert stats.truncated == 1 and stats.connections == 2
    assert all(r.origin.startswith("tcp:127.0.0.1:") for r in collected)
