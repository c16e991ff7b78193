"""`sensors:`: passive sensing (collector/sensing/, docs/sensing.md), one entry per capture.

Messages are in English and Bahasa Indonesia (the operator may read either).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from collector.config.types import Strict
from collector.identifiers import normalise_mac


class SensorConfig(Strict):
    name: str = Field(min_length=1)
    site: str
    interface: str | None = None  # a live interface (root or CAP_NET_RAW); monitor mode for probes
    pcap: str | None = None  # or a capture file, replayed once (trying things out, tests)
    kinds: list[Literal["dhcp", "arp", "probes"]] = ["dhcp", "arp"]
    # LAN presence (dhcp, arp): a device leaves this long after its last packet ...
    arp_silence_s: int = Field(900, ge=1, le=86400)
    # ... or at its lease's end; this lease is assumed when no ACK with a lease time was seen
    lease_fallback_s: int = Field(3600, ge=60, le=30 * 86400)
    ignore_macs: list[str] = []  # infrastructure (routers, APs) to leave out; DHCP servers are left out anyway
    promiscuous: bool = True
    # probes (collector/sensing/probes.py, docs/metrics.md "Sensed footfall"): frames weaker than this are
    # someone far away; a device counts when its strong frames of the day span at least min_dwell_s
    rssi_threshold: int = Field(-75, ge=-120, le=0)
    min_dwell_s: int = Field(0, ge=0, le=86400)
    no_signal: Literal["ignore", "strong"] = "ignore"  # frames without a radiotap signal field

    @field_validator("ignore_macs")
    @classmethod
    def _macs(cls, v: list[str]) -> list[str]:
        out = []
        for m in v:
            n = normalise_mac(m)
            if n is None:
                raise ValueError(f"not a MAC address / bukan alamat MAC: {m!r}")
            out.append(n)
        return out

    @model_validator(mode="after")
    def _check(self) -> "SensorConfig":
        if (self.interface is None) == (self.pcap is None):
            raise ValueError("name exactly one of interface or pcap / sebutkan tepat satu: interface atau pcap")
        if not self.kinds:
            raise ValueError("kinds: name at least one of dhcp, arp, probes / "
                             "sebutkan minimal satu dari dhcp, arp, probes")
        if len(set(self.kinds)) != len(self.kinds):
            raise ValueError("kinds: a kind is named twice / ada jenis yang disebut dua kali")
        return self
