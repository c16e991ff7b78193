"""Tail offsets in PostgreSQL (`log_offset`): the `OffsetStore` for `FileTailer`."""

from __future__ import annotations

import threading

import psycopg

from collector.portal.store import sql
from collector.portal.tailer import Offset


class DbOffsets:
    """`OffsetStore` on the `log_offset` table (for `FileTailer`); thread-safe."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def _c(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.dsn, autocommit=True)
        return self._conn

    def load(self, source: str) -> Offset | None:
        with self._lock:
            row = self._c().execute(sql("load_offset"), {"source": source}).fetchone()
        if row is None:
            return None
        path, inode, device, offset, head = row
        return Offset(path, inode, device, offset, bytes(head or b""))

    def save(self, source: str, off: Offset) -> None:
        with self._lock:
            self._c().execute(sql("save_offset"), {"source": source, "path": off.path, "inode": off.inode,
                                                   "device": off.device, "offset": off.offset, "head": off.head})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
