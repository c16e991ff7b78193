"""Good and poison portal lines, numbered so every stored line can be counted.

Each poison line is one the parsers accept (or half accept) but PostgreSQL
would reject, or a value the store must not keep (negative counters); each
must be quarantined with a reason while every good line around it is stored.
"""

from __future__ import annotations

GIGA = 2**31  # Acct-*-Gigawords and Acct-Session-Time at or above 2^31 are legal RADIUS values


def mikrotik(i: int, host: str = "mt") -> str:
    """A good MikroTik hotspot login, unique per i (RFC 3164 header, site zone)."""
    return (f"<134>Nov 27 10:{i // 60 % 60:02d}:{i % 60:02d} {host} hotspot,info,debug user{i} "
            f"(10.5.{i // 250 % 250}.{i % 250 + 1}): logged in")


# one of each kind of poison, as syslog/file lines (mikrotik/opennds) -> its reason fragment
POISON_LINES = {
    "bad-ip": ("<134>Nov 27 11:00:01 mt hotspot,info,debug eve (999.1.1.1): logged in", "invalid IP"),
    "nul": ("<134>Nov 27 11:00:02 mt hotspot,info,debug nul\x00user (10.9.0.1): logged in", "NUL"),
    "negative": ("Tue Oct 12 21:25:39 UTC 2021, method=idle_deauth, clientmac=84:38:38:98:38:1b, "
                 "bytes_incoming=-7, bytes_outgoing=5, session_start=1634066424, session_end=1634073939, "
                 "token=7b60ae0f, gatewayname=openNDS", "negative"),
}


def radius_record(i: int, *, input_gigawords: int = 0, session_time: int = 60, base: int = 1708522637) -> str:
    """A FreeRADIUS detail Stop record (blank line after it); `base`: Unix time of record 0."""
    return (f"Wed Feb 21 13:{i // 60 % 60:02d}:{i % 60:02d} 2024\n"
            f'\tUser-Name = "r{i}"\n'
            f'\tCalling-Station-Id = "40-D3-AE-04-{i // 256 % 256:02X}-{i % 256:02X}"\n'
            f"\tAcct-Status-Type = Stop\n"
            f'\tAcct-Session-Id = "s{i:08d}"\n'
            f"\tAcct-Session-Time = {session_time}\n"
            f"\tAcct-Input-Octets = 1000\n\tAcct-Output-Octets = 2000\n"
            f"\tAcct-Input-Gigawords = {input_gigawords}\n\tAcct-Output-Gigawords = 0\n"
            f"\tFramed-IP-Address = 10.0.{i // 250 % 250}.{i % 250 + 1}\n"
            f"\tTimestamp = {base + i}\n\n")


POISON_RECORDS = {
    "gigawords": (radius_record(900001, input_gigawords=GIGA), "bytes_in"),
    "session-time": (radius_record(900002, session_time=GIGA), "duration_s"),
}
