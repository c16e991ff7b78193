"""The persons estimate's chance pairs (issue 22; docs/metrics.md "Persons (estimate)", step 3;
kunang_refresh_persons in collector/db/functions/accuracy.sql): the side band that estimates how many window pairs
are unrelated visitors is paired in the same greedy pass as the window (a unit that one pair took is free for no
other), and it is offset in the arrival, not in the departure (departures bunch at closing time).

Each case below fails on the rule before 2026-12-08, whose side band was paired on its own and offset in the
departure: there a device that arrives with a two-device visitor and leaves a few minutes later counted as a chance
pair against that visitor's own pair (the estimate leaned high: docs/performance.md, "seed 7 Sembalun")."""

from __future__ import annotations

import datetime as dt

D = dt.date(2026, 11, 20)
TAU = 180.0  # 2 min + P at 60 s polls (kunang_refresh_accuracy's v_tau)


def _at(h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(D.year, D.month, D.day, h, m, s, tzinfo=dt.timezone.utc)


def _device(db, device: str, first: dt.datetime, last: dt.datetime) -> None:
    db.execute("INSERT INTO device_day (site_id, day, device, randomized, visits, presence_s, first_seen, last_seen,"
               " source, bytes, is_visitor) VALUES (1, %s, %s, false, 1, %s, %s, %s, 'snmp', 0, true)",
               (D, device, int((last - first).total_seconds()), first, last))


def _persons(db) -> tuple[int, int, int]:
    return db.execute("SELECT est, low, high FROM kunang_refresh_persons(1, %s, %s)", (D, TAU)).fetchone()


def test_ana018_a_visitors_own_pair_is_not_a_chance_pair(db):
    """a1 + a2: one visitor's two devices; c arrives with them and leaves 5 minutes later (another person). The
    pair a1 + a2 takes both devices, so c has no free partner in the band either: 2 persons (the old rule paired
    c in the departure band with a1 on its own and subtracted that chance pair from a1 + a2: 3)."""
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'A', 'Asia/Makassar')")
    _device(db, "a1", _at(1, 0), _at(2, 0))
    _device(db, "a2", _at(1, 0, 30), _at(2, 0, 20))
    _device(db, "c", _at(1, 1), _at(2, 5))
    assert _persons(db) == (2, 2, 3)


def test_ana018_leaving_together_at_closing_is_chance(db):
    """x and y arrive 90 s apart and leave at closing 40 s apart; z arrives 3.5 minutes after y and leaves with
    them. Leaving together at closing is what everyone does: arriving apart within the same departure is the side
    band, and z against y is its closest pair, so the window's x + y is not counted as one person: 3 (the old
    rule's band, offset in the departure, saw nothing there: 2)."""
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'A', 'Asia/Makassar')")
    _device(db, "x", _at(7, 40), _at(7, 58))
    _device(db, "y", _at(7, 41, 30), _at(7, 58, 40))
    _device(db, "z", _at(7, 45), _at(7, 59))
    assert _persons(db) == (3, 2, 3)
