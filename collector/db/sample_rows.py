"""The sample rows of one batch of polls, written with COPY (statements in `sql/copy_*.sql`).

`PollStore` adds each poll's rows while it applies the batch and copies them at the end of the
batch's transaction: `ap_sample` (one row per polled device and per AP a controller lists),
`ap_ssid_sample`, `ap_radio_sample`, `if_sample`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg

from collector.db.queries import query


@dataclass
class SampleRows:
    aps: list[tuple] = field(default_factory=list)
    ssids: list[tuple] = field(default_factory=list)
    radios: list[tuple] = field(default_factory=list)
    interfaces: list[tuple] = field(default_factory=list)

    def add_ap(self, t: dt.datetime, ap_id: int, reachable: bool, partial: bool, clients: int | None,
               controller_up: bool | None, sys_uptime_ticks: int | None, error_kind: str | None,
               duration_ms: int | None) -> None:
        self.aps.append((t, ap_id, reachable, partial, clients, controller_up, sys_uptime_ticks, error_kind,
                         duration_ms))

    def add_details(self, t: dt.datetime, ap_id: int, r) -> None:
        """The SSID, radio and interface rows of a reachable device's PollResult."""
        for s in r.ssids:
            if s.ssid is not None and s.clients is not None:
                self.ssids.append((t, ap_id, s.ssid, s.clients))
        for name, rad in zip(radio_keys(r.radios), r.radios):
            if rad.clients is not None:
                self.radios.append((t, ap_id, name, rad.band, rad.channel, rad.clients))
        for f in r.interfaces:
            self.interfaces.append((t, ap_id, f.index, f.name, f.in_octets, f.out_octets, f.counter_bits,
                                    r.sys_uptime_ticks, f.oper_up))

    def copy(self, conn: psycopg.Connection) -> None:
        for statement, rows in (("copy_ap_sample", self.aps), ("copy_ap_ssid_sample", self.ssids),
                                ("copy_ap_radio_sample", self.radios), ("copy_if_sample", self.interfaces)):
            if rows:
                with conn.cursor().copy(query(statement)) as cp:
                    for row in rows:
                        cp.write_row(row)


def radio_keys(radios) -> list[str]:
    """Unique radio names for one poll: a controller names each AP's radios after the AP,
    so a repeated name gets its band (or position) appended."""
    names = [rad.name or str(i) for i, rad in enumerate(radios)]
    out, seen = [], set()
    for i, (name, rad) in enumerate(zip(names, radios)):
        key = f"{name} {rad.band or i}" if names.count(name) > 1 else name
        if key in seen:
            key = f"{key} #{i}"
        seen.add(key)
        out.append(key)
    return out
