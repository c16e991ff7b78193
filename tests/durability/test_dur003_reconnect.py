"""Every connection owner reconnects by itself: the server is stopped and
started again under a live Pool; the writer, the portal store and the offsets
carry on without being rebuilt."""

from __future__ import annotations

import time

import psycopg
import pytest

from collector.db.pool import DatabaseUnavailable, Pool
from collector.db.writer import PollStore
from collector.portal.context import ParseContext
from collector.portal.offsets import DbOffsets
from collector.portal.parser import iter_parse
from collector.portal.store import PortalStore
from collector.portal.tailer import Offset
from collector.privacy import Pseudonymizer
from tests.durability.poison import mikrotik
from tests.foundation.test_fnd003_writer import CFG, KEY, MIN, T0, ok
from tests.portal.conftest import NOW, WITA


def _lines(a, b):
    ctx = ParseContext(tz=WITA, now=NOW, site="Sembalun")
    return list(iter_parse(enumerate([mikrotik(i) for i in range(a, b)], 1), "mikrotik", ctx, origin="t",
                           keep_raw=True))


def test_one_pool_survives_a_server_restart(owned_db, caplog):
    pg = owned_db
    pool = Pool(pg.dsn, size=3, timeout_s=2)
    try:
        store = PollStore(pool, Pseudonymizer(KEY))
        portal = PortalStore(pool, Pseudonymizer(KEY))
        offsets = DbOffsets(pool)
        ap = store.sync_inventory(CFG)[("Sembalun", "ap1")]
        store.write_polls([(ap, ok(T0))])
        assert portal.write(_lines(0, 10), default_source="s").events == 10
        offsets.save("s", Offset("/x", 1, 2, 100, b"h"))

        pg.stop()
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable):
            store.write_polls([(ap, ok(T0 + MIN))])
        with pytest.raises(DatabaseUnavailable):
            portal.write(_lines(10, 20), default_source="s")
        with pytest.raises(DatabaseUnavailable):
            offsets.save("s", Offset("/x", 1, 2, 200, b"h"))
        assert time.monotonic() - started < 20  # each gives up after the pool's timeout, none hangs
        assert pool.health.failing

        pg.start()
        store.write_polls([(ap, ok(T0 + MIN))])  # the same objects, no restart
        assert portal.write(_lines(10, 20), default_source="s").events == 10
        offsets.save("s", Offset("/x", 1, 2, 200, b"h"))
        assert offsets.load("s").offset == 200
        assert not pool.health.failing
        store.close()
        portal.close()
    finally:
        pool.close()
    with psycopg.connect(pg.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM portal_event").fetchone()[0] == 20
        assert conn.execute("SELECT count(*) FROM portal_session").fetchone()[0] == 20
    # the outage was logged as a state: once when it began, once when it ended
    msgs = [r.getMessage() for r in caplog.records if r.name == "collector.db.pool"]
    assert sum("working again" in m for m in msgs) == 1
    assert sum(m.startswith("database:") and "working again" not in m for m in msgs) == 1, msgs
