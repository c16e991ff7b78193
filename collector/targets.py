"""From the configuration to the devices the collector polls."""

from __future__ import annotations

from dataclasses import dataclass

from collector.config import Config
from collector.db.inventory import ApRef
from collector.snmp.model import SnmpTarget


@dataclass(frozen=True)
class Device:
    ref: ApRef
    target: SnmpTarget
    profile: str
    interval_s: int
    icmp: bool


def snmp_target(cfg: Config, ap) -> SnmpTarget:
    cred = cfg.credentials_for(ap)
    reveal = lambda s: s.reveal() if s else None  # noqa: E731
    return SnmpTarget(
        host=ap.address, port=ap.port, version=cred.version, community=reveal(cred.community),
        user=cred.user, auth_protocol=cred.auth_protocol, auth_key=reveal(cred.auth_key),
        priv_protocol=cred.priv_protocol, priv_key=reveal(cred.priv_key), context=cred.context,
        timeout_s=cred.timeout_s, retries=cred.retries,
    )


def devices(cfg: Config, refs: dict[tuple[str, str], ApRef]) -> list[Device]:
    out = []
    for site in cfg.sites:
        for ap in site.aps:
            out.append(Device(
                ref=refs[(site.name, ap.name)], target=snmp_target(cfg, ap), profile=ap.profile,
                interval_s=ap.poll_interval_s or cfg.snmp.poll_interval_s,
                icmp=cfg.alerts.icmp if ap.icmp is None else ap.icmp,
            ))
    return out
