"""PollResults straight from the model, without SNMP: the rendered MIB fed to the same
profile engine the poller uses (so the backfill stores what a live poll would)."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from collector.profiles.engine import evaluate, tables_from_walk
from collector.profiles.identify import first_under, probe_oids, probe_subtrees
from collector.profiles.loader import select_profile
from collector.simulator import mibs
from collector.simulator.fleet import PROFILE
from collector.snmp.model import PollResult

SYS = {"descr": (1, 3, 6, 1, 2, 1, 1, 1, 0), "oid": (1, 3, 6, 1, 2, 1, 1, 2, 0), "name": (1, 3, 6, 1, 2, 1, 1, 5, 0)}


def _py(tag: int, value: Any) -> Any:
    if tag == mibs.OCTETS:
        return bytes(value)
    if tag in (mibs.OID, mibs.IPADDR):
        return str(value)
    return int(value)


class ResultMaker:
    def __init__(self, fleet, profiles: dict):
        self.fleet = fleet
        self.profiles = profiles
        self._chosen: dict[str, Any] = {}

    def _profile(self, agent, oids, rows):
        p = self._chosen.get(agent.vendor)
        if p is None:
            name = PROFILE[agent.vendor]
            if name == "auto":
                val = {o: r for o, r in zip(oids, rows)}
                sys_oid, descr = str(val[SYS["oid"]][2]), bytes(val[SYS["descr"]][2]).decode()
                answers = {o: _py(val[o][1], val[o][2]) for o in probe_oids(self.profiles, sys_oid, descr) if o in val}
                under = {}
                for prefix in probe_subtrees(self.profiles, sys_oid, descr):
                    i = first_under(oids, prefix)
                    under[prefix] = None if i is None else _py(rows[i][1], rows[i][2])
                p, _ = select_profile(self.profiles, sys_oid, descr, answers, under)
            else:
                p = self.profiles[name]
            self._chosen[agent.vendor] = p
        return p

    def result(self, agent, state, t: dt.datetime) -> PollResult:
        target = f"127.0.0.1:{agent.port}"
        if not state.reachable:
            return PollResult(target=target, started_at=t, duration_s=1.0, reachable=False, error_kind="timeout",
                              errors=(f"{target}: no response (simulated)",))
        site = self.fleet.sites[agent.site_index]
        rows = mibs.render(agent, state, site)
        oids = [r[0] for r in rows]
        profile = self._profile(agent, oids, rows)

        def get(oid):
            i = bisect.bisect_left(oids, oid)
            return _py(rows[i][1], rows[i][2]) if i < len(oids) and oids[i] == oid else None

        scalars = {name: get(c.oid) for name, c in profile.scalars.items()}
        used = profile.used_tables()
        columns: dict[tuple[int, ...], list] = {}
        for tname, table in profile.tables.items():
            if tname not in used:
                continue
            for col in table.columns.values():
                n = len(col.oid)
                i = bisect.bisect_right(oids, col.oid)
                got = []
                while i < len(oids) and oids[i][:n] == col.oid:
                    got.append((oids[i][n:], _py(rows[i][1], rows[i][2])))
                    i += 1
                columns[col.oid] = got
        ev = evaluate(profile, scalars, tables_from_walk(profile, columns))
        r = ev.rows
        return PollResult(
            target=target, started_at=t, duration_s=0.05, reachable=True, errors=tuple(ev.errors),
            sys_descr=get(SYS["descr"]).decode(), sys_object_id=get(SYS["oid"]), sys_name=get(SYS["name"]).decode(),
            sys_uptime_ticks=state.uptime_ticks % 2**32, profile=profile.name, profile_fallback=False,
            client_rows=profile.client_rows(), clients_total=ev.clients_total, aps=tuple(r["aps"]), ssids=tuple(r["ssids"]),
            radios=tuple(r["radios"]), clients=tuple(r["clients"]),
            interfaces=tuple(r["interfaces"]), varbinds=sum(len(v) for v in columns.values()) + 4,
            ap_client_rows=ev.ap_client_rows,
        )
