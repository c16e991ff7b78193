"""Reading an 802.11 probe request straight from its captured bytes (radiotap + 802.11 header).

Only what the probe handler needs is read: the radiotap signal (dBm_AntSignal) and flags (FCS
present, bad FCS), the frame type, the transmitter address, and whether the information elements
after the header are well formed. The probed SSIDs are never read into a Python object: the element
chain is only walked to check its lengths.

Reading the bytes ourselves instead of scapy's dissection: a probe costs a few microseconds rather
than the hundreds scapy's RadioTap/Dot11 dissection takes (bench/probes.py), and a truncated or
mangled frame is a clear `Malformed` reason instead of whatever partial layers scapy left.

Radiotap (https://www.radiotap.org): version 0, pad, length (LE u16), present words (LE u32; bit 31
says another word follows); fields in bit order, each aligned to its own size from the header start.
Fields 0..5 are all this needs: TSFT (8, align 8), Flags (1), Rate (1), Channel (2+2, align 2),
FHSS (1+1), dBm_AntSignal (s8).
"""

from __future__ import annotations

import struct

_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")

# (size, alignment) of radiotap fields 0..4, the ones before dBm_AntSignal
_FIELDS = ((8, 8), (1, 1), (1, 1), (4, 2), (2, 1))
F_FCS = 0x10      # radiotap flags: the frame ends with a 4-byte FCS
F_BAD_FCS = 0x40  # radiotap flags: the FCS check failed
PROBE_REQ = 0x40  # frame control byte 0: type management (0), subtype probe request (4), version 0
HEADER = 24       # management frame header: fc, duration, addr1, addr2, addr3, seq


class Malformed(Exception):
    """A frame that cannot be a valid probe request; its args[0] is the counter name."""


def parse_probe(raw: bytes) -> tuple[bytes, int | None] | None:
    """(transmitter address as 6 bytes, signal in dBm or None) of a probe request.

    None when the frame is well formed but not a probe request; `Malformed(reason)` when it is cut
    short or inconsistent (reasons: truncated, bad_radiotap, bad_fcs, bad_elements, bad_address).
    """
    n = len(raw)
    if n < 8:
        raise Malformed("truncated")
    if raw[0] != 0:
        raise Malformed("bad_radiotap")
    rt_len = _U16.unpack_from(raw, 2)[0]
    if rt_len < 8 or rt_len > n:
        raise Malformed("truncated" if rt_len > n else "bad_radiotap")
    present = _U32.unpack_from(raw, 4)[0]
    off = 8
    word = present
    while word & 0x80000000:  # extended present bitmaps: skip them
        if off + 4 > rt_len:
            raise Malformed("bad_radiotap")
        word = _U32.unpack_from(raw, off)[0]
        off += 4
    flags = 0
    signal = None
    for bit in range(6):
        if not present & (1 << bit):
            continue
        if bit == 5:
            if off + 1 > rt_len:
                raise Malformed("bad_radiotap")
            signal = raw[off] - 256 if raw[off] > 127 else raw[off]
            break
        size, align = _FIELDS[bit]
        off = (off + align - 1) & ~(align - 1)
        if off + size > rt_len:
            raise Malformed("bad_radiotap")
        if bit == 1:
            flags = raw[off]
        off += size
    end = n - 4 if flags & F_FCS else n
    if flags & F_BAD_FCS:
        raise Malformed("bad_fcs")
    frame = rt_len
    if end - frame < 2:
        raise Malformed("truncated")
    if raw[frame] != PROBE_REQ:
        return None
    if end - frame < HEADER:
        raise Malformed("truncated")
    addr2 = raw[frame + 10:frame + 16]
    if addr2[0] & 1 or addr2 == b"\x00" * 6:  # a group address cannot transmit
        raise Malformed("bad_address")
    pos = frame + HEADER
    if pos + 2 > end or raw[pos] != 0:  # a probe request starts its elements with the SSID element
        raise Malformed("bad_elements")
    while pos < end:  # information elements: id, length, body; only the lengths are checked
        if pos + 2 > end or pos + 2 + raw[pos + 1] > end:
            raise Malformed("bad_elements")
        pos += 2 + raw[pos + 1]
    return addr2, signal
