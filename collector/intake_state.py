"""The intake's local state beside the spool: tail offsets saved right after
their chunk is durable (`FileOffsets`), the running totals per source
(`Counters`), and the kernel's drop counter of a UDP socket (`udp_drops`)."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class FileOffsets:
    """`OffsetStore` for the tailers in the spool directory: saved (fsync'd,
    replaced atomically) right after the chunk read is durable in the spool, so
    it never needs the database."""

    def __init__(self, directory: str | os.PathLike, fallback=None) -> None:
        """`fallback`: where offsets were kept before (the `log_offset` table), read when
        there is no local one yet, so an upgrade does not read every file again."""
        self.dir = Path(directory) / "offsets"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.fallback = fallback
        self._lock = threading.Lock()

    def _path(self, source: str) -> Path:
        return self.dir / (source.encode().hex() + ".json")

    def load(self, source: str):
        from collector.portal.tailer import Offset

        try:
            d = json.loads(self._path(source).read_text())
        except (FileNotFoundError, ValueError):
            if self.fallback is None:
                return None
            try:
                return self.fallback.load(source)
            except Exception as exc:  # the database away at start: read the file from its start (deduplicated)
                log.debug("old tail offset of %s not readable: %s", source, exc)
                return None
        return Offset(d["path"], d["inode"], d["device"], d["offset"], bytes.fromhex(d["head"]))

    def save(self, source: str, off) -> None:
        text = json.dumps({"path": off.path, "inode": off.inode, "device": off.device, "offset": off.offset,
                           "head": off.head.hex()})
        path = self._path(source)
        tmp = path.with_suffix(".tmp")
        with self._lock:
            with open(tmp, "w") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)

    def close(self) -> None:
        pass


class Counters:
    """Totals per (source, counter), kept in `<spool>/counters.json` and written to
    the database as absolute values (a repeated write changes nothing)."""

    NAMES = ("received", "stored", "duplicates", "quarantined", "parse_errors", "unknown_peer", "truncated",
             "kernel_drops", "spool_dropped")

    def __init__(self, directory: str | os.PathLike, collector: str) -> None:
        self.path = Path(directory) / "counters.json"
        self.collector = collector
        self._lock = threading.Lock()
        try:
            raw = json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            raw = {}
        self.values: dict[tuple[str, str], int] = {tuple(k.split("\x1f", 1)): v for k, v in raw.items()}
        self._dirty = True

    def add(self, source: str, name: str, n: int = 1) -> None:
        if n:
            with self._lock:
                key = (source, name)
                self.values[key] = self.values.get(key, 0) + n
                self._dirty = True

    def set_max(self, source: str, name: str, value: int) -> None:
        with self._lock:
            if (source, name) not in self.values or value > self.values[(source, name)]:
                self.values[(source, name)] = value
                self._dirty = True

    def get(self, source: str, name: str) -> int:
        return self.values.get((source, name), 0)

    def save(self) -> None:
        with self._lock:
            data = json.dumps({f"{s}\x1f{n}": v for (s, n), v in self.values.items()})
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as f:
            f.write(data)
        os.replace(tmp, self.path)

    def flush(self, pool) -> None:
        """Save locally, then write every total to `intake_counter` (if changed)."""
        from collector.db.queries import query

        if not self._dirty:
            return
        self.save()
        with self._lock:
            rows = [{"collector": self.collector, "source": s, "name": n, "value": v}
                    for (s, n), v in self.values.items()]
            self._dirty = False
        try:
            with pool.connection() as conn, conn.cursor() as cur:
                cur.executemany(query("upsert_intake_counter"), rows)
        except BaseException:
            self._dirty = True
            raise


def udp_drops(sock) -> int | None:
    """The kernel's drop counter of a UDP socket (/proc/net/udp[6] 'drops'), None if unknown."""
    try:
        inode = os.fstat(sock.fileno()).st_ino
    except OSError:
        return None
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if len(parts) >= 13 and parts[9] == str(inode):
                        return int(parts[-1])
        except (OSError, ValueError, StopIteration):
            continue
    return None


