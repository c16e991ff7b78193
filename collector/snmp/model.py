"""Plain data shared by the SNMP client, the profile engine, the poller and the store.

No pysnmp here: these dataclasses are what the scheduler stores and what `kunang poll --json` prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

VERSIONS = ("1", "2c", "3")
AUTH_PROTOCOLS = ("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512")
PRIV_PROTOCOLS = ("DES", "AES", "AES-192", "AES-256")
ERROR_KINDS = ("timeout", "auth", "unreachable", "protocol")

_SECRETS = ("community", "auth_key", "priv_key")


@dataclass(frozen=True, slots=True, repr=False)
class SnmpTarget:
    """How to reach one SNMP agent. Secrets never appear in repr()."""

    host: str
    port: int = 161
    version: str = "2c"
    community: str | None = None
    user: str | None = None
    auth_protocol: str | None = None
    auth_key: str | None = None
    priv_protocol: str | None = None
    priv_key: str | None = None
    context: str = ""
    timeout_s: float = 2.0
    retries: int = 1
    max_repetitions: int = 50

    def __post_init__(self) -> None:
        if self.version not in VERSIONS:
            raise ValueError(f"version: must be one of {', '.join(VERSIONS)}, got {self.version!r}")
        if not (0 < int(self.port) < 65536):
            raise ValueError(f"port: out of range: {self.port}")
        if self.auth_protocol is not None and self.auth_protocol not in AUTH_PROTOCOLS:
            raise ValueError(f"auth_protocol: must be one of {', '.join(AUTH_PROTOCOLS)}, got {self.auth_protocol!r}")
        if self.priv_protocol is not None and self.priv_protocol not in PRIV_PROTOCOLS:
            raise ValueError(f"priv_protocol: must be one of {', '.join(PRIV_PROTOCOLS)}, got {self.priv_protocol!r}")
        if self.version == "3":
            if not self.user:
                raise ValueError("user: required for SNMPv3")
            if self.priv_protocol and not self.auth_protocol:
                raise ValueError("priv_protocol: SNMPv3 privacy needs an auth_protocol too")
            if self.auth_protocol and not self.auth_key:
                raise ValueError("auth_key: required when auth_protocol is set")
            if self.priv_protocol and not self.priv_key:
                raise ValueError("priv_key: required when priv_protocol is set")
            for name in ("auth_key", "priv_key"):
                key = getattr(self, name)
                if key is not None and len(key) < 8:
                    raise ValueError(f"{name}: SNMPv3 keys must be at least 8 characters")
        elif self.community is None:
            raise ValueError("community: required for SNMPv1/v2c")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s: must be positive")
        if self.retries < 0:
            raise ValueError("retries: must be >= 0")
        if not (1 <= self.max_repetitions <= 1000):
            raise ValueError("max_repetitions: must be 1..1000")

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _SECRETS and value is not None:
                value = "<secret>"
            parts.append(f"{f.name}={value!r}")
        return f"SnmpTarget({', '.join(parts)})"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class ApRow:
    name: str | None
    mac: str | None
    clients: int | None
    up: bool | None
    ip: str | None = None
    model: str | None = None
    serial: str | None = None


@dataclass(frozen=True, slots=True)
class SsidRow:
    ssid: str | None
    clients: int | None


@dataclass(frozen=True, slots=True)
class RadioRow:
    name: str | None
    band: str | None
    channel: int | None
    clients: int | None


@dataclass(frozen=True, slots=True)
class ClientRow:
    mac: str | None
    ap: str | None = None
    ap_mac: str | None = None
    ssid: str | None = None
    radio: str | None = None
    rssi_dbm: int | None = None
    rx_bytes: int | None = None
    tx_bytes: int | None = None


@dataclass(frozen=True, slots=True)
class IfRow:
    index: int
    name: str | None
    in_octets: int | None
    out_octets: int | None
    counter_bits: int  # 32 or 64: how to handle wraps downstream
    oper_up: bool | None


ROW_TYPES = {"aps": ApRow, "ssids": SsidRow, "radios": RadioRow, "clients": ClientRow, "interfaces": IfRow}


@dataclass(frozen=True, slots=True)
class PollResult:
    """One poll of one device. `reachable=False` is a state, not an exception."""

    target: str
    started_at: datetime
    duration_s: float
    reachable: bool
    error_kind: str | None = None
    partial: bool = False
    errors: tuple[str, ...] = ()
    sys_descr: str | None = None
    sys_object_id: str | None = None
    sys_name: str | None = None
    sys_uptime_ticks: int | None = None
    profile: str | None = None
    profile_fallback: bool = False
    client_rows: str | None = None  # clients | counts | none (Profile.client_rows)
    clients_total: int | None = None
    clients_source: str | None = None  # which of the profile's sources gave clients_total
    identified_by: dict[str, Any] | None = None  # the match rule that chose the profile (see profiles.identify)
    aps: tuple[ApRow, ...] = ()
    ssids: tuple[SsidRow, ...] = ()
    radios: tuple[RadioRow, ...] = ()
    clients: tuple[ClientRow, ...] = ()
    interfaces: tuple[IfRow, ...] = ()
    varbinds: int = 0
    # per row of `aps`: its rows in `clients`, counted by the profile engine (profiles.engine.per_ap_client_rows);
    # not in the JSON document (it repeats `clients`)
    ap_client_rows: tuple[int, ...] = ()

    def ap_clients(self, i: int) -> int | None:
        """Clients of the AP in `aps[i]`: the count the device gives for it, else its rows in the client table."""
        own = self.aps[i].clients
        if own is not None or i >= len(self.ap_client_rows):
            return own
        return self.ap_client_rows[i]

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None:
            raise ValueError("started_at: must be timezone-aware (UTC)")
        if self.error_kind is not None and self.error_kind not in ERROR_KINDS:
            raise ValueError(f"error_kind: unknown {self.error_kind!r}")

    def to_json_dict(self) -> dict[str, Any]:
        """The `kunang poll --json` document (issue 3), plus a few extra keys."""

        def rows(items: tuple) -> list[dict[str, Any]]:
            return [dataclasses.asdict(item) for item in items]

        return {
            "target": self.target,
            "reachable": self.reachable,
            "error_kind": self.error_kind,
            "sysDescr": self.sys_descr,
            "sysObjectID": self.sys_object_id,
            "sysName": self.sys_name,
            "sysUpTime": self.sys_uptime_ticks,
            "profile": self.profile,
            "profile_fallback": self.profile_fallback,
            "clients_total": self.clients_total,
            "clients_source": self.clients_source,
            "identified_by": self.identified_by,
            "aps": rows(self.aps),
            "ssids": rows(self.ssids),
            "radios": rows(self.radios),
            "clients": rows(self.clients),
            "interfaces": rows(self.interfaces),
            "partial": self.partial,
            "errors": list(self.errors),
            "started_at": self.started_at.isoformat(),
            "duration_s": round(self.duration_s, 4),
            "varbinds": self.varbinds,
        }
