"""Input hygiene: two rotations within one tail interval lose nothing; one line
splitter for every path; user names normalised the same way everywhere; a
per-source time zone for RFC 3164 senders."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from collector.config import parse_config
from collector.identifiers import normalise_user
from collector.portal.event import PortalEvent
from collector.portal.lines import numbered_lines
from collector.portal.reader import open_lines
from collector.portal.receiver import routes_from_config
from collector.portal.tailer import FileTailer, MemoryOffsets
from tests.durability.flow import line


def test_two_rotations_within_one_tail_interval_lose_nothing(tmp_path):
    path = tmp_path / "hotspot.log"
    got: list = []
    t = FileTailer("hs", str(path), got.extend, MemoryOffsets(), fmt="mikrotik")
    path.write_text("".join(line("a", i) + "\n" for i in range(50)))
    t.poll()
    with open(path, "a") as f:  # more lines in the first file, not read yet
        f.write("".join(line("a", i) + "\n" for i in range(50, 80)))
    os.rename(path, tmp_path / "hotspot.log.1")
    path.write_text("".join(line("b", i) + "\n" for i in range(40)))  # the file in between
    os.rename(tmp_path / "hotspot.log.1", tmp_path / "hotspot.log.2")
    os.rename(path, tmp_path / "hotspot.log.1")
    path.write_text("".join(line("c", i) + "\n" for i in range(30)))
    t.poll()
    t.poll()
    t.close()
    users = [e.user for e in got if isinstance(e, PortalEvent)]
    assert len(users) == len(set(users)) == 80 + 40 + 30


def test_one_line_splitter_for_files_and_the_tailer(tmp_path):
    raw = b"one\r\ntwo\rstill two\nthree\n"
    p = tmp_path / "x.log"
    p.write_bytes(raw)
    from_file = [text for _, text in open_lines(str(p))]
    from_tail = [text for _, text in numbered_lines(raw[:-1])]
    assert from_file == from_tail == ["one", "two\rstill two", "three"]


def test_user_names_are_trimmed_and_normalised_once():
    assert normalise_user(" alice") == normalise_user("alice\t") == normalise_user("\ufeffalice") == "alice"
    assert normalise_user("Jose\u0301") == normalise_user("Jos\u00e9")  # NFC
    assert normalise_user("   ") is None and normalise_user(None) is None
    assert normalise_user("Alice") == "Alice"  # case is kept


def test_rfc5424_relay_user_gets_one_pseudonym(db, pg_dsn):
    """rsyslog's RFC 5424 template left a leading space in the user name: the same person, one pseudonym."""
    from collector.portal.store import PortalStore
    from collector.privacy import Pseudonymizer

    t = datetime(2026, 11, 27, 2, 0, tzinfo=timezone.utc)
    evs = [PortalEvent("login", t, "mikrotik", user=" alice", ip="10.0.0.1", raw="a"),
           PortalEvent("login", t, "mikrotik", user="alice", ip="10.0.0.2", raw="b")]
    with PortalStore(pg_dsn, Pseudonymizer(b"k" * 32)) as store:
        store.write(evs, default_source="s")
    assert db.execute("SELECT count(DISTINCT user_id) FROM portal_event").fetchone()[0] == 1


def test_per_source_timezone_for_rfc3164_senders():
    cfg = parse_config({"sites": [{"name": "S", "timezone": "Asia/Makassar"}],
                        "portal": {"sources": [
                            {"name": "relay", "site": "S", "kind": "syslog", "peers": ["10.0.0.1"], "timezone": "UTC"},
                            {"name": "local", "site": "S", "kind": "syslog", "peers": ["10.0.0.2"]}]}})
    zones = {r.name: str(r.tz) for r in routes_from_config(cfg)}
    assert zones == {"relay": "UTC", "local": "Asia/Makassar"}
    import pytest

    from collector.errors import ConfigError

    with pytest.raises((ConfigError, ValueError)):
        parse_config({"sites": [{"name": "S"}], "portal": {"sources": [
            {"name": "x", "site": "S", "kind": "syslog", "peers": ["10.0.0.1"], "timezone": "Mars/Base"}]}})
