"""The collector's polling code (poll_many + PollStore) polling the simulated fleet over real SNMP
reproduces the simulator's ground truth exactly: clients per AP per poll, reachability,
reboots and outages, and client sessions opened/closed."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from collector.db.writer import PollStore
from collector.poller import poll_many
from collector.privacy import Pseudonymizer
from collector.profiles.loader import load_profiles
from collector.simulator.agent import AgentFleet
from collector.simulator.clock import ManualClock
from collector.simulator.events import Event
from collector.simulator.fleet import PROFILE, build_fleet
from collector.simulator.model import Model
from collector.simulator.truth import REPORTS, Sessions, polled_names, sightings
from collector.snmp.model import SnmpTarget
from tests.ports import free_ports

WITA = ZoneInfo("Asia/Makassar")
KEY = b"simulator-test-key-0123456789abcdef"
START = dt.datetime(2026, 11, 24, 9, 50, tzinfo=WITA)  # a Tuesday, school-hours peak
POLLS = 32  # one per simulated minute: 09:50 .. 10:21


def _at(h, m, s=0):
    return dt.datetime(2026, 11, 24, h, m, s, tzinfo=WITA).timestamp()


@pytest.fixture
def fleet():
    base = free_ports(7, "udp")
    return build_fleet(aps=7, sites=3, seed=4, base_port=base, privacy_key=KEY.decode())


def _events(fleet):
    mik = fleet.sites[0].agents[0]  # a standalone MikroTik AP
    mik2 = fleet.sites[0].agents[1]
    wlc_site = fleet.sites[1]
    return [
        Event("reboot", 0, mik.name, _at(10, 5), _at(10, 5) + 60),
        Event("ap_down", 0, mik2.name, _at(10, 8), _at(10, 14, 30)),
        Event("ap_down", 1, wlc_site.aps[0].name, _at(10, 2), _at(10, 14, 30)),
        Event("uplink", 2, "", _at(10, 0), _at(10, 5, 30)),
    ]


async def _run(fleet, model, clock, store, refs, profiles):
    agents = AgentFleet(fleet, model, clock)
    await agents.start()
    targets = [SnmpTarget("127.0.0.1", a.port, community=fleet.community, timeout_s=1.0, retries=0)
               for a in fleet.agents]
    names = {t.address: PROFILE[a.vendor] for t, a in zip(targets, fleet.agents)}
    truth = Sessions(gap_s=600)
    mismatches = []
    checked = {"clients": 0, "counts": 0, "down": 0}
    try:
        for k in range(POLLS):
            t = START + dt.timedelta(minutes=k)
            clock.set(t)
            results = await poll_many(targets, profiles, concurrency=16, profile_names=names)
            batch = []
            for agent, r in zip(fleet.agents, results):
                r = dataclasses.replace(r, started_at=t.astimezone(dt.timezone.utc))
                batch.append((refs[(fleet.sites[agent.site_index].name, agent.name)], r))
                state = model.agent_state(agent, t)
                where = f"{t:%H:%M} {agent.name}@{agent.site_index}"
                if r.reachable != state.reachable:
                    mismatches.append(f"{where}: reachable {r.reachable} != {state.reachable}")
                    continue
                if not state.reachable:
                    checked["down"] += 1
                    continue
                truth.observe(fleet.sites[agent.site_index].name, polled_names(agent), t.timestamp(),
                              sightings(agent, state))
                if r.sys_uptime_ticks != state.uptime_ticks:
                    mismatches.append(f"{where}: uptime {r.sys_uptime_ticks} != {state.uptime_ticks}")
                kind = REPORTS[agent.vendor]
                if kind == "none":
                    if r.clients_total is not None:
                        mismatches.append(f"{where}: clients_total {r.clients_total}, expected unknown")
                    continue
                checked[kind] += 1
                if r.clients_total != state.clients_total:
                    mismatches.append(f"{where}: clients_total {r.clients_total} != {state.clients_total}")
                if kind == "clients":
                    got = sorted(c.mac for c in r.clients)
                    want = sorted(c.mac for a in state.aps for c in a.clients)
                    if got != want:
                        mismatches.append(f"{where}: client MACs differ")
                if agent.is_controller:
                    got_aps = {a.name: (a.clients, a.up) for a in r.aps}
                    want_aps = {a.name: (len(a.clients), a.up) for a in state.aps}
                    if got_aps != want_aps:
                        mismatches.append(f"{where}: managed APs {got_aps} != {want_aps}")
            store.write_polls(batch)
    finally:
        agents.stop()
    return truth, mismatches, checked


def test_collector_reproduces_ground_truth(db, pg_dsn, fleet):
    model = Model(fleet, _events(fleet), random_events=False)
    clock = ManualClock(START)
    pseudo = Pseudonymizer(KEY)
    profiles = load_profiles()
    with PollStore(pg_dsn, pseudo, session_gap_minutes=10, down_after_failures=2) as store:
        refs = store.sync_inventory(fleet.config)
        truth, mismatches, checked = asyncio.run(_run(fleet, model, clock, store, refs, profiles))
        store.flush_sessions()
    assert mismatches == []
    assert checked["clients"] >= POLLS * 2 and checked["counts"] >= POLLS and checked["down"] >= 15

    # sessions: exactly the truth's, opened and closed at the same instants
    rows = db.execute(
        "SELECT s.name, c.device, c.first_seen, c.last_seen, c.closed, c.randomized"
        " FROM client_session c JOIN site s ON s.id = c.site_id").fetchall()
    got = sorted((r[0], r[1], r[2].timestamp(), r[3].timestamp(), r[4]) for r in rows)
    want = sorted((s.site, pseudo.device(s.mac), s.first_seen, s.last_seen, s.closed) for s in truth.all())
    assert len(want) > 15 and any(w[4] for w in want) and any(not w[4] for w in want)
    assert got == want
    assert any(r[5] for r in rows) and not all(r[5] for r in rows)  # randomised MACs flagged

    # outages and reboots as events
    events = db.execute(
        "SELECT a.name, s.name, e.kind FROM ap_event e JOIN ap a ON a.id = e.ap_id JOIN site s ON s.id = a.site_id"
        " WHERE e.kind <> 'discovered'").fetchall()
    got_events = sorted({(a, fleet.sites[[x.name for x in fleet.sites].index(s)].index, k) for a, s, k in events})
    mik, mik2 = fleet.sites[0].agents[0].name, fleet.sites[0].agents[1].name
    managed = fleet.sites[1].aps[0].name
    want_events = sorted({(mik, 0, "reboot"), (mik2, 0, "down"), (mik2, 0, "up"), (mik2, 0, "reboot"),
                          (managed, 1, "controller_down"), (managed, 1, "controller_up")}
                         | {(a.name, 2, k) for a in fleet.sites[2].agents for k in ("down", "up")})
    assert got_events == want_events
