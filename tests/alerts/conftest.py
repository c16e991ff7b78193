"""Fixtures for alert tests: a config, inventory in a real PostgreSQL, real SMTP/HTTP sinks, a clock."""

from __future__ import annotations

import datetime as dt

import pytest

from collector.config import parse_config
from collector.db.writer import PollStore
from collector.privacy import Pseudonymizer

from .sinks import PASSWORD, USER, HttpSink, SmtpSink, make_cert

UTC = dt.timezone.utc
# Monday 2026-11-23 10:00 WITA (Asia/Makassar, UTC+8): the test sites are open 08:00-16:00 every day.
T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
EVERY_DAY = {d: "08:00-16:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture(scope="session")
def sinks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = make_cert(folder)
    smtp, http = SmtpSink(cert, key), HttpSink()
    yield {"smtp": smtp, "http": http, "cert": cert}
    smtp.stop()
    http.stop()


@pytest.fixture
def sink(sinks, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(sinks["cert"]))  # trust the test server's certificate
    sinks["smtp"].clear()
    sinks["http"].clear()
    return sinks


def channels(sinks, *, webhook_secret: str | None = "hook-secret") -> list[dict]:
    return [
        {"name": "mail", "type": "email", "host": "localhost", "port": sinks["smtp"].starttls_port,
         "security": "starttls", "username": USER, "password": PASSWORD, "sender": "kunang@example.org",
         "recipients": ["ops@example.org"], "language": "id"},
        {"name": "tg", "type": "telegram", "bot_token": "123:ABC", "chat_id": "-100", "api_base": sinks["http"].base,
         "language": "en"},
        {"name": "hook", "type": "webhook", "url": f"{sinks['http'].base}/hook", "language": "en",
         **({"secret": webhook_secret} if webhook_secret else {})},
    ]


def make_config(sinks, *, sites=None, alerts=None, ap_ports=None, community="public", snmp_timeout_s=0.5,
                snmp_retries=0, **top):
    ports = ap_ports or {}
    if sites is None:
        sites = [
            {"name": "Sembalun", "timezone": "Asia/Makassar", "opening_hours": EVERY_DAY,
             "aps": [{"name": "ap-1", "address": "127.0.0.1", "port": ports.get("ap-1", 16101)},
                     {"name": "ap-2", "address": "127.0.0.1", "port": ports.get("ap-2", 16102)}]},
            {"name": "Aikmel", "timezone": "Asia/Makassar", "opening_hours": EVERY_DAY,
             "aps": [{"name": "ap-3", "address": "127.0.0.1", "port": ports.get("ap-3", 16103)}]},
        ]
    raw = {
        "language": "id",
        "snmp": {"credentials": {"lib": {"community": community, "timeout_s": snmp_timeout_s,
                                           "retries": snmp_retries}},
                 "default": "lib", "poll_interval_s": 60, "down_after_failures": 3, "up_after_successes": 2},
        "sites": sites,
        "alerts": {"flap_transitions": 4,
                   "flap_window_minutes": 30, "channels": channels(sinks), **(alerts or {})},
        **top,
    }
    return parse_config(raw)


@pytest.fixture
def inventory(pg_dsn, db):
    """Returns a function cfg -> {(site, ap): ApRef} that syncs the config into the database."""
    def sync(cfg):
        with PollStore(pg_dsn, Pseudonymizer(b"k" * 32)) as store:
            return store.sync_inventory(cfg)
    return sync


class Clock:
    def __init__(self, t: dt.datetime = T0):
        self.t = t

    def __call__(self) -> dt.datetime:
        return self.t

    def advance(self, **kw) -> dt.datetime:
        self.t += dt.timedelta(**kw)
        return self.t
