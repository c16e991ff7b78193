"""Poison lines never block anything: each is quarantined with its reason, every
good line around it is stored (import-logs, the store's batch splitting)."""

from __future__ import annotations

import json
import os

import pytest

from collector.cli import main
from collector.portal import rows
from collector.portal.context import ParseContext
from collector.portal.parser import iter_parse
from collector.portal.store import PortalStore
from collector.privacy import Pseudonymizer
from tests.durability.poison import POISON_LINES, POISON_RECORDS, mikrotik, radius_record
from tests.portal.conftest import NOW, WITA

KEY = "p" * 32


@pytest.fixture
def config(tmp_path, pg_dsn):
    path = tmp_path / "kunang.yaml"
    path.write_text(json.dumps({"database": {"dsn": pg_dsn}, "privacy": {"key": KEY},
                                "sites": [{"name": "Desa Sembalun", "timezone": "Asia/Makassar"}]}))
    os.chmod(path, 0o600)
    return path


def _counts(db):
    events = db.execute("SELECT count(*) FROM portal_event").fetchone()[0]
    reasons = [r[0] for r in db.execute("SELECT reason FROM log_quarantine ORDER BY reason")]
    return events, reasons


def test_import_logs_stores_every_good_line_and_counts_the_quarantined(db, config, tmp_path, capsys):
    lines = []
    for i in range(600):
        lines.append(mikrotik(i))
        if i % 150 == 75:
            lines += [text for text, _ in POISON_LINES.values()]
    path = tmp_path / "hotspot.log"
    path.write_text("\n".join(lines) + "\n")
    os.utime(path, (NOW.timestamp(), NOW.timestamp()))
    assert main(["--config", str(config), "import-logs", "--site", "Desa Sembalun", "--batch", "100",
                 str(path)]) == 0
    err = capsys.readouterr().err
    events, reasons = _counts(db)
    assert events == 600
    assert len(reasons) == 3  # deduplicated: each poison line is the same line four times
    for _, why in POISON_LINES.values():
        assert any(why in r for r in reasons), (why, reasons)
    assert "3 quarantined line(s)" in err or "12 quarantined line(s)" in err, err
    # nothing quarantined holds a NUL (the line is kept, readable)
    assert db.execute("SELECT count(*) FROM log_quarantine WHERE line LIKE '%nul%user%'").fetchone()[0] == 1


def test_radius_records_out_of_range_are_quarantined(db, config, tmp_path):
    text = "".join(radius_record(i) for i in range(40))
    text += "".join(rec for rec, _ in POISON_RECORDS.values())
    text += "".join(radius_record(i) for i in range(40, 80))
    path = tmp_path / "detail"
    path.write_text(text)
    assert main(["--config", str(config), "import-logs", "--site", "Desa Sembalun", "--format", "radius-detail",
                 str(path)]) == 0
    events, reasons = _counts(db)
    assert events == 80
    assert len(reasons) == 2 and any("bytes_in" in r for r in reasons) and any("duration_s" in r for r in reasons)
    assert db.execute("SELECT count(*) FROM portal_event WHERE bytes_in < 0 OR duration_s < 0").fetchone()[0] == 0


def test_a_row_the_checks_miss_is_isolated_by_splitting(db, pg_dsn, monkeypatch):
    """With the value checks switched off, the server rejects the bad rows: the
    batch is split until they are alone; they are quarantined, the rest stored."""
    monkeypatch.setattr(rows, "problem", lambda ev: None)
    ctx = ParseContext(tz=WITA, now=NOW, site="Desa Sembalun")
    text = [mikrotik(i) for i in range(200)]
    text[37] = POISON_LINES["bad-ip"][0]
    text[150] = POISON_LINES["bad-ip"][0].replace("999.1.1.1", "300.2.2.2").replace(":01 ", ":02 ")
    results = list(iter_parse(enumerate(text, 1), "mikrotik", ctx, origin="t", keep_raw=True))
    with PortalStore(pg_dsn, Pseudonymizer(KEY.encode())) as store:
        stats = store.write(results, default_source="split")
        assert stats.events == 198 and stats.quarantined == 2
        # the store goes on working, pairing included
        more = list(iter_parse(enumerate([mikrotik(i) for i in range(200, 210)], 1), "mikrotik", ctx,
                               origin="t2", keep_raw=True))
        assert store.write(more, default_source="split").events == 10
    events, reasons = _counts(db)
    assert events == 208
    assert all(r.startswith("rejected by the database") for r in reasons) and len(reasons) == 2
    assert db.execute("SELECT count(*) FROM portal_session").fetchone()[0] == 208


def test_a_streamed_import_batch_isolates_a_rejected_row(db, pg_dsn, monkeypatch):
    """The forked import streams rows as binary COPY data: a row the server rejects
    (checks off; a NUL kept in the raw user name) is found by halving the batch's rows."""
    from collector.portal import pgcopy

    monkeypatch.setattr(rows, "problem", lambda ev: None)
    ctx = ParseContext(tz=WITA, now=NOW, site="Desa Sembalun")
    text = [mikrotik(i) for i in range(40)]
    text[13] = POISON_LINES["nul"][0]
    results = list(iter_parse(enumerate(text, 1), "mikrotik", ctx, origin="s", keep_raw=True))
    with PortalStore(pg_dsn, Pseudonymizer(KEY.encode(), keep_raw=True)) as store:
        store.site_id("Desa Sembalun")
        store.conn.commit()
        cur = store.conn.cursor()

        def parts():
            seen: set = set()
            for i in range(0, len(results), 10):
                part = store.rows.build(results[i:i + 10], "s", seen)
                part.blob = pgcopy.format_body(cur, pgcopy.EVENT_TYPES, part.rows)
                yield part

        stats = store.write_stream(parts(), default_source="s")
    assert (stats.events, stats.quarantined) == (39, 1)
    events, reasons = _counts(db)
    assert events == 39 and len(reasons) == 1 and reasons[0].startswith("rejected by the database")
    assert db.execute("SELECT count(*) FROM portal_session").fetchone()[0] == 39
