"""Every session wording each supported portal version can emit, read from the
portals' source code (the format strings named in the parser modules' docs),
one instance each: kind and every field, with explicit and automatic format."""

from __future__ import annotations

from datetime import timezone

import pytest

from collector.portal.event import ParseError
from collector.portal.parser import detect, parse_line

M, IP = "5e:b3:dc:75:cf:37", "192.168.33.238"
# (format, message, kind, user, mac, ip, bytes_in, bytes_out, reason)
CASES = [
    # CoovaChilli / ChilliSpot, src/chilli.c across versions
    ("coova", "chilli[1]: Successful UAM login from username=ana bell IP=10.1.0.2", "login", "ana bell", None, "10.1.0.2", None, None, None),
    ("coova", "chilli[1]: UAM login from username=ana IP=10.1.0.2 was aborted!", "login_failed", "ana", None, "10.1.0.2", None, None, "login aborted"),
    ("coova", "chillispot[1]: chilli.c: 3060: Received UAM abort from IP=10.1.0.2", "login_failed", None, None, "10.1.0.2", None, None, "login aborted"),
    ("coova", "chilli[1]: Received UAM logoff from username=ana IP=10.1.0.2", "logout", "ana", None, "10.1.0.2", None, None, "user logoff"),
    ("coova", "chilli[1]: Granted MAC=5E-B3-DC-75-CF-37 with IP=10.1.0.2 access without radius auth", "login", None, M, "10.1.0.2", None, None, "mac auth"),
    ("coova", "chilli[1]: DHCP Released MAC=5E-B3-DC-75-CF-37 IP=10.1.0.2", "logout", None, M, "10.1.0.2", None, None, "dhcp release"),
    ("coova", "chilli[1]: DHCP Released MAC=5E-B3-DC-75-CF-37 IP=0.0.0.0", "logout", None, M, None, None, None, "dhcp release"),
    ("coova", "chilli[1858]: dhcp_receive_ip(3931): Not for our MAC or broadcast: 14-A5-1A-3B-BA-44", "other", None, None, None, None, None, None),
    ("coova", "chilli[1]: chilli.c: 3887: DHCP addr released by MAC=5E-B3-DC-75-CF-37 IP=10.1.0.2", "logout", None, M, "10.1.0.2", None, None, "dhcp release"),
    ("coova", "chilli[1]: auth_radius(4629): Received RADIUS Access-Reject", "login_failed", None, None, None, None, None, "radius access-reject"),
    ("coova", "chilli[1]: redir_accept(4203): handling Access-Reject", "login_failed", None, None, None, None, None, "radius access-reject"),
    ("coova", "chilli[1]: Accepting MAC login", "other", None, None, None, None, None, None),
    # openNDS, src/auth.c, src/fw_iptables.c, src/http_microhttpd.c (5.x to 11.x)
    ("opennds", f"opennds[1]: Authenticating {IP} {M}", "login", None, M, IP, None, None, None),
    ("opennds", f"opennds[1]: Deauthenticating {IP} {M}", "logout", None, M, IP, None, None, None),
    ("opennds", f"opennds[1]: AUTHENTICATE {IP} {M} ", "login", None, M, IP, None, None, None),
    ("opennds", f"opennds[1]: DEAUTHENTICATE {IP} {M} ", "logout", None, M, IP, None, None, None),
    ("opennds", f"opennds[1]: Remote auth data: client [{M}, {IP}] authenticated for 3600 seconds", "login", None, M, IP, None, None, None),
    ("opennds", f"opennds[1]: Timeout authenticated idle user: {IP} {M}, inactive: 601s, in: 10kB, out: 2kB", "logout", None, M, IP, 2048, 10240, "idle timeout"),
    ("opennds", f"opennds[1]: Session end time reached, deauthenticating: {IP} {M}, connected: 15, in: 1kB, out: 3kB", "logout", None, M, IP, 3072, 1024, "session timeout"),
    ("opennds", f"opennds[1]: Download quota exceeded, deauthenticating: {IP} {M}, connected: 9s, in: 4kB, out: 1kB", "logout", None, M, IP, 1024, 4096, "download quota"),
    ("opennds", f"opennds[1]: Upload quota reached, deauthenticating: {IP} {M}, connected: 9s, in: 4kB, out: 1kB", "logout", None, M, IP, 1024, 4096, "upload quota"),
    ("opennds", f"opennds[1]: Download quota exceeded, throttling: {IP} {M}, connected: 9s, in: 4kB, out: 1kB, rate: 9kbits/s", "other", None, None, None, None, None, None),
    ("opennds", f"opennds[1]: Timeout preauthenticated idle user: {IP} {M}, inactive: 601s", "other", None, None, None, None, None, None),
    ("opennds", f"opennds[1]: libopennds - [clientmac [{M}] attempted login before reauth interval expired]", "login_failed", None, M, None, None, None, "reauth interval"),
    ("opennds", f"opennds[1]: Deauthentication request - client  [{M}]", "other", None, None, None, None, None, None),
    # openNDS BinAuth log (binauth_log.sh): methods of 10.2 / 10.3 onwards (auth.c)
    ("opennds", f'Fri Jan  3 09:55:16 UTC 2025, method="download_quota_deauth", clientmac="{M}", timestamp=1735898116, bytes_incoming=4096, bytes_outgoing=1024, session_start=1735897816, session_end=0, token=ab12cd, custom=""', "logout", None, M, None, 1024, 4096, "download quota"),
    ("opennds", f'Fri Jan  3 09:55:16 UTC 2025, method="upload_quota_deauth", clientmac="{M}", timestamp=1735898116, bytes_incoming=4096, bytes_outgoing=1024, session_start=1735897816, session_end=0, token=ab12cd, custom=""', "logout", None, M, None, 1024, 4096, "upload quota"),
    ("opennds", f'Fri Jan  3 09:55:16 UTC 2025, method="preemptive_auth", clientmac="{M}", timestamp=1735898116, bytes_incoming=0, bytes_outgoing=0, session_start=1735898116, session_end=0, token=ab12cd, custom=""', "login", None, M, None, None, None, "preemptive auth"),
    ("opennds", f"Fri Jan  3 09:55:10 UTC 2025, method=auth_client, clientmac={M}, clientip={IP}, useragent=Mozilla/5.0 (Linux; Android 10), token=ab12cd, custom=", "other", None, None, None, None, None, None),
    # nodogsplash 0.9 to 5.x
    ("nodogsplash", f"nodogsplash[1]: Client [{M}, {IP}] authenticated", "login", None, M, IP, None, None, None),
    ("nodogsplash", f"nodogsplash[1]: Remote voucher: client [{M}, {IP}] authenticated 3600 seconds", "login", None, M, IP, None, None, None),
    ("nodogsplash", f"nodogsplash[1]: AUTHENTICATE  {IP} at {M} ", "login", None, M, IP, None, None, None),
    ("nodogsplash", f"nodogsplash[1]: DEAUTHENTICATE  {IP} at {M} ", "logout", None, M, IP, None, None, None),
    ("nodogsplash", f"nodogsplash[1]: Force out user: {IP} {M}, connected: 7200s, in: 5kB, out: 2kB", "logout", None, M, IP, 2000, 5000, "session timeout"),
    ("nodogsplash", f"nodogsplash[1]: Force out user: {IP} {M} connected 7200 secs. kB in: 5 kB out: 2", "logout", None, M, IP, 2000, 5000, "session timeout"),
    ("nodogsplash", f"nodogsplash[1]: Timeout inactive user: {IP} {M} inactive 600 secs. kB in: 5  kB out: 2", "logout", None, M, IP, 2000, 5000, "idle timeout"),
    ("nodogsplash", f"nodogsplash[1]: {IP} - Inactive for 600 seconds, deauthenticating client", "logout", None, None, IP, None, None, "idle timeout"),
    ("nodogsplash", f"nodogsplash[1]: {IP} - Connected for 7200 seconds, deauthenticating client", "logout", None, None, IP, None, None, "session timeout"),
    # pfSense captiveportal.inc / index.php / voucher.inc
    ("pfsense", "logportalauth[1]: Zone: g - ACCEPT: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ana", M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - ACCEPT: unauthenticated, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", None, M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - Voucher login good for 60 min.: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ab12", M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - ERROR: unauthenticated, noclientmac, 10.2.9.8", "login_failed", None, None, "10.2.9.8", None, None, "error"),
    ("pfsense", "logportalauth[1]: Zone: g - FAILURE: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8, voucher expired", "login_failed", "ab12", M, "10.2.9.8", None, None, "failure: voucher expired"),
    ("pfsense", "logportalauth[1]: Zone: g - Blocked MAC address: 5e:b3:dc:75:cf:37, 5e:b3:dc:75:cf:37, 10.2.9.8", "login_failed", M, M, "10.2.9.8", None, None, "blocked mac address"),
    ("pfsense", "logportalauth[1]: Zone: g - CONCURRENT VOUCHER LOGIN - NOT ALLOWED KEEPING OLD SESSION: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "login_failed", "ab12", M, "10.2.9.8", None, None, "concurrent voucher login - not allowed keeping old session"),
    ("pfsense", "logportalauth[1]: Zone: g - QUOTA EXCEEDED: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "ana", M, "10.2.9.8", None, None, "quota exceeded"),
    ("pfsense", "logportalauth[1]: Zone: g - RADIUS_DISCONNECT: ana, 5e:b3:dc:75:cf:37, 10.2.9.8, Bye", "logout", "ana", M, "10.2.9.8", None, None, "radius_disconnect: Bye"),
    ("pfsense", "logportalauth[1]: Zone: g - DISCONNECT - REAUTHENTICATION FAILED: ana, 5e:b3:dc:75:cf:37, 10.2.9.8, Access denied", "logout", "ana", M, "10.2.9.8", None, None, "disconnect - reauthentication failed: Access denied"),
    ("pfsense", "logportalauth[1]: Zone: g - FORCEFULLY TERMINATING VOUCHER ab12 SESSION: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "ab12", M, "10.2.9.8", None, None, "forcefully terminating voucher ab12 session"),
    ("pfsense", "logportalauth[1]: Zone: g - CONCURRENT LOGIN - REUSING OLD SESSION: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "other", None, None, None, None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - CONCURRENT LOGIN - NOT TERMINATING EXISTING SESSION(S): ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "other", None, None, None, None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - config['captiveportal'][g]['noconcurrentlogins'] 2 exists = set: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "other", None, None, None, None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - USER LOGIN: ana, 5e:b3:dc:75:cf:37, 10.2.9.8, RADIUS ACCOUNTING FAILED", "other", None, None, None, None, None, None),
    ("pfsense", "logportalauth[1]: Zone: g - FORCLY TERMINATING VOUCHER ab12 SESSION: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "ab12", M, "10.2.9.8", None, None, "forcly terminating voucher ab12 session"),
    ("pfsense", "logportalauth[1]: Zone: g - DISCONNECT - KIKED OUT BY ADMINISTRATOR: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "ana", M, "10.2.9.8", None, None, "disconnect - kiked out by administrator"),
    ("pfsense", "Voucher login good for 78 min.: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ab12", M, "10.2.9.8", None, None, None),
    # m0n0wall 1.3's captive portal index.php (the origin of pfSense's, BSD licence) and portals forked from it: no
    # zone, the voucher status in capitals, the voucher failure reason after the IP
    ("pfsense", "VOUCHER LOGIN good for 60 min.: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ab12", M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[411]: VOUCHER LOGIN good for 60 min.: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ab12", M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[411]: FAILURE: ab12, 5e:b3:dc:75:cf:37, 10.2.9.8, voucher expired", "login_failed", "ab12", M, "10.2.9.8", None, None, "failure: voucher expired"),
    ("pfsense", "Zone: g - CONCURRENT USER LOGIN - TERMINATING OLD SESSION: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "ana", M, "10.2.9.8", None, None, "concurrent user login - terminating old session"),
    ("pfsense", "logportalauth[37624]: LOGIN: admin, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "admin", M, "10.2.9.8", None, None, None),
    ("pfsense", "logportalauth[37624]: DISCONNECT: admin, 5e:b3:dc:75:cf:37, 10.2.9.8", "logout", "admin", M, "10.2.9.8", None, None, "disconnect"),
    ("pfsense", "php-fpm[9]: INFO [Captive Portal] logportalauth: Zone: g - USER LOGIN: ana, 5e:b3:dc:75:cf:37, 10.2.9.8", "login", "ana", M, "10.2.9.8", None, None, None),
    ("pfsense", "php-fpm[9]: /index.php: Successful login for user 'admin' from: 10.2.9.1 (Local Database)", "other", None, None, None, None, None, None),
    # pfSense 2.8+ logger() (util.inc): JSON with a backtrace when debugging, cut by syslog's length limit, and a JSON
    # string when the message holds a line break (a RADIUS reply message of two lines)
    ("pfsense", 'php-fpm[9]: {"prefix":"INFO [Captive Portal]","message":"logportalauth: Zone: g - USER LOGIN: ana, 5e:b3:dc:75:cf:37, 10.2.9.8","backtrace":{"0":{"file":"\\/etc\\/inc\\/captiveportal.inc","line":1194,"funct', "login", "ana", M, "10.2.9.8", None, None, None),
    ("pfsense", 'php-fpm[9]: "INFO [Captive Portal] logportalauth: Zone: g - FAILURE: ana, 5e:b3:dc:75:cf:37, 10.2.9.8, Access denied\\nTry again"', "login_failed", "ana", M, "10.2.9.8", None, None, "failure: Access denied Try again"),
    # MikroTik RouterOS hotspot (the `user (ip): action` family; RouterOS 6 and 7 time forms)
    ("mikrotik", "09-25 21:10:05 hotspot,account,info,debug ->: ana (10.5.50.2): logged in", "login", "ana", None, "10.5.50.2", None, None, None),
    ("mikrotik", "sep/25 21:10:05 hotspot,info,debug adminReset: ana (10.5.50.2): logged out: admin reset", "logout", "ana", None, "10.5.50.2", None, None, "admin reset"),
    ("mikrotik", "Feb/09/2025 13:26:32 hotspot,info,debug T-5E:B3:DC:75:CF:37 (10.5.50.2): logged out: lost dhcp lease", "logout", "T-5E:B3:DC:75:CF:37", M, "10.5.50.2", None, None, "lost dhcp lease"),
    ("mikrotik", "->: (10.5.50.2): login failed: invalid username or password", "login_failed", None, None, "10.5.50.2", None, None, "invalid username or password"),
    # FreeRADIUS radius.log / syslog (src/main/auth.c) and the shipped linelog messages
    ("radius-log", "radiusd[1]: (7) Login OK: [ana] (from client hotspot port 15728640 cli 5E-B3-DC-75-CF-37)", "login", "ana", M, None, None, None, None),
    ("radius-log", "radiusd[1]: Login incorrect: [ana/secret] (from client hotspot port 0 cli 5e:b3:dc:75:cf:37)", "login_failed", "ana", M, None, None, None, "login incorrect"),
    ("radius-log", "radiusd[1]: (9) Login incorrect (Home Server says so): [ana] (from client hotspot port 0 cli +62812000)", "login_failed", "ana", None, None, None, None, "login incorrect: Home Server says so"),
    ("radius-log", "radiusd[1]: (9) Invalid user: [<no User-Name attribute>] (from client hotspot port 0)", "login_failed", None, None, None, None, None, "invalid user"),
    ("radius-log", "radiusd[1]: (3)   Login incorrect (mschap: MS-CHAP2-Response is incorrect): [ana] (from client ap port 0 cli 5e-b3-dc-75-cf-37 via TLS tunnel)", "login_failed", "ana", M, None, None, None, "login incorrect: mschap: MS-CHAP2-Response is incorrect"),
    ("radius-log", "radiusd[1]: Login OK: [ana/<via Auth-Type = eap>] (from client ap port 0 via TLS tunnel)", "login", "ana", None, None, None, None, None),
    ("radius-log", "Mon Jun 15 15:49:47 2015 : Auth: Invalid user: [ana] (from client localhost port 1 cli 5E-B3-DC-75-CF-37)", "login_failed", "ana", M, None, None, None, "invalid user"),
    ("radius-log", "Fri Oct  1 20:05:59 2010 : Auth: Login OK: [ana] (from client nas1 port 50 cli 5eb3dc75cf37 / 5e:b3:dc:75:cf:37 / em2)", "login", "ana", M, None, None, None, None),
    ("radius-log", "radiusd[1]: Invalid user: [ana/<no User-Password attribute>] (from client nas1 port 25 cli 172.16.2.182 /  / )", "login_failed", "ana", None, None, None, None, "invalid user"),
    ("radius-log", 'radiusd[1]: (1) Login OK: [ana] (from client nas port 0) authenticationtype:"PAP";nasipv4address:"10.0.0.10";callingstationid:""', "login", "ana", None, None, None, None, None),
    ("radius-log", "radiusd[1]: (5) Rejected in post-auth: [ana] (from client hotspot port 1 cli 5E-B3-DC-75-CF-37)", "login_failed", "ana", M, None, None, None, "rejected in post-auth"),
    ("radius-log", "radiusd[1]: (6) Login OK: [ana] (from client hotspot port 0 via proxy to virtual server)", "login", "ana", None, None, None, None, None),
    ("radius-log", "Disconnect: [ana] (did hs1 cli 5E-B3-DC-75-CF-37 port 1 ip 10.5.50.9) 60 seconds", "accounting_stop", "ana", M, "10.5.50.9", None, None, None),
    # OPNsense AccessController.php and cp-background-process.py
    ("opnsense", "captiveportal[1]: AUTH anonymous@10.2.9.8 (10.2.9.8) zone 0", "login", "anonymous@10.2.9.8", None, "10.2.9.8", None, None, None),
    ("opnsense", "captiveportal[1]: LOGOUT ana (10.2.9.8) zone 0", "logout", "ana", None, "10.2.9.8", None, None, "user logout"),
    ("opnsense", "captiveportal[1]: session Iv3q+k8d2a0lA2JbQm4w== hit hardtimeout", "logout", None, None, None, None, None, "session timeout"),
    ("opnsense", 'captiveportal[1]: set extra restrictions for session (Iv3q+k8d2a0lA2JbQm4w==) {"session_timeout": 3600}', "other", None, None, None, None, None, None),
    ("opnsense", "captiveportal[1]: remove concurrent session Iv3q+k8d2a0lA2JbQm4w==", "logout", None, None, None, None, None, "concurrent login"),
    ("opnsense", "captiveportal[1]: accounting limit reached for session Iv3q+k8d2a0lA2JbQm4w==", "logout", None, None, None, None, None, "session timeout"),
    ("opnsense", "2024-01-17T14:01:29\tNotice\tcaptiveportal\tsession Iv3q+k8d2a0lA2JbQm4w== hit idletimeout", "logout", None, None, None, None, None, "idle timeout"),
    ("opnsense", "2024-01-17T14:01:29\tInformational\tcaptiveportal\tDENY ana (10.2.9.8) zone 1", "login_failed", "ana", None, "10.2.9.8", None, None, "authentication denied"),
]


def _fields(ev):
    return (ev.kind, ev.user, ev.mac, ev.ip, ev.bytes_in, ev.bytes_out, ev.reason)


@pytest.mark.parametrize("fmt,msg,kind,user,mac,ip,bin_,bout,reason", CASES)
def test_source_wording(fmt, msg, kind, user, mac, ip, bin_, bout, reason, ctx):
    want = (kind, user, mac, ip, bin_, bout, reason)
    assert _fields(parse_line(msg, fmt, ctx)) == want
    if kind != "other":
        assert detect(msg) in ({"pfsense", "opnsense"} if fmt in ("pfsense", "opnsense") else {fmt})
        assert _fields(parse_line(msg, "auto", ctx)) == want


def test_opnsense_background_drop_keeps_the_session_id(ctx):
    ev = parse_line("captiveportal[1]: session Iv3q+k8d2a0lA2JbQm4w== hit idletimeout", "opnsense", ctx)
    assert (ev.kind, ev.session_id, ev.reason) == ("logout", "Iv3q+k8d2a0lA2JbQm4w==", "idle timeout")


@pytest.mark.parametrize("line,fmt", [
    ("Mon Jun 15 15:49:47 2015 : Auth: Invalid user: [ana] (from client localhost port 1 cli XX-XX-XX-XX-XX-XX)", "radius-log"),
    ("radiusd[1]: (4) Login OK: [ana] (from client ap port 0 cli 5e:b3:**:**:cf:37)", "radius-log"),
    ("Tue Mar  4 16:05:45 2008 : Auth: Login incorrect: [ana@.../<no User-Password attribute>] (from client ... port 4 cli 5eb3dc75cf37)", "radius-log"),
    ("logportalauth[37624]: LOGIN: admin, x8:y0:xz:8t:aa:bb, 10.2.9.8", "pfsense"),
    ("auth[1]: (314) Login incorrect: [CLIENT_UID] (from client pf port 1 cli CLIENT_MAC via TLS tunnel)", "radius-log"),
])
def test_masked_identifiers_are_parse_errors_not_events(line, fmt, ctx):
    with pytest.raises(ParseError):
        parse_line(line, fmt, ctx)


def _detail(*attrs: str, header: str = "Tue Feb 28 17:21:42 2017") -> str:
    return "\n".join([header, *("\t" + a for a in attrs)])


def test_detail_tagged_attributes_are_read_not_quarantined(ctx):
    # Cisco WLC records with a VLAN assignment (RFC 2868 tags): RyoshiKayo/Radius-To-JS
    ev = parse_line(_detail('User-Name = "ana"', "Tunnel-Type:0 = VLAN", 'Tunnel-Private-Group-Id:0 = "882"',
                            "Acct-Status-Type = Start", 'Calling-Station-Id = "5e-b3-dc-75-cf-37"'),
                    "radius-detail", ctx)
    assert (ev.kind, ev.user, ev.mac) == ("accounting_start", "ana", M)


def test_detail_ambiguous_zone_takes_the_offset_the_server_clock_shows(ctx):
    # CEST is no offset parse-log can know; the server's Timestamp (exact epoch) shows +02:00
    ev = parse_line(_detail("Acct-Status-Type = Stop", 'Event-Timestamp = "Apr 11 2017 11:10:41 CEST"',
                            "Timestamp = 1491901842"), "radius-detail", ctx)
    assert ev.time.isoformat() == "2017-04-11T09:10:41+00:00"
    # WITA (+08:00) with a server clock 1 s later
    ev = parse_line(_detail("Acct-Status-Type = Start", 'Event-Timestamp = "Nov 27 2026 07:24:00 WITA"',
                            "Timestamp = 1795735441"), "radius-detail", ctx)
    assert ev.time.isoformat() == "2026-11-26T23:24:00+00:00"
    # clocks 7.5 minutes from any quarter-hour offset: the server's own time is used
    ev = parse_line(_detail("Acct-Status-Type = Start", 'Event-Timestamp = "Nov 27 2026 07:31:30 WITA"',
                            "Timestamp = 1795735441"), "radius-detail", ctx)
    assert ev.time.isoformat() == "2026-11-26T23:24:01+00:00"


def test_detail_space_padded_days_in_header_and_event_timestamp(ctx):
    # rlm_detail's header is ctime() ("%t"), which pads a one-digit day with a space, and FreeRADIUS 2/3
    # print Event-Timestamp with "%b %e %Y %H:%M:%S %Z" (space-padded too); a MikroTik Hotspot Start
    ev = parse_line(_detail("Acct-Status-Type = Start", 'Calling-Station-Id = "5E:B3:DC:75:CF:37"',
                            'Called-Station-Id = "hotspot1"', 'User-Name = "5E:B3:DC:75:CF:37"',
                            "Framed-IP-Address = 10.5.50.9", "Mikrotik-Host-IP = 10.5.50.9",
                            'Event-Timestamp = "Nov  3 2026 07:24:01 GMT"', "Timestamp = 1793690640",
                            header="Tue Nov  3 07:24:00 2026"), "radius-detail", ctx)
    assert (ev.kind, ev.mac, ev.ip) == ("accounting_start", M, "10.5.50.9")
    assert ev.time.isoformat() == "2026-11-03T07:24:01+00:00"
    # a record whose Event-Timestamp is missing falls back to the server's Timestamp
    ev = parse_line(_detail("Acct-Status-Type = Interim-Update", 'User-Name = "ana"', "Timestamp = 1793690640",
                            header="Tue Nov  3 07:24:00 2026"), "radius-detail", ctx)
    assert (ev.kind, ev.time.isoformat()) == ("accounting_interim", "2026-11-03T07:24:00+00:00")


def test_detail_cisco_session_id_gives_the_mac_when_the_station_id_is_an_ip(ctx):
    ev = parse_line(_detail('User-Name = "crumpa"', 'Acct-Session-Id = "58b62226/e0:5f:45:37:98:bf/5804651"',
                            "Acct-Status-Type = Start", 'Calling-Station-Id = "67.201.214.89"',
                            "Framed-IP-Address = 67.201.214.89"), "radius-detail", ctx)
    assert (ev.mac, ev.ip, ev.user) == ("e0:5f:45:37:98:bf", "67.201.214.89", "crumpa")
    ev = parse_line(_detail('User-Name = "ana"', 'Acct-Session-Id = "5670F442-00000330"',
                            "Acct-Status-Type = Start", 'Calling-Station-Id = "67.201.214.89"'), "radius-detail", ctx)
    assert ev.mac is None


@pytest.mark.parametrize("attrs", [
    ('User-Name = "**********"', 'Calling-Station-Id = "9C-FC-01-**-**-**"'),  # FreeRADIUS PR #1460
    ('User-Name = "ana"', 'Calling-Station-Id = "9C-FC-01-**-**-**"'),
    ('User-Name = "ana"', 'Calling-Station-Id = "CLIENT_MAC"'),
    ('User-Name = "XXXXXXXX"', 'Calling-Station-Id = "5e-b3-dc-75-cf-37"'),
    ('User-Name = "jeff"', "Framed-IP-Address = xxx.xxx.xxx.xxx"),  # a dial-up record published with its addresses hidden
])
def test_detail_masked_identifiers_are_parse_errors(attrs, ctx):
    with pytest.raises(ParseError):
        parse_line(_detail(*attrs, "Acct-Status-Type = Stop"), "radius-detail", ctx)


def test_detail_auth_log_records_hold_no_session(ctx):
    # auth_log's detail file (soulbiz/logging-elk sample): an Access-Request, no Acct-Status-Type
    ev = parse_line(_detail("Packet-Type = Access-Request", 'User-Name = "ana"',
                            'Calling-Station-Id = "5e-b3-dc-75-cf-37"'), "radius-detail", ctx)
    assert (ev.kind, ev.user, ev.mac) == ("other", None, None)
    with pytest.raises(ParseError):  # neither accounting nor a logged packet
        parse_line(_detail('User-Name = "ana"', 'Calling-Station-Id = "5e-b3-dc-75-cf-37"'), "radius-detail", ctx)


@pytest.mark.parametrize("stamp, utc", [
    ("2024-02-21T05:37:17Z", "2024-02-21T05:37:17+00:00"),
    ('"2024-02-21T05:37:17.250Z"', "2024-02-21T05:37:17.250000+00:00"),
    ("2024-02-21T13:37:17+08:00", "2024-02-21T05:37:17+00:00"),
])
def test_detail_freeradius4_rfc3339_event_timestamp(stamp, utc, ctx):
    # FreeRADIUS 4 rlm_detail: `Packet-Type` first, dates printed by fr_unix_time_to_str (RFC 3339)
    ev = parse_line(_detail("Packet-Type = Accounting-Request", "Acct-Status-Type = Stop",
                            'User-Name = "ana"', 'Calling-Station-Id = "5e-b3-dc-75-cf-37"',
                            f"Event-Timestamp = {stamp}", "Acct-Session-Time = 16", "Timestamp = 1708493860",
                            header="Wed Feb 21 13:37:40 2024"), "radius-detail", ctx)
    assert (ev.kind, ev.user, ev.mac, ev.duration_s) == ("accounting_stop", "ana", M, 16)
    assert ev.time.astimezone(timezone.utc).isoformat() == utc
