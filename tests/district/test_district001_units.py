"""The pieces of store-and-forward on their own: subjects, the batch format, the edge's records,
the `edge:`/`ingest:` configuration."""

from __future__ import annotations

import datetime as dt

import pytest

from collector.config import parse_config
from collector.config.load import ConfigProblems
from collector.edge import batch as wire
from collector.edge.records import decode_edge_poll, encode_edge_poll, record_time
from collector.edge.subjects import msg_id, parse_subject, subject
from collector.intake import encode_line
from tests.district.synth import T0, poll


def test_subjects():
    assert subject("desa-1", "poll") == "kunang.v1.desa-1.poll"
    assert parse_subject("kunang.v1.desa-1.hb") == ("desa-1", "hb")
    assert parse_subject("kunang.v1.desa-1.other") is None
    assert parse_subject("kunang.v2.desa-1.poll") is None
    assert msg_id("k", "e1", 5, 9) == "k:e1:5-9" != msg_id("k", "e2", 5, 9)


@pytest.mark.parametrize("codec", ["none", "zlib", "zstd"])
def test_batch_round_trip(codec):
    p = poll("ap1", T0, 7)
    recs = [(1, encode_edge_poll("Desa Uji 1", "ap1", p)), (3, encode_line("hotspot", "x", 1.5e9, "a\nb\nc"))]
    header = {"site": "Desa Uji 1", "first": 10, "last": 11, "sources": {"hotspot": ["Desa Uji 1", "opennds", "UTC"]}}
    data = wire.encode(header, recs, codec)
    b = wire.decode(data)
    assert b.header == header and b.records == recs and (b.first, b.last) == (10, 11)
    site, ap, back = decode_edge_poll(b.records[0][1])
    assert (site, ap, back) == ("Desa Uji 1", "ap1", p)
    assert record_time(b.records[0][1]) == T0.timestamp() and record_time(b.records[1][1]) == 1.5e9


def test_damaged_batches_are_refused():
    data = wire.encode({"site": "s", "first": 1, "last": 1}, [(1, b"E" + b"x" * 100)], "zlib")
    for bad in (b"", b"KB1z", data[:20], b"XX" + data[2:], data[:4] + b"\x00" * 30):
        with pytest.raises(wire.BatchError):
            wire.decode(bad)


def test_polls_compress_together():
    """Thirty polls of one 30-client AP in one batch: far smaller than each compressed alone."""
    polls = [encode_edge_poll("Desa Uji 1", "ap1", poll("ap1", T0 + dt.timedelta(minutes=k), k)) for k in range(30)]
    together = len(wire.encode({"site": "s", "first": 1, "last": 30}, [(1, p) for p in polls], "zlib"))
    alone = sum(len(wire.encode({"site": "s", "first": 1, "last": 1}, [(1, p)], "zlib")) for p in polls)
    assert together < alone / 2, (together, alone)


def _edge(**edge):
    return {"sites": [{"name": "Desa Uji 1", "aps": []}],
            "edge": {"hub_urls": ["nats://hub.example:4222"], "site": "Desa Uji 1", **edge}}


def test_edge_section():
    cfg = parse_config(_edge(linger_s=60, compression="zlib"))
    assert cfg.edge.site == "Desa Uji 1" and cfg.edge.linger_s == 60 and cfg.edge.spool_max_mb == 512


def test_edge_section_problems_are_all_named_in_both_languages():
    with pytest.raises(ConfigProblems) as exc:
        parse_config(_edge(site="Desa Lain", hub_urls=["http://hub"], spool_max_mb=0, nonsense=1))
    text = "\n".join(exc.value.problems)
    assert "edge.site: unknown site 'Desa Lain'" in text and "situs tidak dikenal" in text
    assert "edge.hub_urls" in text and "bukan alamat hub" in text
    assert "edge.spool_max_mb" in text and "edge.nonsense: unknown key" in text


def test_overflow_drops_the_oldest_and_the_heartbeat_says_so(tmp_path):
    import json

    from collector.edge import heartbeat
    from collector.edge.forwarder import Sent
    from collector.spool import Spool
    from tests.district.flow import fill

    with Spool(tmp_path / "s", max_bytes=256 << 10, segment_bytes=32 << 10) as spool:
        polls, lines = fill(spool, 1, T0, minutes=60, aps=3)
        st = spool.stats()
        assert st["dropped_records"] > 0 and st["bytes"] <= 256 << 10
        assert st["pending_records"] + st["dropped_records"] == polls + lines
        hb = json.loads(heartbeat.payload(edge_id="e", site="Desa Uji 1", key="desa-uji-1", spool_stats=st,
                                          oldest=T0.timestamp(), sent=Sent(), started=0, vers={}))
        assert hb["dropped"] == {"records": st["dropped_records"], "count": st["dropped_count"]}
        assert hb["backlog"]["records"] == st["pending_records"] and hb["backlog"]["oldest"] == T0.timestamp()
