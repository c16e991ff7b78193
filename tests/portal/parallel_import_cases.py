"""Large imports parse in a forked process and stream the rows in parts
(collector.portal.producer): they must store exactly what the in-process import
stores (events, sessions with their ids, pseudonyms, dedup hashes, quarantine),
re-imports included, in the real PostgreSQL.

Run by tests/portal/test_portal010_parallel_import.py in a pytest process of its
own: the importer forks only in a process without other threads, and a whole test
session has several (session fixtures' servers)."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta

import pytest
from psycopg import sql

from collector.portal import importer, producer
from collector.portal.importer import import_file
from collector.portal.store import PortalStore
from collector.privacy import Pseudonymizer
from tests.portal.conftest import FIXTURES, NOW, WITA

KEY = b"k" * 32


@pytest.fixture(autouse=True)
def _forking_possible():
    # otherwise parallel=True quietly parses in-process and these cases prove nothing
    assert producer.available(), "run this module in a process of its own (other threads: no fork)"
SITE = "Desa Sembalun"
TABLES = {
    "portal_event": ("time, site_id, source, kind, device, randomized, user_id, mac_raw, user_raw, host(ip), "
                     "bytes_in, bytes_out, duration_s, reason, session_key, format, origin, dedup", "dedup, time"),
    "portal_session": ("id, site_id, source, device, randomized, user_id, session_key, started_at, ended_at, "
                       "last_update, bytes_in, bytes_out, duration_s, end_reason, open, host(ip), format", "id"),
    "log_quarantine": ("source, site_id, origin, line, reason, format, dedup", "dedup"),
}


def _constructed(n: int) -> list[str]:
    """Session traffic over many batches: logins/logouts by user and by IP (IPs
    reused by other users), repeated login lines, relogins, failed logins, RADIUS
    accounting with and without a start, and lines the parsers reject."""
    t0 = datetime(2026, 11, 27, 6, 0, tzinfo=WITA)
    out = []
    for i in range(n):
        t = t0 + timedelta(seconds=7 * i)
        stamp = f"{t:%b} {t.day:2d} {t:%H:%M:%S}"
        u, ip = i % 37, f"10.5.0.{i % 23}"
        step = (i // 37) % 6
        if step in (0, 3):
            out.append(f"<134>{stamp} desa-01 hotspot,account,info,debug u{u} ({ip}): logged in")
        elif step == 1:
            out.append(f"<134>{stamp} desa-01 hotspot,account,info,debug u{u} ({ip}): logged out: keepalive timeout")
        elif step == 2:
            out.append(f"<134>{stamp} desa-01 hotspot,info,debug u{u} ({ip}): login failed: invalid password")
        elif step == 4:
            out.append(f"<166>{stamp} fw logportalauth[1]: Zone: desa - ACCEPT: u{u}, "
                       f"aa:bb:cc:00:00:{u:02x}, {ip}")
        else:
            out.append(f"<166>{stamp} fw logportalauth[1]: Zone: desa - DISCONNECT: u{u}, "
                       f"aa:bb:cc:00:00:{u:02x}, {ip}")
        if i % 11 == 0:
            out.append(out[-1])  # the same line twice: one event
        if i % 17 == 16:
            out.append(out[-12])  # again, further on (another part of the batch, or another batch)
        if i % 29 == 0:
            out.append(f"<134>{stamp} desa-01 hotspot,info u{u} (10.5.0.x{i}): logged in")  # quarantined
        if i % 53 == 0:
            out.append(f"hotspot,account,info u{u} ({ip}): logged in")  # no time at all
    for k in range(12):  # accounting: start / interim / stop, some without a start
        t = t0 + timedelta(hours=2, minutes=k)
        status = ("Start", "Interim-Update", "Stop")[k % 3] if k < 9 else ("Interim-Update", "Stop", "Stop")[k - 9]
        out += [f"{t:%a %b} {t.day:2d} {t:%H:%M:%S %Y}", f"\tAcct-Status-Type = {status}",
                f'\tUser-Name = "r{k // 3}"', f'\tAcct-Session-Id = "{k // 3:08x}"',
                f"\tFramed-IP-Address = 10.6.0.{k // 3}", f"\tAcct-Input-Octets = {k * 1000}",
                f"\tAcct-Output-Octets = {k * 5000}", f"\tAcct-Session-Time = {k * 60}", ""]
    return out


def _mixed_file(tmp_path, name: str = "mixed.log", head: int | None = None) -> str:
    lines = []
    for p in sorted(FIXTURES.glob("*.log")):
        if p.name != "radius-detail.log":
            lines += p.read_text().splitlines()
    lines += _constructed(900)
    lines += (FIXTURES / "radius-detail.log").read_text().splitlines()
    if head is not None:
        lines = lines[:head]
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe invalid utf-8 \xc3\n")
    os.utime(path, (NOW.timestamp(), NOW.timestamp()))
    return str(path)


def _dump(db) -> dict:
    out = {}
    for table, (cols, order) in TABLES.items():
        out[table] = db.execute(sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            sql.SQL(cols), sql.Identifier(table), sql.SQL(order))).fetchall()
    return out


def _reset(db) -> None:
    db.execute("TRUNCATE portal_event, portal_session, log_quarantine RESTART IDENTITY")


def _run(pg_dsn, files, *, parallel, pseudo=None, batch=60):
    stats = []
    with PortalStore(pg_dsn, pseudo or Pseudonymizer(KEY), site_zones={SITE: "Asia/Makassar"},
                     session_timeout=timedelta(hours=1)) as store:
        for f in files:
            s = import_file(store, f, fmt="auto", site=SITE, source="mixed", tz=WITA, batch=batch, parallel=parallel)
            stats.append((s.events, s.duplicates, s.other, s.quarantined, s.sessions))
        store.expire(NOW)
    return stats


@pytest.fixture
def small_parts(monkeypatch):
    """Several parts per batch (read by the forked child too); counts the children."""
    monkeypatch.setattr(importer, "PART", 7)
    forks = []

    class Counted(producer.Producer):
        def __init__(self, *a):
            forks.append(1)
            super().__init__(*a)

    monkeypatch.setattr(importer, "Producer", Counted)
    return forks


@pytest.mark.parametrize("options", [{}, {"rotating_salt": True, "keep_raw": True}])
def test_parallel_import_stores_what_the_in_process_import_stores(db, pg_dsn, tmp_path, small_parts, options):
    path = _mixed_file(tmp_path)
    pseudo = Pseudonymizer(KEY, **options)
    results = {}
    for parallel in (False, True):
        _reset(db)
        stats = _run(pg_dsn, [path, path], parallel=parallel, pseudo=pseudo)
        results[parallel] = (stats, _dump(db))
    assert len(small_parts) == 2  # both imports of the parallel run forked
    assert results[True] == results[False]

    (first, again), stored = results[True]
    assert first[0] == len(stored["portal_event"]) > 1000 and first[1] > 0  # repeated lines stored once
    assert again[0] == 0 and again[1] == first[0] + first[1] and again[4] == 0  # the re-import adds nothing
    assert first[3] == len(stored["log_quarantine"]) >= 30
    assert not any(s[14] for s in stored["portal_session"])  # all closed (by logout, relogin or timeout)
    reasons = {s[13] for s in stored["portal_session"]}
    assert {"keepalive timeout", "relogin", "timeout", "User-Request"} <= reasons
    radius = [s for s in stored["portal_session"] if s[6] == "4e37c4f800000007"]
    assert [(s[10], s[11], s[12], s[13]) for s in radius] == [(253, 663, 40, "User-Request")]
    if options.get("keep_raw"):
        assert any(e[7] for e in stored["portal_event"])
    else:
        assert not any(e[7] or e[8] for e in stored["portal_event"])
        assert Pseudonymizer(KEY).user("u5") in {e[6] for e in stored["portal_event"]}


def test_parallel_reimport_of_a_partly_stored_file(db, pg_dsn, tmp_path, small_parts):
    """The first half is stored already: the streamed COPY of those batches hits the
    unique index and falls back to staging; the rest goes straight in."""
    half, full = _mixed_file(tmp_path, "half.log", head=1200), _mixed_file(tmp_path)
    results = {}
    for parallel in (False, True):
        _reset(db)
        results[parallel] = (_run(pg_dsn, [half, full], parallel=parallel), _dump(db))
    assert len(small_parts) == 2
    assert results[True] == results[False]
    (first, second), _ = results[True]
    assert first[0] > 0 and second[0] > 0 and second[1] >= first[0]


def test_batch_and_part_boundaries(db, pg_dsn, tmp_path, monkeypatch):
    lines = [f"<134>Nov 27 10:{i // 60:02d}:{i % 60:02d} desa-01 hotspot,account,info u{i % 5} (10.5.0.{i % 5}): "
             f"{'logged in' if i % 2 == 0 else 'logged out: user request'}" for i in range(24)]
    path = tmp_path / "b.log"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(importer, "PART", 2)
    assert [(len(b), last) for b, last in importer._parts(str(path), importer.ParseContext(tz=WITA, now=NOW),
                                                            "mikrotik", "s", 4, 2)][:3] == [(2, False), (2, True),
                                                                                             (2, False)]
    parts = list(importer._parts(str(path), importer.ParseContext(tz=WITA, now=NOW), "mikrotik", "s", 5, 2))
    assert [(len(b), last) for b, last in parts][-3:] == [(2, False), (2, False), (0, True)]  # 24 = 4 * 5 + 4
    results = {}
    for parallel in (False, True):
        for batch in (1, 4, 5, 24, 100):
            _reset(db)
            results[parallel, batch] = (_run(pg_dsn, [str(path)], parallel=parallel, batch=batch), _dump(db))
    for batch in (1, 4, 5, 24, 100):
        assert results[True, batch] == results[False, batch]
        assert results[True, batch][0][0][:4] == (24, 0, 0, 0)
        assert len(results[True, batch][1]["portal_session"]) == 12


def test_worker_errors_reach_the_caller_and_nothing_is_stored(db, pg_dsn, tmp_path):
    with PortalStore(pg_dsn, Pseudonymizer(KEY)) as store:
        with pytest.raises(IsADirectoryError):  # the child's exception, re-raised here
            import_file(store, str(tmp_path), fmt="auto", site=SITE, source="s", tz=WITA, parallel=True)
        path = _mixed_file(tmp_path)
        assert import_file(store, path, fmt="auto", site=SITE, source="s", tz=WITA, parallel=True).events > 1000
    assert db.execute("SELECT count(*) FROM portal_event").fetchone()[0] > 1000


def test_no_fork_while_other_threads_run(db, pg_dsn, tmp_path, monkeypatch):
    path = _mixed_file(tmp_path)
    started = []
    monkeypatch.setattr(importer, "_start_producer", lambda *a: started.append(a))
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not producer.available()
        stats = _run(pg_dsn, [path], parallel=True)  # parses in this process instead
    finally:
        stop.set()
        t.join()
    assert not started and stats[0][0] > 1000
    assert producer.available()


def test_large_files_take_the_forked_path(tmp_path):
    small, large = tmp_path / "small.log", tmp_path / "large.log"
    small.write_text("x\n")
    large.write_bytes(b"x" * importer.PARALLEL_MIN_BYTES)
    assert importer._size(str(small)) < importer.PARALLEL_MIN_BYTES <= importer._size(str(large))
    gz = tmp_path / "large.log.gz"
    gz.write_bytes(b"x" * (importer.PARALLEL_MIN_BYTES // importer.GZIP_RATIO))
    assert importer._size(str(gz)) >= importer.PARALLEL_MIN_BYTES


def test_a_streamed_batch_stopped_midway_leaves_nothing_behind(db, pg_dsn):
    """Ctrl-C (or a failure) while a batch still arrives: the COPY is abandoned, the
    transaction rolled back, and the pairer has not seen any of the batch."""
    from collector.portal import pgcopy
    from collector.portal.context import ParseContext
    from collector.portal.parser import iter_parse

    lines = [f"<134>Nov 27 10:{i:02d}:00 desa-01 hotspot,account,info u{i % 4} (10.5.0.{i % 4}): "
             f"{'logged in' if i % 8 < 4 else 'logged out: user request'}" for i in range(24)]
    results = list(iter_parse(enumerate(lines, 1), "mikrotik", ParseContext(tz=WITA, now=NOW, site=SITE),
                              origin="x", keep_raw=True))
    with PortalStore(pg_dsn, Pseudonymizer(KEY)) as store:
        store.site_id(SITE)
        store.conn.commit()
        cur = store.conn.cursor()

        def parts(stop_at=None):
            seen: set = set()
            for i in range(0, len(results), 5):
                if i == stop_at:
                    raise KeyboardInterrupt
                part = store.rows.build(results[i:i + 5], "s", seen)
                part.blob = pgcopy.format_body(cur, pgcopy.EVENT_TYPES, part.rows)
                yield part

        with pytest.raises(KeyboardInterrupt):
            store.write_stream(parts(stop_at=15), default_source="s", defer_open=True)
        assert db.execute("SELECT count(*) FROM portal_event").fetchone()[0] == 0
        assert not store.pairer.open_sessions() and not store._dirty
        stats = store.write_stream(parts(), default_source="s", defer_open=True)
        assert (stats.events, stats.duplicates, stats.sessions) == (24, 0, 12)
        again = store.write_stream(parts(), default_source="s", defer_open=True)  # all stored: staging path
        assert (again.events, again.duplicates, again.sessions) == (0, 24, 0)
    assert db.execute("SELECT count(*), count(*) FILTER (WHERE NOT open) FROM portal_session").fetchone() == (12, 12)
