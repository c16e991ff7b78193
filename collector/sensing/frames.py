"""Strict readers of the few frames the LAN sensor needs (Ethernet, IPv4/UDP, BOOTP/DHCP, ARP), on raw bytes.

Every length is checked before it is used: a short or inconsistent frame raises `Malformed`, which the
handler counts. Reading the bytes here, rather than trusting scapy's dissection, keeps a bad option
length from becoming a wrong value (scapy pads or truncates silently) and costs a fraction of it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

ETH_IPV4, ETH_ARP, ETH_VLAN = 0x0800, 0x0806, (0x8100, 0x88A8)
MAGIC = b"\x63\x82\x53\x63"
# DHCP message types (RFC 2132 option 53)
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE, INFORM = 1, 2, 3, 4, 5, 6, 7, 8


class Malformed(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Dhcp:
    op: int  # 1 request (client), 2 reply (server)
    msg_type: int | None
    chaddr: bytes  # client hardware address (6 bytes)
    ciaddr: str
    yiaddr: str
    src_mac: bytes  # the frame's sender (the server for replies)
    requested: str | None  # option 50
    lease_s: int | None  # option 51
    hostname: str | None  # option 12
    vendor_class: str | None  # option 60
    params: tuple[int, ...] | None  # option 55, in the client's order


@dataclass(frozen=True, slots=True)
class Arp:
    op: int
    sender_mac: bytes
    sender_ip: str
    target_ip: str


def _ip(b: bytes) -> str:
    return f"{b[0]}.{b[1]}.{b[2]}.{b[3]}"


def ethertype(frame: bytes) -> tuple[int, int]:
    """(ethertype, offset of the payload), VLAN tags skipped."""
    if len(frame) < 14:
        raise Malformed("short Ethernet header")
    off = 12
    (et,) = struct.unpack_from("!H", frame, off)
    while et in ETH_VLAN:
        off += 4
        if len(frame) < off + 2:
            raise Malformed("short VLAN tag")
        (et,) = struct.unpack_from("!H", frame, off)
    return et, off + 2


def read_arp(frame: bytes, off: int) -> Arp:
    if len(frame) < off + 28:
        raise Malformed("short ARP packet")
    htype, ptype, hlen, plen, op = struct.unpack_from("!HHBBH", frame, off)
    if htype != 1 or ptype != ETH_IPV4 or hlen != 6 or plen != 4:
        raise Malformed("ARP for other than Ethernet/IPv4")
    return Arp(op, frame[off + 8:off + 14], _ip(frame[off + 14:off + 18]), _ip(frame[off + 24:off + 28]))


def udp_payload(frame: bytes, off: int) -> tuple[int, int, bytes]:
    """(source port, destination port, payload) of an IPv4/UDP packet at `off`."""
    if len(frame) < off + 20:
        raise Malformed("short IPv4 header")
    vihl = frame[off]
    ihl = (vihl & 0x0F) * 4
    if vihl >> 4 != 4 or ihl < 20 or len(frame) < off + ihl + 8:
        raise Malformed("bad IPv4 header")
    (total,) = struct.unpack_from("!H", frame, off + 2)
    if frame[off + 9] != 17:
        raise Malformed("not UDP")
    if struct.unpack_from("!H", frame, off + 6)[0] & 0x3FFF:  # a fragment: never a whole DHCP message
        raise Malformed("fragmented")
    u = off + ihl
    sport, dport, ulen = struct.unpack_from("!HHH", frame, u)
    if ulen < 8 or u + ulen > len(frame) or total < ihl + ulen:
        raise Malformed("bad UDP length")
    return sport, dport, frame[u + 8:u + ulen]


def read_dhcp(frame: bytes, src_mac: bytes, payload: bytes) -> Dhcp:
    if len(payload) < 240:
        raise Malformed("short BOOTP message")
    if payload[236:240] != MAGIC:
        raise Malformed("no DHCP magic cookie")
    op, htype, hlen = payload[0], payload[1], payload[2]
    if op not in (1, 2) or htype != 1 or hlen != 6:
        raise Malformed("BOOTP for other than Ethernet")
    opts: dict[int, bytes] = {}
    i, end = 240, len(payload)
    ended = False
    while i < end:
        code = payload[i]
        if code == 0:  # pad
            i += 1
            continue
        if code == 255:
            ended = True
            break
        if i + 1 >= end:
            raise Malformed("option without a length")
        n = payload[i + 1]
        if i + 2 + n > end:
            raise Malformed(f"option {code} runs past the message")
        # RFC 3396: a repeated option continues the first
        opts[code] = opts.get(code, b"") + payload[i + 2:i + 2 + n]
        i += 2 + n
    if not ended:
        raise Malformed("no end option")
    mt = opts.get(53)
    if mt is not None and len(mt) != 1:
        raise Malformed("bad message-type option")
    req = opts.get(50)
    if req is not None and len(req) != 4:
        raise Malformed("bad requested-address option")
    lease = opts.get(51)
    if lease is not None and len(lease) != 4:
        raise Malformed("bad lease-time option")
    params = opts.get(55)
    return Dhcp(
        op=op, msg_type=mt[0] if mt else None, chaddr=payload[28:34], ciaddr=_ip(payload[12:16]),
        yiaddr=_ip(payload[16:20]), src_mac=src_mac, requested=_ip(req) if req else None,
        lease_s=struct.unpack("!I", lease)[0] if lease else None,
        hostname=_text(opts.get(12)), vendor_class=_text(opts.get(60)),
        params=tuple(params) if params else None,
    )


def _text(b: bytes | None) -> str | None:
    if not b:
        return None
    s = b.rstrip(b"\x00").decode("utf-8", "replace")
    s = "".join(c for c in s if c.isprintable())
    return s or None
