"""The recordings polled by the tests: (case name, community = recording, forced profile or auto, source)."""

from __future__ import annotations

# snmpsim-data recordings (real devices), decompressed into the snmpsim data dir by conftest
SNMPSIM_DATA = {
    "cisco-controller": "network/appliance/cisco-controller.snmprec.bz2",
    "aruba-7210": "network/wifi/aruba-7210.snmprec.bz2",
    "ubiquiti-m5": "network/wifi/ubiquiti-m5.snmprec.bz2",
    "ruckus-smartcell-gateway": "network/wifi/ruckus-smartcell-gateway.snmprec.bz2",
}

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
