"""Tail offsets in PostgreSQL (`log_offset`): an `OffsetStore` for `FileTailer`."""

from __future__ import annotations

import threading

from collector.db.pool import Owner, Single
from collector.portal.queries import sql
from collector.portal.tailer import Offset


class DbOffsets:
    """`OffsetStore` on the `log_offset` table (for `FileTailer`); thread-safe.
    `db`: the process's connection owner, or a DSN (then it owns one connection)."""

    def __init__(self, db: "str | Owner") -> None:
        self._owns_db = isinstance(db, str)
        self.db = Single(db) if isinstance(db, str) else db
        self.dsn = self.db.dsn
        self._lock = threading.Lock()

    def load(self, source: str) -> Offset | None:
        with self._lock, self.db.connection(autocommit=True) as conn:
            row = conn.execute(sql("load_offset"), {"source": source}).fetchone()
        if row is None:
            return None
        path, inode, device, offset, head = row
        return Offset(path, inode, device, offset, bytes(head or b""))

    def save(self, source: str, off: Offset) -> None:
        with self._lock, self.db.connection(autocommit=True) as conn:
            conn.execute(sql("save_offset"), {"source": source, "path": off.path, "inode": off.inode,
                                              "device": off.device, "offset": off.offset, "head": off.head})

    def close(self) -> None:
        if self._owns_db:
            self.db.close()
