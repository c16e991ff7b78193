"""802.11 probe requests built with scapy, as a monitor-mode interface captures them (radiotap first)."""

from __future__ import annotations

from scapy.layers.dot11 import Dot11, Dot11Beacon, Dot11Elt, Dot11EltRates, Dot11ProbeReq, RadioTap
from scapy.packet import raw

BROADCAST = "ff:ff:ff:ff:ff:ff"


def probe(mac: str, rssi: int | None = -50, *, ssid: bytes = b"", t: float | None = None, fcs: bool = False):
    """A probe request from `mac`; `rssi=None`: a radiotap header without the signal field."""
    if rssi is None:
        rt = RadioTap(present="Flags+Rate+Channel", Flags="FCS" if fcs else 0, Rate=2, ChannelFrequency=2437,
                      ChannelFlags="CCK+2GHz")
    else:
        rt = RadioTap(present="Flags+Rate+Channel+dBm_AntSignal", Flags="FCS" if fcs else 0, Rate=2,
                      ChannelFrequency=2437, ChannelFlags="CCK+2GHz", dBm_AntSignal=rssi)
    pkt = (rt / Dot11(type=0, subtype=4, addr1=BROADCAST, addr2=mac, addr3=BROADCAST)
           / Dot11ProbeReq() / Dot11Elt(ID="SSID", info=ssid) / Dot11EltRates(rates=[2, 4, 11, 22]))
    if fcs:
        pkt = RadioTap(raw(pkt) + b"\x12\x34\x56\x78")
    if t is not None:
        pkt.time = t
    return pkt


def beacon(bssid: str, t: float | None = None):
    pkt = (RadioTap(present="dBm_AntSignal", dBm_AntSignal=-40)
           / Dot11(type=0, subtype=8, addr1=BROADCAST, addr2=bssid, addr3=bssid)
           / Dot11Beacon() / Dot11Elt(ID="SSID", info=b"Perpus-Free"))
    if t is not None:
        pkt.time = t
    return pkt


def tsft_probe(mac: str, rssi: int) -> bytes:
    """Radiotap written by hand: two present words (extended bitmap), TSFT aligned to 8, Flags, signal."""
    import struct
    present = (1 << 0) | (1 << 1) | (1 << 5) | (1 << 31)
    hdr = struct.pack("<BBHII", 0, 0, 26, present, 0) + b"\x00" * 4 + struct.pack("<Q", 123456789)
    hdr += bytes([0, rssi & 0xFF])
    assert len(hdr) == 26
    return hdr + raw(Dot11(type=0, subtype=4, addr1=BROADCAST, addr2=mac, addr3=BROADCAST) / Dot11ProbeReq()
                     / Dot11Elt(ID="SSID", info=b""))


def stamped(template: bytes, mac: bytes, rssi: int) -> bytes:
    """A copy of a `raw(probe(...))` frame (with a signal field) with another transmitter and signal:
    building thousands of frames with scapy takes minutes on a loaded machine, patching them microseconds."""
    b = bytearray(template)
    rt_len = b[2] | b[3] << 8
    b[14] = rssi & 0xFF  # Flags, Rate, Channel (4), then the signal: radiotap offset 14
    b[rt_len + 10:rt_len + 16] = mac
    return bytes(b)
