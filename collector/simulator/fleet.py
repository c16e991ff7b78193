"""Which sites, APs and SNMP agents the simulation has, and the kunang.yaml that polls them.

A fleet is derived from (aps, sites, seed) only, so `kunang simulate`, its
`--write-config` file, the backfill and the tests agree on every name, MAC and port.
Vendors per site cycle MikroTik, Cisco WLC (one controller agent managing the
site's APs), UniFi; a MikroTik site with two or more APs has one old generic
(OpenWrt-like, 32-bit IF-MIB counters only) AP in the hall.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from collector.config import Config, Site, parse_config
from collector.simulator.day import MULTI_DEVICE_SHARE, RANDOMIZED_SHARE, ROTATING_SHARE
from collector.simulator.defaults import DEFAULT_BASE_PORT, DEFAULT_COMMUNITY  # noqa: F401 (re-exported)
from collector.simulator.rand import stream

VILLAGES = (
    "Sembalun", "Labuhan Haji", "Pringgabaya", "Masbagik", "Aikmel", "Selong", "Sakra", "Terara",
    "Montong Gading", "Sikur", "Keruak", "Jerowaru", "Suela", "Wanasaba", "Sambelia", "Pringgasela",
    "Lenek", "Suralaga", "Sukamulia", "Labuhan Lombok",
)
ROOMS = ("ruang-baca", "ruang-anak", "aula", "teras", "lantai-2", "ruang-komputer", "mushola", "gudang")
SITE_VENDORS = ("mikrotik", "cisco-wlc", "unifi")
OUI = {"mikrotik": "48:8f:5a", "unifi": "78:8a:20", "cisco-wlc": "00:27:0d", "generic": "00:0c:43"}
PROFILE = {"mikrotik": "mikrotik-routeros", "unifi": "auto", "cisco-wlc": "auto", "generic": "generic"}
HOURS_VARIANTS = (
    {"mon": "08:00-16:00", "tue": "08:00-16:00", "wed": "08:00-16:00", "thu": "08:00-16:00",
     "fri": "08:00-11:30", "sat": "08:00-12:00", "sun": "closed"},
    {"mon": "08:00-15:00", "tue": "08:00-15:00", "wed": "08:00-15:00", "thu": "08:00-15:00",
     "fri": "08:00-11:00, 13:30-15:00", "sat": "closed", "sun": "closed"},
    {"mon": "07:30-16:00", "tue": "07:30-16:00", "wed": "07:30-16:00", "thu": "07:30-16:00",
     "fri": "07:30-11:30", "sat": "08:00-13:00", "sun": "closed"},
)
HOLIDAYS = ("2026-12-25", "2027-01-01", "2026-08-17")
SYSLOG_DEFAULT = ("127.0.0.1", 5514)


@dataclass(frozen=True)
class SimAp:
    site_index: int
    name: str
    vendor: str  # mikrotik | unifi | cisco-wlc | generic
    mac: str
    agent: str  # name of the agent that reports it (itself, or its controller)
    radios: tuple[str, ...] = ("2.4", "5")

    @property
    def key(self) -> tuple[int, str]:
        return (self.site_index, self.name)


@dataclass(frozen=True)
class SimAgent:
    """One SNMP agent (UDP port): an AP, or a controller reporting several APs."""

    site_index: int
    name: str  # the name in kunang.yaml
    vendor: str
    port: int
    mac: str
    aps: tuple[str, ...]  # AP names it reports (a standalone AP: itself)

    @property
    def is_controller(self) -> bool:
        return self.vendor == "cisco-wlc"


@dataclass
class SimSite:
    index: int
    name: str
    site: Site  # the validated config model: opening hours, holidays, time zone
    vendor: str
    aps: list[SimAp]
    agents: list[SimAgent]
    portal: str  # mikrotik (syslog) | opennds (file)
    hotspot_address: str  # loopback source address of its hotspot syslog
    ssid: str
    capacity: int  # expected visitors on a full weekday

    def ap(self, name: str) -> SimAp:
        for a in self.aps:
            if a.name == name:
                return a
        raise KeyError(name)


@dataclass
class Fleet:
    seed: int
    base_port: int
    community: str
    sites: list[SimSite] = field(default_factory=list)
    config: Config | None = None
    raw_config: dict[str, Any] = field(default_factory=dict)
    # visitor knobs (collector/simulator/day.py)
    randomized_share: float = RANDOMIZED_SHARE
    rotating_share: float = ROTATING_SHARE
    multi_device_share: float = MULTI_DEVICE_SHARE

    @property
    def agents(self) -> list[SimAgent]:
        return [a for s in self.sites for a in s.agents]

    @property
    def aps(self) -> list[SimAp]:
        return [a for s in self.sites for a in s.aps]

    def agent(self, name: str, site_index: int) -> SimAgent:
        for a in self.sites[site_index].agents:
            if a.name == name:
                return a
        raise KeyError(name)


def _mac(rng, oui: str) -> str:
    return oui + ":" + ":".join(f"{rng.randrange(256):02x}" for _ in range(3))


def _site_name(i: int) -> str:
    village = VILLAGES[i % len(VILLAGES)]
    return f"Perpustakaan Desa {village}" + (f" {i // len(VILLAGES) + 1}" if i >= len(VILLAGES) else "")


def build_fleet(aps: int = 12, sites: int = 4, seed: int = 1, base_port: int = DEFAULT_BASE_PORT,
                community: str = DEFAULT_COMMUNITY, syslog: tuple[str, int] = SYSLOG_DEFAULT,
                log_dir: str | Path = ".kunang/sim", privacy_key: str | None = None,
                data_dir: str = ".kunang/pgdata", poll_interval_s: int = 60, crowd: float = 1.0,
                randomized_share: float = RANDOMIZED_SHARE, rotating_share: float = ROTATING_SHARE,
                multi_device_share: float = MULTI_DEVICE_SHARE, blind_aps: bool | None = None) -> Fleet:
    """`blind_aps`: None, the usual mix (a MikroTik site with 2+ APs has one generic AP, whose profile
    gives no client rows); True, every site with 2+ APs has one such blind AP (a Cisco site: a
    standalone generic AP beside the controller's); False, no generic AP anywhere."""
    if sites < 1:
        raise ValueError("--sites must be at least 1")
    if aps < sites:
        raise ValueError(f"--aps ({aps}) must be at least --sites ({sites}): every site has an AP")
    if not 0 < crowd <= 50:
        raise ValueError("--crowd must be between 0 and 50")
    if base_port < 1024 or base_port + aps > 65535:
        raise ValueError(f"--base-port {base_port}: the agents need ports {base_port}..{base_port + aps - 1} "
                         "(1024-65535)")
    for name, share in (("randomized_share", randomized_share), ("rotating_share", rotating_share),
                        ("multi_device_share", multi_device_share)):
        if not 0 <= share <= 1:
            raise ValueError(f"{name} must be between 0 and 1")
    fleet = Fleet(seed=seed, base_port=base_port, community=community, randomized_share=randomized_share,
                  rotating_share=rotating_share, multi_device_share=multi_device_share)
    port = base_port
    counts = [aps // sites + (1 if i < aps % sites else 0) for i in range(sites)]
    for i, n in enumerate(counts):
        rng = stream(seed, "fleet", i)
        vendor = SITE_VENDORS[i % len(SITE_VENDORS)]
        name = _site_name(i)
        site_aps: list[SimAp] = []
        agents: list[SimAgent] = []
        rooms = [ROOMS[k % len(ROOMS)] + (f"-{k // len(ROOMS) + 1}" if k >= len(ROOMS) else "") for k in range(n)]
        blind = (vendor == "mikrotik") if blind_aps is None else blind_aps
        if vendor == "cisco-wlc":
            managed = rooms[:-1] if blind and n >= 2 else rooms
            for room in managed:
                site_aps.append(SimAp(i, room, vendor, _mac(rng, OUI[vendor]), "wlc"))
            agents.append(SimAgent(i, "wlc", vendor, port, _mac(rng, OUI[vendor]), tuple(managed)))
            port += 1
            for room in rooms[len(managed):]:
                ap = SimAp(i, room, "generic", _mac(rng, OUI["generic"]), room, ("2.4",))
                site_aps.append(ap)
                agents.append(SimAgent(i, room, "generic", port, ap.mac, (room,)))
                port += 1
        else:
            for k, room in enumerate(rooms):
                v = "generic" if blind and vendor != "unifi" and n >= 2 and k == n - 1 else vendor
                ap = SimAp(i, room, v, _mac(rng, OUI[v]), room, ("2.4",) if v == "generic" else ("2.4", "5"))
                site_aps.append(ap)
                agents.append(SimAgent(i, room, v, port, ap.mac, (room,)))
                port += 1
        slug = name.split("Desa ", 1)[-1].lower().replace(" ", "")
        fleet.sites.append(SimSite(
            index=i, name=name, site=None, vendor=vendor, aps=site_aps, agents=agents,  # type: ignore[arg-type]
            portal="mikrotik" if vendor == "mikrotik" else "opennds",
            hotspot_address=f"127.0.1.{i + 1}" if i < 254 else f"127.0.{2 + i // 254}.{i % 254 + 1}",
            ssid=f"PerpusDesa-{slug.capitalize()}"[:32],
            capacity=max(1, int(25 * n * (0.7 + 0.6 * rng.random()) * crowd)),
        ))
    fleet.raw_config = config_dict(fleet, syslog=syslog, log_dir=log_dir, privacy_key=privacy_key,
                                   data_dir=data_dir, poll_interval_s=poll_interval_s)
    fleet.config = parse_config(fleet.raw_config, "<simulated fleet>")
    for s in fleet.sites:
        s.site = fleet.config.site(s.name)
    return fleet


def opennds_log_path(log_dir: str | Path, site: SimSite) -> str:
    slug = site.name.split("Desa ", 1)[-1].lower().replace(" ", "-")
    return str(Path(log_dir) / f"opennds-{slug}.log")


def config_dict(fleet: Fleet, *, syslog: tuple[str, int], log_dir: str | Path, privacy_key: str | None,
                data_dir: str, poll_interval_s: int) -> dict[str, Any]:
    """The kunang.yaml (as a dict) that makes `kunang collect` poll this fleet."""
    sites = []
    sources = []
    for s in fleet.sites:
        aps = []
        for a in s.agents:
            aps.append({"name": a.name, "address": "127.0.0.1", "port": a.port, "snmp": "simulated",
                        "profile": PROFILE[a.vendor]})
        sites.append({
            "name": s.name, "group": "Kabupaten Lombok Timur", "timezone": "Asia/Makassar",
            "opening_hours": dict(HOURS_VARIANTS[s.index % len(HOURS_VARIANTS)]),
            "holidays": [dt.date.fromisoformat(h) for h in HOLIDAYS],
            "gateway": s.hotspot_address, "aps": aps,
        })
        if s.portal == "mikrotik":
            sources.append({"name": f"hotspot-{s.index + 1}", "site": s.name, "kind": "syslog",
                            "format": "mikrotik", "peers": [s.hotspot_address]})
        else:
            sources.append({"name": f"opennds-{s.index + 1}", "site": s.name, "kind": "file",
                            "format": "opennds", "path": opennds_log_path(log_dir, s)})
            # its OpenWrt router's dnsmasq DHCP log, forwarded by logd (log_ip) from the router's address
            sources.append({"name": f"dhcp-{s.index + 1}", "site": s.name, "kind": "syslog",
                            "format": "dnsmasq", "peers": [s.hotspot_address]})
    cfg: dict[str, Any] = {
        "name": "Kunang demo (simulated libraries)",
        "language": "en",
        "database": {"data_dir": data_dir},
        "snmp": {
            "credentials": {"simulated": {"version": "2c", "community": fleet.community, "timeout_s": 1.0,
                                          "retries": 1}},
            "default": "simulated",
            "poll_interval_s": poll_interval_s,
        },
        "sites": sites,
        "portal": {"syslog": {"enabled": True, "address": syslog[0], "port": syslog[1], "tcp": False},
                   "sources": sources},
    }
    if privacy_key:
        cfg["privacy"] = {"key": privacy_key}
    return cfg


def write_config(fleet: Fleet, path: str | Path, extra: dict[str, Any] | None = None) -> Path:
    """Write the fleet's kunang.yaml (mode 600: it holds the community and maybe a key)."""
    data = dict(fleet.raw_config)
    for k, v in (extra or {}).items():
        data[k] = v
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Written by `kunang simulate --write-config`: the simulated fleet's SNMP agents on loopback,\n"
              "# its hotspot syslog senders and openNDS log files. Edit freely; rerunning overwrites it.\n")
    p.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    p.chmod(0o600)
    return p
