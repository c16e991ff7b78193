"""openNDS and nodogsplash: syslog lines, and openNDS's BinAuth log.

Every session message of the daemons (src/auth.c, src/fw_iptables.c,
src/http_microhttpd.c, src/ndsctl_thread.c; nodogsplash 0.9 to 5.x, openNDS
5 to 11):
- `Authenticating IP MAC`, `AUTHENTICATE IP MAC`, `AUTHENTICATE  IP at MAC`   -> login
- `Client [MAC, IP] authenticated`, `Remote auth data: client [MAC, IP]
  authenticated[ for N seconds]`, `Remote voucher: client [MAC, IP] authenticated N seconds` -> login
- `Deauthenticating IP MAC`, `DEAUTHENTICATE IP MAC`, `DEAUTHENTICATE  IP at MAC` -> logout
- `Timeout authenticated idle user: IP MAC, inactive: Ns, in: XkB, out: YkB` -> logout (idle timeout)
- `Session end time reached, deauthenticating: IP MAC, connected: N, in: XkB, out: YkB` (openNDS),
  `Force out user: IP MAC, connected: Ns, in: XkB, out: YkB` (nodogsplash) -> logout (session timeout)
- `Download|Upload quota exceeded|reached, deauthenticating: ...` -> logout (quota)
- nodogsplash 0.9/1.x: `[Timeout inactive user: |Force out user: ]IP MAC inactive|connected N secs.
  kB in: X  kB out: Y`, and `IP - Inactive|Connected for N seconds, deauthenticating client` -> logout
`in` counts traffic *to* the client (openNDS compares it with the download
quota), so it becomes `bytes_out`; openNDS 9.6 and later divide by 1024,
nodogsplash by 1000 (openNDS before 9.6 also divided by 1000: its lines carry
no version, so they are read as 1024).
- openNDS 11's sample BinAuth script custombinauth_reauth_interval.sh: `libopennds - [clientmac [MAC]
  attempted login before reauth interval expired]` -> login_failed (reauth interval)
(`connected:` there is time since the scheduled session end, not a duration.)
Pre-authentication timeouts, quota throttling, `Deleting ... from client list`
and the rest are `other`.

BinAuth log (`/tmp/ndslog/binauthlog.log`, binauth_log.sh):
`Fri Jan  3 09:55:16 UTC 2025, method=client_auth, clientmac=..., bytes_incoming=0,
bytes_outgoing=0, session_start=EPOCH, session_end=EPOCH, token=..., ...` (values
quoted in recent versions, which also add `timestamp=EPOCH`). Methods: `client_auth`,
`ndsctl_auth`, `preemptive_auth` (10.3+) -> login; `client_deauth`, `idle_deauth`,
`timeout_deauth`, `downquota_deauth`/`upquota_deauth` (before 10.2),
`download_quota_deauth`/`upload_quota_deauth` (10.2+), `ndsctl_deauth`, `shutdown_deauth` ->
logout; `auth_client` (the request to validate a client, with its IP and user agent) -> other.
"""

from __future__ import annotations

import re

from collector.portal import timeparse
from collector.portal.context import ParseContext
from collector.portal.event import LOGIN, LOGIN_FAILED, LOGOUT, OTHER, ParseError, PortalEvent
from collector.identifiers import normalise_mac
from collector.portal.syslog import split_header

_IP = r"(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)"
_MACRE = r"([0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5})"
_AUTH = re.compile(r"(De|DE)?(?:[Aa]uthenticating|AUTHENTICATE) +" + _IP + " (?:at )?" + _MACRE + r"\s*$")
_CLIENT_AUTH = re.compile(r"[Cc]lient \[" + _MACRE + ", " + _IP + r"\] authenticated")
_REAUTH = re.compile(r"clientmac \[" + _MACRE + r"\] attempted login before reauth interval expired")
_OLDEST = re.compile(_IP + r" - (Inactive|Connected) for \d+ seconds, deauthenticating client")
_STATS = re.compile(
    r"(Timeout authenticated idle user|Session end time reached, deauthenticating|Force out user"
    r"|(?:Download|Upload) quota (?:exceeded|reached), deauthenticating): "
    + _IP + " " + _MACRE + r", (?:inactive|connected): (\d+)s?, in: (\d+)kB, out: (\d+)kB")
# nodogsplash 1.x: "IP MAC inactive N secs. kB in: X  kB out: Y" / "... connected N secs. ..."
_OLD = re.compile(_IP + " " + _MACRE + r" (inactive|connected) (\d+) secs\. kB in: (\d+) +kB out: (\d+)")
_REASONS = {
    "Timeout authenticated idle user": "idle timeout",
    "Session end time reached, deauthenticating": "session timeout",
    "Force out user": "session timeout",
    "Download quota exceeded, deauthenticating": "download quota",
    "Upload quota exceeded, deauthenticating": "upload quota",
    "Download quota reached, deauthenticating": "download quota",
    "Upload quota reached, deauthenticating": "upload quota",
}
_BINAUTH_HEAD = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (?:([A-Za-z]{1,6}|[+-]\d{2,4}) )?(\d{4}), (.*)$",
    re.S)
_KV = re.compile(r'(\w+)=("[^"]*"|[^,]*)(?:, |,|$)')
_METHODS = {
    "client_auth": (LOGIN, None),
    "ndsctl_auth": (LOGIN, "ndsctl auth"),
    "client_deauth": (LOGOUT, "user logout"),
    "idle_deauth": (LOGOUT, "idle timeout"),
    "timeout_deauth": (LOGOUT, "session timeout"),
    "downquota_deauth": (LOGOUT, "download quota"),
    "upquota_deauth": (LOGOUT, "upload quota"),
    # openNDS 10.2 onwards (auth.c: quota exceeded without a throttling rate set)
    "download_quota_deauth": (LOGOUT, "download quota"),
    "upload_quota_deauth": (LOGOUT, "upload quota"),
    # openNDS 10.3 onwards: a client authenticated by the daemon itself (auth_restore after a
    # restart, mesh11sd mesh nodes)
    "preemptive_auth": (LOGIN, "preemptive auth"),
    "ndsctl_deauth": (LOGOUT, "admin deauth"),
    "shutdown_deauth": (LOGOUT, "shutdown"),
}


def looks_like(line: str) -> bool:
    return ("uthenticating " in line or "AUTHENTICATE " in line or "authenticated" in line or "method=" in line
            or "deauthenticating" in line or "Force out user" in line or " secs. kB in: " in line)


def parse_opennds(line: str, ctx: ParseContext) -> PortalEvent:
    return _parse(line, ctx, "opennds", 1024)


def parse_nodogsplash(line: str, ctx: ParseContext) -> PortalEvent:
    return _parse(line, ctx, "nodogsplash", 1000)


def _mac(text: str) -> str:
    mac = normalise_mac(text)
    if mac is None:
        raise ParseError(f"invalid MAC address {text[:40]!r}")
    return mac


def _parse(line: str, ctx: ParseContext, fmt: str, unit: int) -> PortalEvent:
    if "method=" in line:
        m = _BINAUTH_HEAD.match(line)
        if m is not None:
            return _binauth(m, ctx, fmt)
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = hdr.msg
    if ("uthenticating " in msg or "AUTHENTICATE " in msg) and "deauthenticating" not in msg:
        m = _AUTH.search(msg)
        if m is None:
            raise ParseError("authentication line without IP and MAC")
        kind = LOGOUT if m.group(1) else LOGIN
        return PortalEvent(kind, t, fmt, ip=m.group(2), mac=_mac(m.group(3)), host=hdr.host)
    if "] authenticated" in msg:
        m = _CLIENT_AUTH.search(msg)
        if m is None:
            raise ParseError("client authenticated line without MAC and IP")
        return PortalEvent(LOGIN, t, fmt, mac=_mac(m.group(1)), ip=m.group(2), host=hdr.host)
    if "kB, out: " in msg:
        m = _STATS.search(msg)
        if m is not None:
            what, ip, mac, _, kin, kout = m.groups()
            return PortalEvent(LOGOUT, t, fmt, ip=ip, mac=_mac(mac), bytes_out=int(kin) * unit,
                               bytes_in=int(kout) * unit, reason=_REASONS[what], host=hdr.host)
        if "deauthenticating:" in msg or ("idle user:" in msg and "preauthenticated" not in msg):
            raise ParseError("deauthentication line with unexpected fields")
    if " secs. kB in: " in msg:
        m = _OLD.search(msg)
        if m is None:
            raise ParseError("timeout line with unexpected fields")
        ip, mac, what, _, kin, kout = m.groups()
        return PortalEvent(LOGOUT, t, fmt, ip=ip, mac=_mac(mac), bytes_out=int(kin) * 1000,
                           bytes_in=int(kout) * 1000,
                           reason="idle timeout" if what == "inactive" else "session timeout", host=hdr.host)
    if "attempted login before reauth" in msg:
        m = _REAUTH.search(msg)
        if m is None:
            raise ParseError("reauth interval line without clientmac")
        return PortalEvent(LOGIN_FAILED, t, fmt, mac=_mac(m.group(1)), reason="reauth interval", host=hdr.host)
    if "deauthenticating client" in msg:
        m = _OLDEST.search(msg)
        if m is None:
            raise ParseError("deauthentication line without IP")
        return PortalEvent(LOGOUT, t, fmt, ip=m.group(1),
                           reason="idle timeout" if m.group(2) == "Inactive" else "session timeout",
                           host=hdr.host)
    return PortalEvent(OTHER, t, fmt, host=hdr.host)


def _binauth(m: re.Match, ctx: ParseContext, fmt: str) -> PortalEvent:
    mon, day, hms, zone, year, rest = m.groups()
    try:
        t = timeparse.with_year(year, mon, day, hms, timeparse.zone_from_abbr(zone, ctx.tz))
    except timeparse.TimeError as exc:
        raise ParseError(f"bad BinAuth timestamp: {exc}") from None
    kv = {k: v.strip('"') for k, v in _KV.findall(rest)}
    method = kv.get("method", "")
    known = _METHODS.get(method)
    if known is None:
        if method == "auth_client":  # a validation request, not yet a session
            return PortalEvent(OTHER, t, fmt)
        raise ParseError(f"unknown BinAuth method {method[:40]!r}")
    kind, reason = known
    mac = _mac(kv.get("clientmac", ""))
    try:
        down = int(kv["bytes_incoming"]) if kv.get("bytes_incoming") else None
        up = int(kv["bytes_outgoing"]) if kv.get("bytes_outgoing") else None
        start = int(kv["session_start"]) if kv.get("session_start", "").isdigit() else None
        now = int(kv["timestamp"]) if kv.get("timestamp", "").isdigit() else int(t.timestamp())
    except ValueError:
        raise ParseError("BinAuth counters are not numbers") from None
    duration = now - start if kind == LOGOUT and start and now >= start else None
    if kind == LOGIN:
        down = up = None  # always 0 at authentication
    return PortalEvent(kind, t, fmt, mac=mac, ip=kv.get("clientip") or None, bytes_in=up, bytes_out=down,
                       duration_s=duration, reason=reason, session_id=kv.get("token") or None,
                       host=kv.get("gatewayname") or None)
