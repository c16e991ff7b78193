"""The recordings polled by the tests: (case name, community = recording, forced profile or auto, source)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

# snmpsim-data recordings (real devices), decompressed into the snmpsim data dir by conftest
SNMPSIM_DATA = dict(
    line.split() for line in (DATA / "snmpsim-data.txt").read_text().splitlines() if line.strip() and not line.startswith("#")
)

# case -> (community, profile)
CASES = {
    "cisco-controller": ("cisco-controller", "auto"),
    "aruba-7210": ("aruba-7210", "auto"),
    "ubiquiti-m5": ("ubiquiti-m5", "auto"),
    "ubiquiti-m5__generic": ("ubiquiti-m5", "generic"),
    "ruckus-smartcell-gateway": ("ruckus-smartcell-gateway", "auto"),
    "mikrotik": ("mikrotik", "auto"),
    "mikrotik-wifi": ("mikrotik-wifi", "auto"),  # RouterOS 7 `wifi` package (mtxrWifi tables)
    "unifi": ("unifi", "auto"),
    "tplink-eap": ("tplink-eap", "auto"),
    "openwrt": ("openwrt", "auto"),
    "airos-ac": ("airos-ac", "auto"),
    "aruba-instant": ("aruba-instant", "auto"),
    "ruckus-zd": ("ruckus-zd", "auto"),
    "ruckus-sz": ("ruckus-sz", "auto"),
    "generic-dot11": ("generic-dot11", "auto"),
    "aruba-controller": ("aruba-controller", "auto"),
}

# fields that change from run to run
VOLATILE = ("target", "started_at", "duration_s", "varbinds", "sysUpTime")  # snmpsim may serve a live uptime


def stable(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in VOLATILE}
