"""Helpers for analytics tests: real PollStore writes, real refresh, real queries."""

from __future__ import annotations

import datetime as dt

import pytest

from collector.config import parse_config
from collector.db.writer import PollStore
from collector.privacy import Pseudonymizer
from collector.snmp.model import ClientRow, PollResult, SsidRow

UTC = dt.timezone.utc
MIN = dt.timedelta(minutes=1)
KEY = b"analytics-test-key-0123456789"
PSEUDO = Pseudonymizer(KEY)
MON = dt.date(2026, 11, 2)  # a Monday; Asia/Makassar = UTC+8, open 08:00-16:00


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """Local wall-clock time (WITA, UTC+8) as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC) - dt.timedelta(hours=8)


CFG = parse_config({
    "snmp": {"credentials": {"c": {"community": "public"}}, "default": "c"},
    "sites": [{"name": "Sembalun", "group": "Lotim",
               "aps": [{"name": "ap1", "address": "127.0.0.1", "port": 1161},
                       {"name": "ap2", "address": "127.0.0.1", "port": 1162}]},
              {"name": "Pringgabaya", "group": "Lotim",
               "aps": [{"name": "wlc", "address": "127.0.0.1", "port": 1163}]},
              {"name": "Suela", "group": "Lotim",
               "aps": [{"name": "ap1", "address": "127.0.0.1", "port": 1164}]}],
})


def ok(t, macs=(), ap=None, rx=None, ssids=(), aps=(), total=None):
    clients = tuple(ClientRow(mac=m, ssid="Perpus-Free", rssi_dbm=-60, rx_bytes=rx, tx_bytes=rx, ap=ap)
                    for m in macs)
    return PollResult(target="x", started_at=t, duration_s=0.05, reachable=True, sys_uptime_ticks=100_000,
                      clients_total=len(clients) if total is None else total, clients=clients,
                      ssids=tuple(ssids), aps=tuple(aps), profile="generic")


def fail(t):
    return PollResult(target="x", started_at=t, duration_s=2.0, reachable=False, error_kind="timeout",
                      errors=("request timed out",))


def dev(mac: str) -> str:
    return PSEUDO.device(mac)


class World:
    """A populated database built through the collector's own write path."""

    def __init__(self, db, store: PollStore, refs):
        self.db, self.store, self.refs = db, store, refs
        self.site = refs[("Sembalun", "ap1")].site_id
        self.site2 = refs[("Suela", "ap1")].site_id

    def ap(self, name: str, site: str = "Sembalun"):
        return self.refs[(site, name)]

    def presence(self, plan: dict[str, list[str]], start: dt.datetime, minutes: int, *,
                 site: str = "Sembalun", failing: set[str] = frozenset(), rx=None) -> None:
        """Poll the named APs every minute for `minutes`; `plan[ap]` lists the MACs it shows."""
        for i in range(minutes):
            t = start + i * MIN
            self.store.write_polls([(self.ap(a, site), fail(t) if a in failing else ok(t, macs, rx=rx))
                                    for a, macs in plan.items()])

    def portal(self, mac: str, start: dt.datetime, end: dt.datetime, *, site_id=None, user="u1",
               bytes_in=0, bytes_out=0, randomized=False) -> None:
        self.db.execute(
            "INSERT INTO portal_session (site_id, source, device, randomized, user_id, started_at, ended_at,"
            " last_update, bytes_in, bytes_out, open) VALUES (%s, 'portal', %s, %s, %s, %s, %s, %s, %s, %s, false)",
            (site_id or self.site, dev(mac), randomized, PSEUDO.user(user), start, end, end, bytes_in, bytes_out))

    def refresh(self, start: dt.datetime, end: dt.datetime) -> None:
        self.store.flush_sessions(end + dt.timedelta(days=2))
        self.store.refresh_rollups(start, end)
        self.db.execute("SELECT kunang_refresh_analytics(%s, %s)", (start, end))

    def configure(self, gap=10, visitor_min=5, window=30, rotating=False, poll_interval=60):
        self.db.execute("SELECT kunang_configure_analytics(%s, %s, %s, %s, %s)",
                        (gap, visitor_min, window, rotating, poll_interval))
        self.db.execute("DELETE FROM kunang_meta WHERE key IN ('analytics.coverage_min',"
                        " 'retention.device_purged_before')")


@pytest.fixture
def world(pg_dsn, db):
    store = PollStore(pg_dsn, PSEUDO, session_gap_minutes=10, down_after_failures=3)
    refs = store.sync_inventory(CFG)
    w = World(db, store, refs)
    w.configure()
    yield w
    store.close()
    w.configure()


__all__ = ["World", "at", "ok", "fail", "dev", "MON", "MIN", "UTC", "SsidRow"]


# site_daily's count columns a hand-made site-day sets to 0 (test_ana012, test_ana013)
SITE_DAILY_ZERO = ("sessions", "sessions_snmp_only", "sessions_portal_only", "sessions_both", "snmp_sessions", "portal_sessions",
        "devices", "passersby", "randomized_visitors", "randomized_devices", "snmp_devices", "portal_devices",
        "both_devices", "dwell_lt5", "dwell_5_15", "dwell_15_30", "dwell_30_60", "dwell_60_120", "dwell_ge120", "bytes",
        "snmp_bytes", "portal_bytes", "portal_logins", "portal_login_failed", "portal_users", "open_s",
        "polls_expected", "polls_ok")
