"""The normalised captive-portal / RADIUS accounting event.

Every parser turns one log line (or one multi-line RADIUS `detail` record) into
either a `PortalEvent` or a `ParseError`. Events carry raw identifiers (user
name, MAC, IP); pseudonymisation happens only when they are stored.

Byte counters follow the RADIUS/NAS convention: `bytes_in` is what the client
sent (upload, Acct-Input-Octets, MikroTik bytes-in), `bytes_out` is what the
client received (download, Acct-Output-Octets).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

LOGIN = "login"
LOGOUT = "logout"
LOGIN_FAILED = "login_failed"
ACCT_START = "accounting_start"
ACCT_INTERIM = "accounting_interim"
ACCT_STOP = "accounting_stop"
OTHER = "other"
# a DHCP server's lease events (RouterOS topic dhcp, dnsmasq's DHCPACK / DHCPRELEASE): which device (MAC) held
# which IP from when; they pair no session, they give member logins (user name + IP only) their device
# (store.py), and a grant is a sighting of its device (the DHCP log as a capture: dhcp_capture.sql)
DHCP_ASSIGNED = "dhcp_assigned"
DHCP_DEASSIGNED = "dhcp_deassigned"

KINDS = (LOGIN, LOGOUT, LOGIN_FAILED, ACCT_START, ACCT_INTERIM, ACCT_STOP, OTHER, DHCP_ASSIGNED, DHCP_DEASSIGNED)
LEASE_KINDS = frozenset((DHCP_ASSIGNED, DHCP_DEASSIGNED))

FORMATS = ("mikrotik", "coova", "opennds", "nodogsplash", "pfsense", "opnsense", "radius-detail", "radius-log", "dnsmasq")


@dataclass(slots=True)
class PortalEvent:
    """One normalised portal event. `time` is timezone-aware (None only when the
    line carries no time at all and no receive time was known)."""

    kind: str
    time: datetime | None
    format: str
    user: str | None = None
    mac: str | None = None
    ip: str | None = None
    bytes_in: int | None = None
    bytes_out: int | None = None
    duration_s: int | None = None
    reason: str | None = None
    session_id: str | None = None
    host: str | None = None  # the device that logged it: syslog hostname, NAS-Identifier ...
    source: str | None = None  # the configured portal source (kunang.yaml portal.sources[].name)
    site: str | None = None
    origin: str | None = None  # "path:line" or "udp:peer:port"
    line: int | None = None  # 1-based line number (first line of a multi-line record)
    raw: str | None = None  # the original text (truncated), kept for traceability

    def json_view(self) -> dict:
        """The exact object printed by `kunang parse-log --json`."""
        return {
            "line": self.line,
            "kind": self.kind,
            "time": self.time.isoformat() if self.time is not None else None,
            "user": self.user,
            "mac": self.mac,
            "ip": self.ip,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "duration_s": self.duration_s,
            "reason": self.reason,
            "format": self.format,
        }


class ParseError(Exception):
    """A line that looks like portal input but cannot be understood.

    It is counted and quarantined with `reason`; it never stops ingestion."""

    def __init__(self, reason: str, *, line: int | None = None, raw: str | None = None,
                 format: str | None = None, origin: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.raw = raw
        self.format = format
        self.origin = origin

    def json_view(self) -> dict:
        return {"line": self.line, "kind": "error", "reason": self.reason, "format": self.format}


def other(fmt: str, time: datetime | None = None) -> PortalEvent:
    return PortalEvent(OTHER, time, fmt)
