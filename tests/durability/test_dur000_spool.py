"""The spool's contract: append, read from the cursor, ack, reopen after a crash
(torn tail cut), bounded size with the oldest dropped and counted, one owner."""

from __future__ import annotations

import pytest

from collector.spool import Spool, SpoolError


def test_append_read_ack_and_reopen(tmp_path):
    s = Spool(tmp_path, segment_bytes=4096)
    seqs = [s.append(f"r{i}".encode(), count=2) for i in range(500)]
    assert seqs == list(range(1, 501))
    s.sync()
    first = s.read(max_records=100)
    assert [r.payload for r in first[:2]] == [b"r0", b"r1"] and first[0].count == 2
    assert s.read(max_records=100) == first  # not consumed until acknowledged
    s.ack(first[-1].seq)
    rest = s.read(max_records=1000)
    assert rest[0].seq == 101 and rest[-1].seq == 500
    s.close()
    s = Spool(tmp_path, segment_bytes=4096)  # the cursor survived: 100 consumed
    assert s.pending == 400 and s.read(1)[0].seq == 101
    assert s.append(b"next") == 501  # sequence numbers are never reused
    s.close()


def test_a_torn_tail_is_cut_and_what_precedes_is_kept(tmp_path):
    s = Spool(tmp_path)
    for i in range(10):
        s.append(f"line {i}".encode())
    s.close()
    seg = sorted(tmp_path.glob("*.seg"))[-1]
    data = seg.read_bytes()
    seg.write_bytes(data[:-3])  # a crash in the middle of the last record
    s = Spool(tmp_path)
    got = s.read(100)
    assert [r.payload for r in got] == [f"line {i}".encode() for i in range(9)]
    assert s.append(b"after") == 10
    s.close()


def test_full_spool_drops_the_oldest_and_counts_them(tmp_path):
    s = Spool(tmp_path, max_bytes=64 * 1024, segment_bytes=16 * 1024)
    for i in range(5000):
        s.append(b"x" * 40, count=3)
    s.sync()
    st = s.stats()
    assert st["bytes"] <= 64 * 1024 + 16 * 1024
    assert st["dropped_records"] > 0 and st["dropped_count"] == 3 * st["dropped_records"]
    assert st["dropped_records"] + st["pending_records"] == 5000
    got = s.read(100000)
    assert len(got) == st["pending_records"] and got[-1].seq == 5000
    s.close()
    assert Spool(tmp_path).dropped_records == st["dropped_records"]  # persisted


def test_one_owner_at_a_time(tmp_path):
    s = Spool(tmp_path)
    with pytest.raises(SpoolError, match="in use"):
        Spool(tmp_path)
    s.close()
    Spool(tmp_path).close()


def test_wait_durable(tmp_path):
    s = Spool(tmp_path, sync_interval_s=0.01)
    seq = s.append(b"a")
    assert s.wait_durable(seq, timeout=5) and s.durable_seq >= seq
    s.close()
