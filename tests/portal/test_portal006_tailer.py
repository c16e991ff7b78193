"""File tailing with real files: rename and copytruncate rotation, restart from
the saved offset; every line delivered exactly once, in order."""

from __future__ import annotations

import os
import shutil

from collector.portal.event import PortalEvent
from collector.portal.tailer import FileTailer, MemoryOffsets
from tests.portal.conftest import WITA


def line(i: int) -> str:
    return f"<134>Nov 27 10:{i // 60 % 60:02d}:{i % 60:02d} desa-01 hotspot,account,info u{i} (10.5.50.2): logged in\n"


class Writer:
    """Appends numbered lines through one open handle, like a syslog daemon."""

    def __init__(self, path):
        self.path, self.n = path, 0
        self.f = open(path, "a")

    def write(self, k: int = 1, partial: bool = False) -> None:
        for _ in range(k):
            text = line(self.n)
            if partial:
                self.f.write(text[:20])
                self.f.flush()
                self.rest = text[20:]
                return
            self.f.write(text)
            self.n += 1
        self.f.flush()

    def finish_partial(self) -> None:
        self.f.write(self.rest)
        self.n += 1
        self.f.flush()

    def reopen(self) -> None:
        self.f.close()
        self.f = open(self.path, "a")


def users(batches) -> list[str]:
    return [e.user for b in batches for e in b if isinstance(e, PortalEvent)]


def test_tailing_survives_rotation_and_restart(tmp_path):
    path = tmp_path / "hotspot.log"
    got: list = []
    offsets = MemoryOffsets()
    w = Writer(path)
    t = FileTailer("desa-01-file", str(path), got.append, offsets, fmt="mikrotik", tz=WITA, site="Desa")

    w.write(3)
    assert t.poll() == 3
    w.write(partial=True)
    assert t.poll() == 0  # half a line waits for its newline
    w.finish_partial()
    assert t.poll() == 1

    # rotation by rename: the daemon keeps writing to the old file until it reopens
    w.write(2)
    os.rename(path, tmp_path / "hotspot.log.1")
    w.write(1)
    w.reopen()
    w.write(2)
    assert t.poll() == 5

    # copytruncate: copy, then truncate in place; the daemon keeps its handle
    w.write(2)
    assert t.poll() == 2
    w.write(2)
    os.rename(tmp_path / "hotspot.log.1", tmp_path / "hotspot.log.2")
    shutil.copyfile(path, tmp_path / "hotspot.log.1")
    os.truncate(path, 0)
    w.f.seek(0)
    w.write(1)
    assert t.poll() == 3
    t.close()

    # restart: nothing is delivered twice
    t2 = FileTailer("desa-01-file", str(path), got.append, offsets, fmt="mikrotik", tz=WITA, site="Desa")
    assert t2.poll() == 0
    w.write(2)
    t2.close()
    # rotated while the collector was down
    os.rename(tmp_path / "hotspot.log.1", tmp_path / "hotspot.log.3")
    os.rename(path, tmp_path / "hotspot.log.1")
    w.write(1)  # still into the old (renamed) file
    w.reopen()
    w.write(2)
    t3 = FileTailer("desa-01-file", str(path), got.append, offsets, fmt="mikrotik", tz=WITA, site="Desa")
    assert t3.poll() == 5
    t3.close()

    assert users(got) == [f"u{i}" for i in range(w.n)]
    ev = got[0][0]
    assert ev.source == "desa-01-file" and ev.site == "Desa" and ev.origin == f"{path}@0" and ev.raw
    assert offsets.load("desa-01-file").offset == os.path.getsize(path)


def test_detail_records_are_delivered_whole(tmp_path):
    path = tmp_path / "detail-20261127"
    got: list = []
    t = FileTailer("radius", str(path), got.append, MemoryOffsets(), fmt="radius-detail", tz=WITA)
    rec = ("Fri Nov 27 10:00:00 2026\n\tAcct-Status-Type = Start\n\tUser-Name = \"u{}\"\n"
           "\tAcct-Session-Id = \"s{}\"\n\n")
    with open(path, "w") as f:
        f.write(rec.format(1, 1))
        f.write(rec.format(2, 2)[:40])
    assert t.poll() == 1
    with open(path, "a") as f:
        f.write(rec.format(2, 2)[40:])
    assert t.poll() == 1
    assert [(e.kind, e.user, e.session_id) for b in got for e in b] == [
        ("accounting_start", "u1", "s1"), ("accounting_start", "u2", "s2")]


def test_missing_file_and_bad_bytes(tmp_path):
    path = tmp_path / "later.log"
    got: list = []
    t = FileTailer("x", str(path), got.append, MemoryOffsets(), fmt="auto", tz=WITA)
    assert t.poll() == 0
    path.write_bytes(b"\xff\xfe\x00garbage\n" + line(1).encode())
    assert t.poll() == 2
    kinds = [getattr(e, "kind", "error") for b in got for e in b]
    assert kinds == ["other", "login"]


def test_a_failing_sink_loses_nothing(tmp_path):
    import asyncio

    path = tmp_path / "h.log"
    path.write_text(line(0) + line(1))
    got: list = []
    fail = {"left": 2}

    def sink(batch):
        if fail["left"]:
            fail["left"] -= 1
            raise RuntimeError("database away")
        got.append(batch)

    t = FileTailer("x", str(path), sink, MemoryOffsets(), fmt="mikrotik", tz=WITA)

    async def scenario():
        stop = asyncio.Event()
        task = asyncio.create_task(t.run(stop, interval=0.05))
        for _ in range(200):
            if got:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await task

    asyncio.run(scenario())
    assert users(got) == ["u0", "u1"] and fail["left"] == 0
