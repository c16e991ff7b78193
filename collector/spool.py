"""A bounded, append-only spool on local disk: what was accepted is kept until
its consumer has stored it (in the database, or later at a district hub).

    spool = Spool("/var/lib/kunang/spool/default", max_bytes=1 << 30)
    seq = spool.append(payload, count=1)     # buffered; durable within sync_interval_s
    spool.sync()                             # or: durable now (returns the last durable seq)
    spool.wait_durable(seq)                  # block until `seq` is on disk (callers that acknowledge)
    for rec in spool.read(max_records=2000): # from the consumer's cursor, durable records only
        ... store rec.payload ...
    spool.ack(rec.seq)                       # consumed up to and including rec.seq (persisted)
    spool.close()

Records are opaque bytes with a sequence number (monotonic, never reused) and a
`count` (the lines a record stands for, so drops are counted in lines).

On disk (`collector/spool_files.py`): segment files `<first seq>.seg` of frames
`length u32 | crc32 u32 | seq u64 | count u32 | payload`; the consumer's cursor
in `cursor` (the last acknowledged seq, replaced atomically); totals of what
was dropped in `dropped`. A torn frame at the end (a crash during a write) is
cut off at open; everything before it is kept.

Durability (fsync) policy: `append` writes to the segment through a buffer; a
background thread flushes and fsyncs every `sync_interval_s` (20 ms) when there
is anything new, so a crash (kill -9, power) loses at most that much of what
was appended without waiting; `wait_durable`/`sync` are for callers that
acknowledge something (a TCP read, a tail offset): they wait for the next
fsync, which covers every append before it (group commit: one fsync for all
appends of the interval).

Bounded: when the segments exceed `max_bytes`, the oldest segment is deleted,
consumed or not; what it held that had not been consumed is counted in
`dropped_records` / `dropped_count` (persisted). The spool is owned by one
process at a time (an exclusive lock on the directory).

No Kunang-specific knowledge: the collector spools log lines and poll results
into it; an edge collector can spool the same and forward them to a hub.

Size: durability (fsync, group commit), the consumer cursor, bounded size and recovery from a
torn tail are one invariant; the frame format and file helpers are in spool_files.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from collector import spool_files as files
from collector.spool_files import FRAME as _FRAME, MAX_RECORD, Record, Segment as _Segment

__all__ = ["MAX_RECORD", "Record", "Spool", "SpoolError", "on_durable"]


class SpoolError(Exception):
    """The spool directory cannot be used (locked by another process, unwritable)."""


class Spool:
    def __init__(self, path: str | os.PathLike, *, max_bytes: int = 1 << 30, segment_bytes: int = 16 << 20,
                 sync_interval_s: float = 0.02) -> None:
        self.dir = Path(path)
        self.max_bytes = max_bytes
        self.segment_bytes = max(4096, min(segment_bytes, max_bytes // 4 or segment_bytes))
        self.sync_interval_s = sync_interval_s
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._lockf = open(self.dir / "lock", "a+")  # noqa: SIM115 - held while open
        except OSError as exc:
            raise SpoolError(f"spool {self.dir}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self._lockf, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lockf.close()
            raise SpoolError(f"spool {self.dir} is in use by another process") from None
        self._lock = threading.Lock()  # segments, writer, counters
        self._cond = threading.Condition(self._lock)
        self.acked = self._read_int("cursor", 0)
        d = self._read_json("dropped")
        self.dropped_records, self.dropped_count = d.get("records", 0), d.get("count", 0)
        self._segments: list[_Segment] = files.segments(self.dir)
        self.next_seq = max(self.acked + 1, 1)
        if self._segments:
            self.next_seq = max(self.next_seq, self._recover_last())
        self.durable_seq = self.next_seq - 1
        self._out = None  # the active segment, open for appending
        self._unsynced = False
        # the consumer's read position: (segment first seq, byte offset, next seq to read)
        self._rpos: tuple[int, int, int] | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._sync_loop, name=f"spool-sync:{self.dir.name}", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ files

    def _read_int(self, name: str, default: int) -> int:
        return files.read_int(self.dir / name, default)

    def _read_json(self, name: str) -> dict:
        return files.read_json(self.dir / name)

    def _replace(self, name: str, text: str) -> None:
        files.replace(self.dir / name, text)

    def _recover_last(self) -> int:
        """Scan the newest segment: cut a torn tail; return the next seq."""
        seg = self._segments[-1]
        with open(seg.path, "rb") as f:
            data = f.read()
        good, nxt = files.valid_prefix(data, seg.first)
        if good < len(data):
            with open(seg.path, "r+b") as f:
                f.truncate(good)
                os.fsync(f.fileno())
            seg.size = good
        if good == 0 and len(self._segments) > 1:  # an empty newest segment: the seq goes on from the previous
            prev = self._segments[-2]
            os.unlink(seg.path)
            self._segments.pop()
            return max(self._last_seq_of(prev) + 1, seg.first)
        return nxt

    def _last_seq_of(self, seg: _Segment) -> int:
        last = seg.first - 1
        for rec, _ in self._frames(seg, 0):
            last = rec.seq
        return last

    # ------------------------------------------------------------------ writing

    def append(self, payload: bytes, count: int = 1) -> int:
        """Add a record; returns its seq. Durable after the next sync (see the module doc)."""
        if len(payload) > MAX_RECORD:
            raise ValueError(f"spool record of {len(payload)} bytes is too large")
        with self._lock:
            if self._closed:
                raise SpoolError("spool is closed")
            seq = self.next_seq
            out = self._writer(seq, _FRAME.size + len(payload))
            out.write(files.frame_header(payload, seq, count))
            out.write(payload)
            n = _FRAME.size + len(payload)
            self._segments[-1].size += n
            self.next_seq = seq + 1
            self._unsynced = True
            return seq

    def _writer(self, seq: int, size: int):
        """The active segment's file; a new segment when this record would overflow it."""
        seg = self._segments[-1] if self._segments else None
        if seg is not None and seg.size > 0 and seg.size + size > self.segment_bytes:
            if self._out is not None:
                self._flush_locked()
                self._out.close()
                self._out = None
            seg = None
        if seg is None:
            seg = _Segment(seq, files.segment_path(self.dir, seq), 0)
            self._segments.append(seg)
            self._out = None
        if self._out is None:
            self._out = open(seg.path, "ab", buffering=1 << 16)  # noqa: SIM115 - kept open
            self._dirsync()
        return self._out

    def _dirsync(self) -> None:
        files.dirsync(self.dir)

    def _flush_locked(self) -> None:
        if self._out is not None and self._unsynced:
            self._out.flush()
            os.fsync(self._out.fileno())
        self._unsynced = False
        self.durable_seq = self.next_seq - 1

    def sync(self) -> int:
        """Make every record appended so far durable now; returns the last durable seq."""
        with self._lock:
            self._flush_locked()
            self._enforce_bound()
            self._cond.notify_all()
            return self.durable_seq

    def wait_durable(self, seq: int, timeout: float | None = None) -> bool:
        with self._lock:
            return self._cond.wait_for(lambda: self.durable_seq >= seq or self._closed, timeout)

    def _sync_loop(self) -> None:
        while True:
            time.sleep(self.sync_interval_s)
            with self._lock:
                if self._closed:
                    return
                if self._unsynced:
                    try:
                        self._flush_locked()
                        self._enforce_bound()
                    except OSError:  # disk full, I/O error: tried again next round
                        continue
                    self._cond.notify_all()

    def _enforce_bound(self) -> None:
        total = sum(s.size for s in self._segments)
        while total > self.max_bytes and len(self._segments) > 1:
            seg = self._segments.pop(0)
            nxt = self._segments[0].first
            if nxt - 1 > self.acked:  # held records not yet consumed
                recs = cnt = 0
                for rec, _ in self._frames(seg, 0):
                    if rec.seq > self.acked:
                        recs += 1
                        cnt += rec.count
                self.dropped_records += recs
                self.dropped_count += cnt
                self.acked = nxt - 1
                self._replace("dropped", json.dumps({"records": self.dropped_records, "count": self.dropped_count}))
                self._replace("cursor", str(self.acked))
            total -= seg.size
            try:
                os.unlink(seg.path)
            except FileNotFoundError:
                pass
            if self._rpos is not None and self._rpos[0] == seg.first:
                self._rpos = None

    # ------------------------------------------------------------------ reading

    def _frames(self, seg: _Segment, offset: int, limit_seq: int | None = None):
        return files.frames(seg, offset, limit_seq)

    def read(self, max_records: int = 2000, max_bytes: int = 8 << 20) -> list[Record]:
        """The next durable records after the acknowledged ones (not consumed until `ack`)."""
        with self._lock:
            limit = self.durable_seq
            segments = list(self._segments)
            start = self.acked + 1
            rpos = self._rpos if self._rpos is not None and self._rpos[2] == start else None
        out: list[Record] = []
        if start > limit:
            return out
        size = 0
        if rpos is None:  # find the segment holding `start`
            idx = max((i for i, s in enumerate(segments) if s.first <= start), default=0)
            rpos = (segments[idx].first, 0, None) if segments else None
        if rpos is None:
            return out
        seg_first, offset, _ = rpos
        idxs = [i for i, s in enumerate(segments) if s.first >= seg_first]
        new_pos = None
        for i in idxs:
            seg = segments[i]
            for rec, after in self._frames(seg, offset if seg.first == seg_first else 0, limit):
                if rec.seq < start:
                    continue
                out.append(rec)
                size += len(rec.payload)
                new_pos = (seg.first, after, rec.seq + 1)
                if len(out) >= max_records or size >= max_bytes:
                    break
            if len(out) >= max_records or size >= max_bytes:
                break
        with self._lock:
            if new_pos is not None:
                self._rpos = new_pos
        return out

    def ack(self, seq: int) -> None:
        """Everything up to and including `seq` is consumed (persisted; segments freed)."""
        with self._lock:
            if seq <= self.acked:
                return
            self.acked = seq
            self._replace("cursor", str(seq))
            while len(self._segments) > 1 and self._segments[1].first - 1 <= seq:
                seg = self._segments.pop(0)
                try:
                    os.unlink(seg.path)
                except FileNotFoundError:
                    pass

    def wait_for_records(self, timeout: float) -> bool:
        """Block until there is a durable record after the acknowledged ones (or timeout)."""
        with self._lock:
            return self._cond.wait_for(lambda: self.durable_seq > self.acked or self._closed, timeout)

    # ------------------------------------------------------------------ state

    @property
    def pending(self) -> int:
        """Records appended and not yet acknowledged."""
        return self.next_seq - 1 - self.acked

    @property
    def size_bytes(self) -> int:
        with self._lock:
            return sum(s.size for s in self._segments)

    def stats(self) -> dict:
        with self._lock:
            return {"pending_records": self.next_seq - 1 - self.acked, "bytes": sum(s.size for s in self._segments),
                    "segments": len(self._segments), "dropped_records": self.dropped_records,
                    "dropped_count": self.dropped_count, "max_bytes": self.max_bytes}

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                self._flush_locked()
            finally:
                self._closed = True
                if self._out is not None:
                    self._out.close()
                    self._out = None
                self._cond.notify_all()
        self._thread.join(timeout=2)
        self._lockf.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def on_durable(spool: Spool, seq: int, callback: Callable[[], None]) -> threading.Thread:
    """Run `callback` (from a helper thread) once `seq` is durable."""
    t = threading.Thread(target=lambda: (spool.wait_durable(seq), callback()), daemon=True)
    t.start()
    return t
