"""Pure: make a walk safe to share. MACs, IPv4 addresses, serial numbers and names are replaced
by stand-ins, the same original always by the same stand-in (so tables still join: a station's
AP MAC still finds its AP row, an AP name its clients), in values and in table indexes alike.

    scrubber = Scrubber(name_columns)          # OIDs of columns holding names/serials (from the profiles)
    rows = scrubber.scrub(rows)                # [(oid, value)] -> [(oid, value)]

Kept: sysDescr and sysObjectID (identification needs them; MACs/IPs inside are still replaced),
SSIDs, interface names, counters. Stand-ins: MACs keep their vendor prefix (OUI) and get a serial
number from 5c:00:01; IPv4 addresses become 10.x.y.z; names `name-N`, serials `SERIAL000N`.
"""

from __future__ import annotations

import re
import string
from typing import Any

from collector.identifiers import mac_octets
from contract import MAC_IN_TEXT

Oid = tuple[int, ...]
SYSTEM = (1, 3, 6, 1, 2, 1, 1)
SYS_DESCR, SYS_OBJECT_ID = SYSTEM + (1, 0), SYSTEM + (2, 0)
SYS_PERSONAL = {SYSTEM + (4, 0): "contact", SYSTEM + (5, 0): "name", SYSTEM + (6, 0): "location"}
IF_ALIAS = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18)
_IP_TEXT = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_KEEP_IPS = {"0.0.0.0", "127.0.0.1", "255.255.255.255"}
NAME_WORDS = re.compile(r"(?i)serial|name|hostname|identity|location|contact|description|descr$|owner|user")
NOT_NAMES = re.compile(r"(?i)model|board|interface|ifname|ssid|radio|vap")  # product and interface names stay


def is_name_object(obj: str) -> bool:
    """A MIB object holding a name or serial of a device, site or person (scrubbed)."""
    return bool(NAME_WORDS.search(obj)) and not NOT_NAMES.search(obj)


def is_ip_text(text: str) -> bool:
    m = _IP_TEXT.fullmatch(text)
    return bool(m) and all(int(p) <= 255 for p in m.groups())


class Scrubber:
    def __init__(self, name_columns: dict[Oid, str] | None = None) -> None:
        """`name_columns`: {column or scalar object OID: kind ('name' or 'serial')}."""
        self.name_columns = dict(name_columns or {})
        self.macs: dict[bytes, bytes] = {}
        self.ips: dict[str, str] = {}
        self.names: dict[tuple[str, bytes], bytes] = {}

    # ------------------------------------------------------------------ stand-ins
    def mac(self, raw: bytes) -> bytes:
        if raw not in self.macs:
            n = len(self.macs) + 1
            self.macs[raw] = raw[:3] + (0x5C0000 + n).to_bytes(3, "big")  # 5c:..: a stand-in, never the original
        return self.macs[raw]

    def ip(self, text: str) -> str:
        if text in _KEEP_IPS or text.startswith("255.") or text.startswith("127."):
            return text
        if text not in self.ips:
            n = len(self.ips) + 1
            self.ips[text] = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        return self.ips[text]

    def name(self, kind: str, raw: bytes) -> bytes:
        if not raw.strip(b"\x00 "):
            return raw
        key = (kind, raw)
        if key not in self.names:
            n = sum(1 for k in self.names if k[0] == kind) + 1
            self.names[key] = (f"SERIAL{n:06d}" if kind == "serial" else f"{kind}-{n}").encode()
        return self.names[key]

    def text(self, text: str, ips: bool = True) -> str:
        """MACs and IPv4 addresses written as text inside a string."""
        def mac_sub(m: re.Match) -> str:
            """The stand-in written the way the original was (separators, grouping, case)."""
            old = m.group(0)
            try:
                new = self.mac(mac_octets(old)).hex()
            except ValueError:  # mixed separators: not a MAC (collector/identifiers.py)
                return old
            digits = iter(new.upper() if old.isupper() else new)
            return "".join(next(digits) if c in string.hexdigits else c for c in old)

        def ip_sub(m: re.Match) -> str:
            return self.ip(m.group(0)) if all(int(p) <= 255 for p in m.groups()) else m.group(0)

        text = MAC_IN_TEXT.sub(mac_sub, text)  # every spelling the collector scrubs (contract)
        return _IP_TEXT.sub(ip_sub, text) if ips else text

    # ------------------------------------------------------------------ rows
    def _column_kind(self, oid: Oid) -> tuple[Oid, str] | None:
        for n in range(len(oid) - 1, 6, -1):
            kind = self.name_columns.get(oid[:n])
            if kind is not None:
                return oid[:n], kind
        return None

    def _value(self, oid: Oid, value: Any) -> Any:
        if oid in (SYS_DESCR, SYS_OBJECT_ID):  # identification: only MACs go (versions look like addresses)
            return value if isinstance(value, str) else self._bytes_text(value, ips=False)
        if oid in SYS_PERSONAL and isinstance(value, (bytes, str)):
            return self.name(SYS_PERSONAL[oid], value.encode() if isinstance(value, str) else value)
        if oid[: len(IF_ALIAS)] == IF_ALIAS and isinstance(value, bytes) and value:
            return self.name("alias", value)
        named = self._column_kind(oid)
        if named is not None and isinstance(value, (bytes, str)):
            raw = value.encode() if isinstance(value, str) else value
            if len(raw) == 6 and not raw.isascii():
                return self.mac(raw)
            if is_ip_text(raw.decode("latin-1")):
                return self.ip(raw.decode())
            return self.name(named[1], raw)
        if isinstance(value, bytes):
            if len(value) == 6 and _mac_like(tuple(value)):
                return self.mac(value)
            return self._bytes_text(value)
        if isinstance(value, str) and is_ip_text(value):
            return self.ip(value)
        return value

    def _bytes_text(self, value: Any, ips: bool = True) -> Any:
        """Text values: MACs and addresses inside replaced (`ips=False`: MACs only, for sysDescr,
        whose versions look like addresses)."""
        if not isinstance(value, bytes):
            return value
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            return value
        return self.text(text, ips=ips).encode("utf-8")

    def _index(self, index: Oid) -> Oid:
        """Known MACs (6 parts) and IPv4 addresses (4 parts) inside an index, replaced."""
        parts = list(index)
        i = 0
        while i <= len(parts) - 4:
            window6 = tuple(parts[i : i + 6])
            if len(window6) == 6 and all(0 <= p <= 255 for p in window6) and bytes(window6) in self.macs:
                parts[i : i + 6] = list(self.macs[bytes(window6)])
                i += 6
                continue
            window4 = ".".join(map(str, parts[i : i + 4]))
            if window4 in self.ips:
                parts[i : i + 4] = [int(p) for p in self.ips[window4].split(".")]
                i += 4
                continue
            i += 1
        return tuple(parts)

    def scrub(self, rows: list[tuple[Oid, Any]], entries: list[Oid] | None = None) -> list[tuple[Oid, Any]]:
        """Values first (learning every MAC and IP), then indexes. `entries` are the table entries
        the profiles know (OID = entry.column.index): there a MAC-shaped index (6 parts, or 6 and
        one more, all octets, not a string) is a MAC even when no value holds it. Elsewhere under
        an enterprise subtree, known MACs and IPs are replaced wherever they appear after it."""
        entries = sorted(entries or (), key=len, reverse=True)

        def split(oid: Oid) -> tuple[Oid, Oid, bool]:
            for e in entries:
                if oid[: len(e)] == e and len(oid) > len(e) + 1:
                    return oid[: len(e) + 1], oid[len(e) + 1 :], True
            if oid[:6] == ENTERPRISES and len(oid) > 7:
                return oid[:7], oid[7:], False
            return oid, (), False

        for oid, _value in rows:  # MACs that appear only as table indexes
            _root, index, known = split(oid)
            if known and len(index) in (6, 7) and _mac_like(index[:6]):
                self.mac(bytes(index[:6]))
        values = [self._value(oid, value) for oid, value in rows]  # every MAC and IP learnt first
        out = []
        for (oid, _value), new_value in zip(rows, values):
            root, index, _known = split(oid)
            out.append((root + self._index(index) if index else oid, new_value))
        return out


ENTERPRISES = (1, 3, 6, 1, 4, 1)


def _mac_like(parts: Oid) -> bool:
    if len(parts) != 6 or not all(0 <= p <= 255 for p in parts) or not any(parts):
        return False
    if parts[0] == 5 and all(32 <= p < 127 for p in parts[1:]):
        return False  # a length-prefixed 5-character string, not a MAC
    return not all(32 <= p < 127 for p in parts)  # six printable characters: an IMPLIED string
