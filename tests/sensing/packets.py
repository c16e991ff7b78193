"""Frames built with scapy for the sensing tests (RFC 2131 message shapes; nothing recorded)."""

from __future__ import annotations

from scapy.layers.dhcp import BOOTP, DHCP
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import ARP, Ether
from scapy.utils import mac2str

SERVER = "52:54:00:00:00:fe"


def dhcp(mac: str, kind: str, *options, server: bool = False, yiaddr: str = "0.0.0.0", ciaddr: str = "0.0.0.0"):
    op = 2 if server else 1
    return (Ether(src=SERVER if server else mac, dst="ff:ff:ff:ff:ff:ff")
            / IP(src="10.9.0.1" if server else "0.0.0.0", dst="255.255.255.255")
            / UDP(sport=67 if server else 68, dport=68 if server else 67)
            / BOOTP(op=op, chaddr=mac2str(mac), yiaddr=yiaddr, ciaddr=ciaddr)
            / DHCP(options=[("message-type", kind), *options, "end"]))


def arp(mac: str, ip: str, target: str = "10.9.0.1", op: int = 1):
    return Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / ARP(op=op, hwsrc=mac, psrc=ip, pdst=target)


def raw_frame(p) -> bytes:
    return bytes(p)
