"""Synthetic village data for the district tests and bench/district.py: polls of a 30-client AP
(as the MikroTik profile reports them: client rows with counters, SSIDs, radios, interfaces) and
openNDS hotspot log lines, deterministic from a seed. Times are given, never today's."""

from __future__ import annotations

import datetime as dt
import random

from collector.snmp.model import ClientRow, IfRow, PollResult, RadioRow, SsidRow

T0 = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.timezone.utc)


def macs(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return [":".join(f"{rnd.randrange(256):02x}" for _ in range(6)) for _ in range(n)]


def poll(ap: str, t: dt.datetime, k: int, *, clients: int = 30, seed: int = 1) -> PollResult:
    """The k-th poll of an AP (client counters grow with k; the crowd changes slowly)."""
    rnd = random.Random(hash((ap, k, seed)) & 0xFFFFFFFF)
    pool = macs(hash((ap, seed)) & 0xFFFF, clients + 10)
    start = (k // 30) % 10  # a few clients come and go every half hour
    here = pool[start:start + clients]
    rows = tuple(ClientRow(mac=m, ssid="Perpustakaan-Desa", radio="wlan1" if i % 3 else "wlan2",
                           rssi_dbm=-40 - rnd.randrange(40),
                           rx_bytes=(k + 1) * (1000 + 37 * i) + rnd.randrange(5000),
                           tx_bytes=(k + 1) * (9000 + 113 * i) + rnd.randrange(50000))
                 for i, m in enumerate(here))
    ifs = tuple(IfRow(index=i, name=n, in_octets=(k + 1) * 2_000_000 * i + rnd.randrange(10**6),
                      out_octets=(k + 1) * 9_000_000 * i + rnd.randrange(10**6), counter_bits=64, oper_up=True)
                for i, n in ((1, "ether1"), (2, "wlan1"), (3, "wlan2")))
    return PollResult(
        target=f"10.0.0.{sum(map(ord, ap)) % 250}:161", started_at=t, duration_s=0.05 + rnd.random() / 20,
        reachable=True, sys_descr="RouterOS RB952Ui-5ac2nD", sys_object_id="1.3.6.1.4.1.14988.1",
        sys_name=ap, sys_uptime_ticks=100 * 86400 + k * 6000, profile="mikrotik", client_rows="clients",
        clients_total=len(rows), clients_source="clients", identified_by={"sys_object_id": "1.3.6.1.4.1.14988."},
        ssids=(SsidRow("Perpustakaan-Desa", len(rows)),),
        radios=(RadioRow("wlan1", "2.4GHz", 6, sum(1 for r in rows if r.radio == "wlan1")),
                RadioRow("wlan2", "5GHz", 36, sum(1 for r in rows if r.radio == "wlan2"))),
        clients=rows, interfaces=ifs, varbinds=30 * 8 + 20)


def hotspot_line(t: dt.datetime, i: int, *, seed: int = 1) -> str:
    """An openNDS binauth log line (log file format): logins and logouts, distinct per i."""
    mac = macs(seed * 100003 + i // 2, 1)[0]
    stamp = f"{t:%a %b} {t.day:2d} {t:%H:%M:%S} UTC {t.year}"
    start = int(t.timestamp()) - (0 if i % 2 == 0 else 1800)
    method = "ndsctl_auth" if i % 2 == 0 else "idle_deauth"
    traffic = "0, bytes_outgoing=0" if i % 2 == 0 else f"{1_000_000 + i * 37}, bytes_outgoing={200_000 + i * 11}"
    return (f"{stamp}, method={method}, clientmac={mac}, bytes_incoming={traffic}, session_start={start}, "
            f"session_end={start + 3600}, token={i // 2:08x}, gatewayname=openNDS, ndsversion=9.8.0, "
            f"client_zone=LocalZone:wlan0")
