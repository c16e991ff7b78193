"""End to end: real SNMP agents (snmpsim) on loopback, the collector service's poll + PollStore + hooks, the alert
manager, and real SMTP/HTTP receivers. Agents are stopped and restarted; the collector is restarted too.

Poll results get the virtual round time (the polls themselves are real), so opening hours can be crossed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import shutil
import signal

import pytest

from collector.profiles.loader import load_profiles
from collector.service import Collector
from tests.snmp.simulator import OWN_RECORDINGS, free_udp_port, start_snmpsim

from .conftest import T0, Clock, make_config
from .helpers import counts, manager

NAMES = ("ap-1", "ap-2", "ap-3")
SNMP = {"snmp_timeout_s": 1.0, "snmp_retries": 1}  # a busy CI machine must not fake an outage


class Agents:
    """One snmpsim process per AP, each on its own fixed loopback port."""

    def __init__(self, work):
        self.work = work
        self.data = work / "data"
        self.data.mkdir(parents=True)
        shutil.copy(OWN_RECORDINGS / "openwrt.snmprec", self.data / "openwrt.snmprec")
        self.ports = {n: free_udp_port() for n in NAMES}
        self.procs = {}

    def start(self, name):
        self.procs[name] = start_snmpsim(self.data, self.work / name, port=self.ports[name],
                                         probe_community="openwrt", deadline_s=60)

    def start_many(self, *names):
        """Start-up takes seconds each (a process, its index, a probe): several in parallel."""
        with concurrent.futures.ThreadPoolExecutor(max(1, len(names))) as pool:
            list(pool.map(self.start, names))

    def stop(self, name):
        self.procs.pop(name).stop()

    def pause(self, name, paused: bool):  # a frozen agent: packets in, nothing out
        self.procs[name].proc.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)

    def stop_all(self):
        for name in list(self.procs):
            self.pause(name, False)
            self.stop(name)


@pytest.fixture(scope="module")
def agents(tmp_path_factory):
    a = Agents(tmp_path_factory.mktemp("alert-agents"))
    try:
        a.start_many(*NAMES)
        yield a
    finally:
        a.stop_all()


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


class Service:
    """The lead's Collector, one per round (`run_once`), wired to the alert manager through its hooks."""

    def __init__(self, cfg, dsn, clock, profiles):
        self.cfg, self.dsn, self.clock, self.profiles = cfg, dsn, clock, profiles
        self.alerts = manager(dsn, cfg, clock)
        self.loop = asyncio.new_event_loop()
        self.engine = None

    def restart(self):
        self.alerts.close()
        self.alerts = manager(self.dsn, self.cfg, self.clock)

    def round(self, minutes: float = 1.0):
        t = self.clock.advance(minutes=minutes)

        async def poll_at_round_time(target, profiles, profile_name="auto"):
            from collector.poller import poll
            from collector.snmp import client

            if self.engine is None:  # one SNMP engine for the whole test, as a long-running service has
                self.engine = client.new_engine()
            result = await poll(target, profiles, profile_name, engine=self.engine)
            return dataclasses.replace(result, started_at=t)

        c = Collector(self.cfg, self.dsn, profiles=self.profiles, poll_fn=poll_at_round_time)
        c.hooks.append(self.alerts.process)  # the two hook lines of the service
        c.tick_hooks.append(lambda now: self.alerts.tick())
        return self.loop.run_until_complete(c.run_once())

    def close(self):
        self.alerts.close()
        if self.engine is not None:
            from collector.snmp import client

            client.close_engine(self.engine)
        self.loop.close()


def subjects(sink):
    return [m["subject"] for m in sink["smtp"].messages]


def ensure_running(agents, *names):
    agents.start_many(*[n for n in names if n not in agents.procs])


def test_stopped_agent_gives_one_down_and_one_recovery_across_collector_restarts(
        agents, profiles, pg_dsn, db, sink, inventory):
    ensure_running(agents, *NAMES)
    cfg = make_config(sink, ap_ports=agents.ports, community="openwrt", **SNMP)
    inventory(cfg)
    svc = Service(cfg, pg_dsn, Clock(), profiles)
    try:
        for _ in range(2):
            assert svc.round().ok == 3
        agents.stop("ap-3")
        svc.round()
        svc.round()
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        stats = svc.round()
        assert (stats.ok, stats.failed) == (2, 1)
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        assert subjects(sink) == ["[Kunang] MATI: ap-3 di Aikmel"]
        svc.restart()  # the collector restarts during the outage
        for _ in range(3):
            svc.round()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        agents.start("ap-3")
        svc.round()
        svc.restart()  # ... and again between the two successful polls
        for _ in range(3):
            svc.round()
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
        assert subjects(sink)[1] == "[Kunang] NYALA: ap-3 di Aikmel"
        assert sink["http"].on("/sendMessage")[1]["json"]["text"].startswith("[Kunang] UP: ap-3 at Aikmel")
        assert sink["http"].on("/hook")[1]["json"]["event"] == "resolved"
    finally:
        svc.close()


def test_flapping_agent_gives_one_flapping_alert(agents, profiles, pg_dsn, db, sink, inventory):
    ensure_running(agents, *NAMES)
    cfg = make_config(sink, ap_ports=agents.ports, community="openwrt", **SNMP, alerts={"flap_window_minutes": 10})
    inventory(cfg)
    svc = Service(cfg, pg_dsn, Clock(), profiles)
    try:
        svc.round()
        for i in range(10):
            agents.pause("ap-3", i % 2 == 0)
            svc.round()
        agents.pause("ap-3", False)
        assert subjects(sink) == ["[Kunang] TIDAK STABIL: ap-3 di Aikmel"]
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        for _ in range(9):
            svc.round()
        assert subjects(sink) == ["[Kunang] TIDAK STABIL: ap-3 di Aikmel"]  # not settled yet
        for _ in range(2):
            svc.round()
        assert subjects(sink) == ["[Kunang] TIDAK STABIL: ap-3 di Aikmel", "[Kunang] STABIL: ap-3 di Aikmel"]
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
    finally:
        agents.pause("ap-3", False)
        svc.close()


def test_whole_site_outage_is_one_site_alert(agents, profiles, pg_dsn, db, sink, inventory):
    ensure_running(agents, *NAMES)
    cfg = make_config(sink, ap_ports=agents.ports, community="openwrt", **SNMP)
    inventory(cfg)
    svc = Service(cfg, pg_dsn, Clock(), profiles)
    try:
        svc.round()
        agents.stop("ap-1")
        agents.stop("ap-2")
        for _ in range(5):
            svc.round()
        assert subjects(sink) == ["[Kunang] LOKASI TERPUTUS: Sembalun"]
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        svc.restart()
        agents.start_many("ap-1", "ap-2")
        for _ in range(3):
            svc.round()
        assert subjects(sink) == ["[Kunang] LOKASI TERPUTUS: Sembalun", "[Kunang] LOKASI PULIH: Sembalun"]
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
    finally:
        svc.close()


def test_closed_site_outage_is_notified_at_opening(agents, profiles, pg_dsn, db, sink, inventory):
    ensure_running(agents, *NAMES)
    cfg = make_config(sink, ap_ports=agents.ports, community="openwrt", **SNMP)
    inventory(cfg)
    clock = Clock(T0 + dt.timedelta(hours=13))  # Monday 23:00 WITA
    svc = Service(cfg, pg_dsn, clock, profiles)
    try:
        svc.round()
        agents.pause("ap-3", True)  # a hung agent this time
        for _ in range(3):
            svc.round()
        assert db.execute("SELECT hold_reason FROM alert").fetchone()[0] == "closed"
        svc.restart()
        for _ in range(2):
            svc.round(minutes=240)  # through the night: 03:04, 07:04
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        svc.round(minutes=58)  # 08:02: open
        assert subjects(sink) == ["[Kunang] MATI: ap-3 di Aikmel"]
        assert "Ditahan sampai lokasi buka" in sink["smtp"].messages[0]["body"]
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
    finally:
        agents.pause("ap-3", False)
        svc.close()
