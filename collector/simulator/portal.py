"""Hotspot logs of the same simulated visits: MikroTik Hotspot lines sent as syslog over UDP
(from the site router's own loopback address, so the collector maps peer -> site) and the
openNDS BinAuth log file.

MikroTik (RFC 3164 header, site local time, RouterOS topics):
  <30>Nov 24 10:31:02 hotspot-sembalun hotspot,account,info,debug anggota01003 (10.5.50.2): logged in
  ... (10.5.50.2): logged out: keepalive timeout | user request
  <30>... hotspot,info,debug anggota01003 (10.5.50.2): login failed: invalid password
Members log in with their username (no MAC in the line); walk-ins get a trial login
`T-<MAC>`, which carries the device MAC. The router's DHCP server (topic dhcp,info) gives every
device that joins the hotspot network a lease a few seconds after it arrives, renewed at half the
lease time while it stays, de-assigned a lease time after the last renewal (RouterOS 7 wording at
even-numbered sites, RouterOS 6 at odd ones; docs/portal-logs.md):
  <30>Nov 24 10:29:35 hotspot-sembalun dhcp,info dhcp1 assigned 10.5.50.2 for F0:99:BF:12:34:56 android-1a2b3c
  <30>Nov 24 11:41:07 hotspot-sembalun dhcp,info dhcp1 deassigned 10.5.50.2 for F0:99:BF:12:34:56 android-1a2b3c
  (RouterOS 6: "assigned 10.5.50.2 to F0:...", "deassigned 10.5.50.2 from F0:...")
openNDS BinAuth (binauth_log.sh, times in UTC):
  Tue Nov 24 02:31:02 UTC 2026, method=client_auth, clientmac=..., bytes_incoming=0, ...
The openNDS sites' OpenWrt router runs dnsmasq (lease time 12 h, OpenWrt's default) and forwards its log
over syslog (logd `log_ip`, from the router's address; docs/portal-logs.md "dnsmasq's DHCP log"): a device's
first join of the day is DISCOVER/OFFER/REQUEST/ACK, a return within its lease REQUEST/ACK (the client asks
for its address again, and is ACKed), a stay renews at half the lease time (REQUEST/ACK):
  <30>Nov 24 10:29:33 openwrt-labuhanhaji dnsmasq-dhcp[1403]: DHCPDISCOVER(br-lan) f0:99:bf:12:34:56 
  <30>Nov 24 10:29:33 openwrt-labuhanhaji dnsmasq-dhcp[1403]: DHCPOFFER(br-lan) 10.5.60.2 f0:99:bf:12:34:56 
  <30>Nov 24 10:29:35 openwrt-labuhanhaji dnsmasq-dhcp[1403]: DHCPREQUEST(br-lan) 10.5.60.2 f0:99:bf:12:34:56 
  <30>Nov 24 10:29:35 openwrt-labuhanhaji dnsmasq-dhcp[1403]: DHCPACK(br-lan) 10.5.60.2 f0:99:bf:12:34:56 android-1a2b3c
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
import logging
import socket
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from collector.simulator.fleet import opennds_log_path
from collector.simulator.truth import iso

log = logging.getLogger(__name__)
PRI = 30  # daemon.info, RouterOS's default for remote logging
LEASE_TIME_S = 3600  # the hotspot network's DHCP lease time
DHCP_DELAY_S = 2.0  # association to DHCP ACK
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class PortalLine:
    t: float
    site_index: int
    format: str  # mikrotik | opennds | dnsmasq
    kind: str  # login | logout | login_failed | dhcp_assigned | dhcp_deassigned | other (dnsmasq's other packets)
    user: str | None
    mac: str
    ip: str
    reason: str | None
    text: str

    def truth(self, site_name: str) -> dict:
        return {"type": "portal", "t": iso(self.t), "site": site_name, "format": self.format, "kind": self.kind,
                "user": self.user, "mac": self.mac, "ip": self.ip, "reason": self.reason}


def _slug(site) -> str:
    return site.name.split("Desa ", 1)[-1].lower().replace(" ", "")


def _rfc3164(t: float, tz: str) -> str:
    d = dt.datetime.fromtimestamp(t, ZoneInfo(tz))
    return f"{MONTHS[d.month - 1]} {d.day:2d} {d:%H:%M:%S}"


def _ndstime(t: float) -> str:
    d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    return f"{DAYS[d.weekday()]} {MONTHS[d.month - 1]} {d.day:2d} {d:%H:%M:%S} UTC {d.year}"


def mikrotik_text(site, t: float, kind: str, user: str, ip: str, reason: str | None) -> str:
    head = f"<{PRI}>{_rfc3164(t, site.site.timezone)} hotspot-{_slug(site)}"
    if kind == "login":
        return f"{head} hotspot,account,info,debug {user} ({ip}): logged in"
    if kind == "logout":
        return f"{head} hotspot,account,info,debug {user} ({ip}): logged out: {reason}"
    return f"{head} hotspot,info,debug {user} ({ip}): login failed: {reason}"


def dhcp_text(site, t: float, kind: str, v) -> str:
    """A RouterOS DHCP server's lease event for the visit's device."""
    head = f"<{PRI}>{_rfc3164(t, site.site.timezone)} hotspot-{_slug(site)} dhcp,info dhcp1"
    verb = "assigned" if kind == "dhcp_assigned" else "deassigned"
    if site.index % 2 == 0:  # RouterOS 7: "for", then the host name (empty for some clients)
        host = "" if v.randomized else f"android-{v.token[:6]}"
        return f"{head} {verb} {v.ip} for {v.mac.upper()} {host}"
    return f"{head} {verb} {v.ip} {'to' if verb == 'assigned' else 'from'} {v.mac.upper()}"


def lease_span(v) -> tuple[float, float]:
    """When the visit's device got its lease and when the lease ended (a lease time after the last
    renewal at half the lease time while the device was there)."""
    start = v.arrive + DHCP_DELAY_S
    renewals = int(max(0.0, v.leave - start) // (LEASE_TIME_S / 2))
    return start, start + renewals * LEASE_TIME_S / 2 + LEASE_TIME_S


DNSMASQ_LEASE_S = 43200  # OpenWrt's default DHCP lease time (12 h)


def dnsmasq_lines(site, visits) -> list[PortalLine]:
    """The dnsmasq DHCP log lines of one local date's visits (in arrival order) of an OpenWrt site."""
    head = f"<{PRI}>{{}} openwrt-{_slug(site)} dnsmasq-dhcp[1403]: "
    granted: dict[str, float] = {}  # MAC -> its last grant (the lease runs DNSMASQ_LEASE_S from it)
    out = []

    def line(t, typ, v, ip=True, host=False, kind="other"):
        name = "" if v.randomized or not host else f"android-{v.token[:6]}"
        text = head.format(_rfc3164(t, site.site.timezone)) + f"{typ}(br-lan) {v.ip + ' ' if ip else ''}{v.mac} {name}"
        out.append(PortalLine(t, site.index, "dnsmasq", kind, None, v.mac, v.ip, None, text))

    for v in sorted(visits, key=lambda v: v.arrive):
        t = v.arrive + DHCP_DELAY_S
        last = granted.get(v.mac)
        if last is None or t >= last + DNSMASQ_LEASE_S:  # a new lease: the whole exchange
            line(t - 2.0, "DHCPDISCOVER", v, ip=False)
            line(t - 2.0, "DHCPOFFER", v)
        line(t, "DHCPREQUEST", v)
        line(t, "DHCPACK", v, host=True, kind="dhcp_assigned")
        while t + DNSMASQ_LEASE_S / 2 < v.leave:  # renewals while it stays
            t += DNSMASQ_LEASE_S / 2
            line(t, "DHCPREQUEST", v)
            line(t, "DHCPACK", v, host=True, kind="dhcp_assigned")
        granted[v.mac] = t
    return out


def opennds_text(site, t: float, kind: str, v) -> str:
    start = int(v.login)
    if kind == "login":
        method, down, up = "client_auth", 0, 0
    else:
        method = "client_deauth" if v.logout_reason == "user request" else "idle_deauth"
        span = max(0.0, min(v.leave, t) - v.login)
        down, up = int(v.tx_rate * span), int(v.rx_rate * span)
    return (f"{_ndstime(t)}, method={method}, clientmac={v.mac}, bytes_incoming={down}, bytes_outgoing={up}, "
            f"session_start={start}, session_end={start + 28800}, token={v.token}, custom=na, "
            f"gatewayname=openNDS-{_slug(site)}, ndsversion=10.2.0, client_zone=LocalZone:wlan0")


def site_lines(model, site, date: dt.date) -> list[PortalLine]:
    """The site's hotspot log lines of one local date, in time order."""
    out: list[PortalLine] = []
    visits = model.visits(site.index, date)
    if site.portal != "mikrotik":
        out += dnsmasq_lines(site, visits)
    for v in visits:
        if site.portal == "mikrotik":
            for t, kind in zip(lease_span(v), ("dhcp_assigned", "dhcp_deassigned")):
                out.append(PortalLine(t, site.index, "mikrotik", kind, None, v.mac, v.ip, None,
                                      dhcp_text(site, t, kind, v)))
        if v.login is None:
            continue
        if site.portal == "mikrotik":
            if v.login_failed is not None:
                out.append(PortalLine(v.login_failed, site.index, "mikrotik", "login_failed", v.user, v.mac, v.ip,
                                      "invalid password",
                                      mikrotik_text(site, v.login_failed, "login_failed", v.user, v.ip,
                                                    "invalid password")))
            out.append(PortalLine(v.login, site.index, "mikrotik", "login", v.user, v.mac, v.ip, None,
                                  mikrotik_text(site, v.login, "login", v.user, v.ip, None)))
            out.append(PortalLine(v.logout, site.index, "mikrotik", "logout", v.user, v.mac, v.ip, v.logout_reason,
                                  mikrotik_text(site, v.logout, "logout", v.user, v.ip, v.logout_reason)))
        else:
            reason = "user logout" if v.logout_reason == "user request" else "idle timeout"
            out.append(PortalLine(v.login, site.index, "opennds", "login", None, v.mac, v.ip, None,
                                  opennds_text(site, v.login, "login", v)))
            out.append(PortalLine(v.logout, site.index, "opennds", "logout", None, v.mac, v.ip, reason,
                                  opennds_text(site, v.logout, "logout", v)))
    out.sort(key=lambda p: p.t)
    return out


class PortalEmitter:
    """Send/write the lines whose time has come, as simulated time passes."""

    def __init__(self, fleet, model, *, syslog: tuple[str, int], log_dir: str | Path, recorder=None):
        self.fleet, self.model = fleet, model
        self.syslog = syslog
        self.log_dir = Path(log_dir)
        self.recorder = recorder
        self.sent = 0
        self._socks: dict[int, socket.socket] = {}
        self._lines: dict[tuple[int, dt.date], tuple[list[float], list[PortalLine]]] = {}
        self._files: dict[int, object] = {}

    def _sock(self, site) -> socket.socket:
        s = self._socks.get(site.index)
        if s is None:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                s.bind((site.hotspot_address, 0))
            except OSError as exc:
                s.close()
                raise OSError(f"cannot send syslog from {site.hotspot_address}: {exc.strerror}") from None
            self._socks[site.index] = s
        return s

    def _file(self, site):
        f = self._files.get(site.index)
        if f is None:
            path = Path(opennds_log_path(self.log_dir, site))
            path.parent.mkdir(parents=True, exist_ok=True)
            f = self._files[site.index] = path.open("a", encoding="utf-8")
        return f

    def _day(self, site, date: dt.date):
        key = (site.index, date)
        hit = self._lines.get(key)
        if hit is None:
            if len(self._lines) > 64:
                self._lines.clear()
            lines = site_lines(self.model, site, date)
            hit = self._lines[key] = ([p.t for p in lines], lines)
        return hit

    def due(self, t0: float, t1: float) -> list[PortalLine]:
        """Lines with t0 < t <= t1, all sites, in time order."""
        out: list[PortalLine] = []
        d = self.model.local_date(t0)
        last = self.model.local_date(t1)
        while d <= last:
            for site in self.fleet.sites:
                times, lines = self._day(site, d)
                out += lines[bisect.bisect_right(times, t0):bisect.bisect_right(times, t1)]
            d += dt.timedelta(days=1)
        out.sort(key=lambda p: p.t)
        return out

    def emit(self, t0: float, t1: float) -> int:
        n = 0
        touched = set()
        for p in self.due(t0, t1):
            site = self.fleet.sites[p.site_index]
            try:
                if p.format in ("mikrotik", "dnsmasq"):  # syslog from the router
                    self._sock(site).sendto(p.text.encode(), self.syslog)
                else:
                    self._file(site).write(p.text + "\n")
                    touched.add(site.index)
            except OSError as exc:
                log.warning("hotspot log of %s not delivered: %s", site.name, exc)
                continue
            n += 1
            if self.recorder is not None:
                self.recorder.writer.write(p.truth(site.name))
        for i in touched:
            self._files[i].flush()
        self.sent += n
        return n

    async def run(self, clock, stop: asyncio.Event, tick_s: float = 0.5) -> None:
        last = clock.now().timestamp()
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), tick_s)
            except asyncio.TimeoutError:
                pass
            now = clock.now().timestamp()
            if now > last:
                self.emit(last, now)
                last = now

    def close(self) -> None:
        for s in self._socks.values():
            s.close()
        for f in self._files.values():
            f.close()
        self._socks.clear()
        self._files.clear()
