"""Spool -> hub -> database with a real nats-server and PostgreSQL (in-process forwarder and
ingest): every record stored once; a replay of the same spool stores nothing twice; a batch
whose contents are another site's is rejected and counted."""

from __future__ import annotations

import shutil

import psycopg

from collector.config import load_config
from collector.edge.forwarder import Forwarder
from collector.edge.hub import Link
from collector.edge.ingest import Ingest
from collector.config.sites import slug as site_key
from collector.spool import Spool
from tests.district.flow import Background, fill, stored, wait_until
from tests.district.synth import T0
from tests.district.world import district_config, village


def _forwarder(spool, url, v=1, site=None, epoch="t1", linger=0):
    link = Link(load_config_link(url), "test-edge")
    fwd = Forwarder(spool, link, site=site or village(v), key=site_key(village(v)),
                    edge_id=f"edge-{v}", epoch=epoch, sources={"hotspot": [site or village(v), "opennds", "UTC"]},
                    codec="zlib", max_records=500, linger_s=linger)

    async def run(stop):
        try:
            await fwd.run(stop)
        finally:
            await link.close()
    return run


def _resend(url, records) -> bool:
    """Publish the batch of `records` as the first forwarder built it; True if the hub called it a duplicate."""
    import asyncio

    import nats

    from collector.edge.forwarder import Forwarder

    fwd = Forwarder(None, None, site=village(1), key=site_key(village(1)), edge_id="edge-1", epoch="t1",
                    sources={"hotspot": [village(1), "opennds", "UTC"]}, codec="zlib", max_records=500)
    subj, mid, data = fwd.build(records)

    async def go():
        nc = await nats.connect(url)
        ack = await nc.jetstream().publish(subj, data, headers={"Nats-Msg-Id": mid})
        await nc.close()
        return ack.duplicate
    return asyncio.run(go())


def load_config_link(url):
    from collector.config.edge import HubLink

    return HubLink(hub_urls=[url])


def test_forward_ingest_replay_and_mismatch(hub, pg_dsn, tmp_path, db):
    cfg = load_config(district_config(tmp_path / "district.yaml", pg_dsn, hub.url, villages=2))
    ingest = Ingest(cfg, pg_dsn, name="t", state_dir=tmp_path / "ingest")
    worker = Background(ingest.run)
    try:
        spool = Spool(tmp_path / "spool1", max_bytes=64 << 20, segment_bytes=1 << 20)
        polls, lines = fill(spool, 1, T0, minutes=120)
        spool.close()
        shutil.copytree(tmp_path / "spool1", tmp_path / "copy")  # the same records, for the replay
        spool = Spool(tmp_path / "spool1", max_bytes=64 << 20, segment_bytes=1 << 20)
        fwd = Background(_forwarder(spool, hub.url))
        wait_until(lambda: spool.pending == 0, 60, "the spool to drain")
        fwd.stop()
        spool.close()
        wait_until(lambda: stored(pg_dsn, 1) == (polls, polls, lines), 60, "every record stored")

        # a resend of the first batch (same spool position, same message id): JetStream drops it
        copy = Spool(tmp_path / "copy", max_bytes=64 << 20, segment_bytes=1 << 20)
        first = copy.read(max_records=500, max_bytes=512 << 10)  # as the forwarder read it
        copy.close()
        assert _resend(hub.url, first) is True

        # the same spool once more, as an edge restored from a backup would send it (another epoch:
        # JetStream's duplicate window does not catch it; the ingest stores nothing twice)
        copy = Spool(tmp_path / "copy", max_bytes=64 << 20, segment_bytes=1 << 20)
        batches = ingest.batches
        fwd = Background(_forwarder(copy, hub.url, epoch="t2"))
        wait_until(lambda: copy.pending == 0, 60, "the replay to be sent")
        fwd.stop()
        copy.close()
        wait_until(lambda: ingest.batches >= 2 * batches, 60, "the replay to be ingested")
        assert stored(pg_dsn, 1) == (polls, polls, lines)
        with psycopg.connect(pg_dsn) as conn:  # every batch recorded once, by its message id
            assert conn.execute("SELECT count(*), count(DISTINCT msg_id), sum(records) FROM edge_batch").fetchone() \
                == (2 * batches, 2 * batches, 2 * (polls + lines))

        # village 2's subject, village 1's contents: rejected whole, counted
        other = Spool(tmp_path / "spool2", max_bytes=64 << 20)
        fill(other, 1, T0, minutes=5)
        fwd = Background(_forwarder(other, hub.url, v=2, site=village(1)))
        wait_until(lambda: other.pending == 0, 60, "the forged batch to be sent")
        fwd.stop()
        other.close()
        wait_until(lambda: ingest.counters.get(f"edge:{site_key(village(2))}", "site_mismatch") >= 1, 30,
                   "the mismatch to be counted")
        assert stored(pg_dsn, 2) == (0, 0, 0)
        assert stored(pg_dsn, 1) == (polls, polls, lines)
        with psycopg.connect(pg_dsn) as conn:
            assert conn.execute("SELECT l.batches_rejected FROM edge_link l JOIN site s ON s.id = l.site_id"
                                " WHERE s.name = %s", (village(2),)).fetchone() == (1,)
    finally:
        worker.stop()
        ingest.close()
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT value FROM intake_counter WHERE collector = 'ingest-t' AND source = %s"
                            " AND name = 'site_mismatch'", (f"edge:{site_key(village(2))}",)).fetchone() == (1,)
